package dev.descent.cli;

import dev.descent.train.Shuffle;

/** The values of {@code --shuffle}, as the command line spells them. */
enum ShuffleOption {
    batches(Shuffle.BATCHES), rows(Shuffle.ROWS), none(Shuffle.NONE);

    final Shuffle mode;

    ShuffleOption(Shuffle mode) {
        this.mode = mode;
    }
}
