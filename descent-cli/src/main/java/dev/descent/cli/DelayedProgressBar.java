package dev.descent.cli;

import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr for a task that runs longer than about a second; it clears itself when
 * the task ends. Silent when the program is not attached to a terminal (redirected or in a
 * script), so logs and pipes get no control characters.
 */
final class DelayedProgressBar implements AutoCloseable {
    private static final long DELAY_NANOS = 1_000_000_000L;

    private final String task;
    private final String unit;
    private final long unitSize;
    private final long start = System.nanoTime();
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;

    /**
     * @param task     what the bar is for, such as "Training"
     * @param unit     the unit shown after the counts, such as " epochs"
     * @param unitSize how many steps make one unit
     */
    DelayedProgressBar(String task, String unit, long unitSize) {
        this.task = task;
        this.unit = unit;
        this.unitSize = unitSize;
    }

    /**
     * {@code done} of {@code total} steps are done; {@code message} (or null) gives the text shown beside
     * the bar, asked for only when there is a bar to show it.
     */
    void stepTo(long done, long total, Supplier<String> message) {
        if (!terminal) {
            return;
        }
        if (bar == null) {
            if (System.nanoTime() - start < DELAY_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, unitSize)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200)
                    .clearDisplayOnFinish().build(); // what follows says where the task ended
        }
        bar.stepTo(done);
        if (message != null) {
            bar.setExtraMessage(message.get());
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
