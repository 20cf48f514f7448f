package dev.descent.train;

/** Told about every epoch as training runs: a progress display, a history file, a live chart. */
@FunctionalInterface
public interface TrainingListener {
    /** Listens to nothing; training then skips making the events. */
    TrainingListener NONE = event -> { };

    void onEpoch(EpochEvent event);
}
