package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import dev.descent.loss.SquaredError;
import java.util.SplittableRandom;

/**
 * Runs the plain-Java loops of the dense passes over a small made-up data set of doubles, on a thread of its own,
 * while the caller reads a large data set: by the time the data are in, the JIT has compiled (or is compiling) the loops that
 * the first passes run. In a fresh JVM the loops start interpreted and C2 compiles them only after thousands of
 * calls: the first gradient pass over 1M x 32 took 70-110 ms, where a compiled one takes about 20 (plain Java), and
 * the first pass forming the normal equations 140-190 ms against 70-90 after this (130-165 ms of one core).
 *
 * <p>The Vector API's loops are not warmed here but by {@link WarmingKernel}, which a caller may start beside this
 * when many passes will follow: compiling them takes the JIT longer than reading such a file does, and they would hold
 * up the plain loops' compiles where only a few passes follow (the normal equations took 1.4 times as long). The
 * made-up rows are of other widths than the real ones, which the loops' shape allows: the gradient pass's and
 * {@link GramPass}'s tiles ran as fast after this as compiled on the real rows (an earlier Gram pass, whose inner
 * loops ran as long as a row, ran a quarter slower).
 */
public final class PassWarmUp {
    /**
     * Widths that take every way through the loops: every number (0 to 3) of features past the last whole group of
     * four, in long rows and short ones, and rows of fewer than four features, whose loops go their own way. The JIT
     * compiles only the branches it has seen taken: warmed up on 37 and 6 features alone, a fit of the normal
     * equations on 32 trained in 0.15-0.25 s against 0.11-0.13.
     */
    private static final int[] WIDTHS = {37, 8, 6, 3};
    /** Rows of the made-up data: groups of four and a ragged tail. */
    private static final int ROWS = 203;
    /**
     * Passes over each width, with and without a bias: thousands of calls of each loop (a run of rows per call). With
     * half as many (80-100 ms in all), C2 had compiled only the loops' inner loops (on-stack replacement) when the real
     * passes began, not the methods they call for each run or panel.
     */
    private static final int PASSES = 600;
    /** One pass forming {@code A^T A} every this many gradient passes. */
    private static final int GRAM_EVERY = 2;

    private PassWarmUp() {
    }

    /**
     * Starts the warm-up on a daemon thread and returns at once.
     *
     * @param loss the loss the passes will take, over features held as doubles
     */
    public static void start(ScalarLoss loss) {
        Thread thread = new Thread(() -> run(loss), "descent-pass-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The warm-up's passes, on this thread. */
    static void run(ScalarLoss loss) {
        SplittableRandom random = new SplittableRandom(5);
        for (int d : WIDTHS) {
            double[] x = random.doubles((long) ROWS * d, -1, 1).toArray();
            double[] y = random.doubles(ROWS, -1, 1).toArray();
            for (boolean intercept : new boolean[] {true, false}) {
                FusedPass pass = new LinearPass(x, y, d, intercept, DenseKernel.plain()).threads(1);
                double[] parameters = random.doubles(d + (intercept ? 1 : 0), -1, 1).toArray();
                double[] gradient = new double[parameters.length];
                // Squared error has an optimum, found through the normal equations (as the fit, or beside training).
                GramPass gram = loss instanceof SquaredError ? new GramPass(x, y, d, intercept) : null;
                for (int k = 0; k < PASSES; k++) {
                    pass.lossAndGradient(parameters, loss, gradient);
                    if (gram != null && k % GRAM_EVERY == 0) {
                        gram.compute(1);
                    }
                }
            }
        }
    }
}
