package dev.descent.cli;

import dev.descent.train.EpochEvent;
import dev.descent.train.TrainingListener;
import java.util.Locale;

/** A {@link DelayedProgressBar} of training's epochs, with the loss beside it. */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final int maxEpochs;
    private final DelayedProgressBar bar = new DelayedProgressBar("Training", " epochs", 1);

    TrainingProgress(int maxEpochs) {
        this.maxEpochs = maxEpochs;
    }

    @Override
    public void onEpoch(EpochEvent event) {
        bar.stepTo(event.epoch(), maxEpochs, () -> String.format(Locale.ROOT, "loss %.6g", event.loss()));
    }

    @Override
    public void close() {
        bar.close();
    }
}
