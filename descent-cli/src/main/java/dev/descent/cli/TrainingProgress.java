package dev.descent.cli;

import dev.descent.train.EpochEvent;
import dev.descent.train.TrainingListener;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr for training that runs longer than about a second, with the loss
 * beside it; it clears itself when training ends. Silent when the program is not attached to a terminal (redirected or in a script),
 * so logs and pipes get no control characters.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private static final long DELAY_NANOS = 1_000_000_000L;

    private final int maxEpochs;
    private final long start = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;

    TrainingProgress(int maxEpochs) {
        this.maxEpochs = maxEpochs;
    }

    @Override
    public void onEpoch(EpochEvent event) {
        if (!terminal) {
            return;
        }
        if (bar == null) {
            if (System.nanoTime() - start < DELAY_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName("Training").setInitialMax(maxEpochs).setUnit(" epochs", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200)
                    .clearDisplayOnFinish().build(); // the summary that follows says where training ended
        }
        bar.stepTo(event.epoch());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.6g", event.loss()));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
