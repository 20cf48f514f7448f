package dev.descent.cli;

import dev.descent.loss.Loss;

/** The values of {@code --loss} for the commands about the lesson's squared error. */
enum SquaredLossOption {
    mse, sse;

    final Loss loss = LossOption.valueOf(name()).loss(1, 0.5);
    final String label = LossOption.valueOf(name()).label;
}
