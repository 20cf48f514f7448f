package dev.descent.train;

/** Told about every epoch as training runs: a progress display, a history file, a live chart. */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochEvent event);
}
