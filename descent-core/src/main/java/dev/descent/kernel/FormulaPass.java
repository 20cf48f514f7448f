package dev.descent.kernel;

import dev.descent.expr.Program;
import dev.descent.expr.Tape;
import dev.descent.loss.ScalarLoss;
import dev.descent.loss.SquaredError;

/**
 * The loss-and-gradient pass of a formula model over dense rows, on several cores: each block of
 * rows runs the compiled formula forward and backward ({@link Tape}) {@link Tape#ROWS} rows at a
 * time, on its thread's own tape. Blocks are cut and summed as in every {@link FusedPass}, so the
 * result is the same to the last bit for any number of threads.
 */
public final class FormulaPass extends FusedPass {
    /** Rows per block: a formula costs tens of nanoseconds a row, so fewer rows than a linear block are worth handing out. */
    private static final int MIN_BLOCK_ROWS = 4096;
    private static final int MAX_BLOCKS = 256;
    private static final int MAX_BATCH_BLOCKS = 8;

    private FormulaPass(int p, int n, Kernel kernel) {
        super(p, Workers.evenCuts(n, Math.max(1, Math.min(MAX_BLOCKS, n / MIN_BLOCK_ROWS))),
                rows -> Math.max(1, Math.min(MAX_BATCH_BLOCKS, rows / MIN_BLOCK_ROWS)), kernel);
    }

    /**
     * The pass of {@code program} over row-major {@code x} (n rows of {@code d} values, the program's columns) and
     * targets {@code y}.
     */
    public static FormulaPass over(Program program, double[] x, double[] y, int d) {
        if ((long) y.length * d != x.length) {
            throw new IllegalArgumentException("features hold " + x.length + " values, expected " + y.length + " x " + d);
        }
        ThreadLocal<Tape> tapes = ThreadLocal.withInitial(() -> new Tape(program));
        ThreadLocal<double[]> seeds = ThreadLocal.withInitial(() -> new double[Tape.ROWS]);
        return new FormulaPass(program.parameterCount(), y.length,
                (order, from, to, parameters, loss, gradient, offset, sum) -> {
                    Tape tape = tapes.get();
                    double[] seed = seeds.get();
                    tape.setParameters(parameters);
                    for (int start = from; start < to; start += Tape.ROWS) {
                        int end = Math.min(to, start + Tape.ROWS);
                        double[] predictions = tape.forward(x, d, order, start, end);
                        residuals(predictions, y, order, start, end, loss, seed, sum);
                        if (gradient != null) {
                            tape.backward(seed, end - start);
                        }
                    }
                    if (gradient != null) {
                        tape.gradient(gradient, offset);
                    }
                });
    }

    /**
     * Adds the rows' losses to {@code sum} and writes each row's {@code dL/dy_pred} into {@code seed}. Squared error,
     * the common case, is written out, four rows to an addition into the compensated sum, as the linear kernel does.
     */
    private static void residuals(double[] predictions, double[] y, int[] order, int from, int to, ScalarLoss loss,
                                  double[] seed, CompensatedSum sum) {
        int i = 0;
        if (loss instanceof SquaredError && order == null) {
            for (; i + 3 < to - from; i += 4) {
                double e0 = predictions[i] - y[from + i];
                double e1 = predictions[i + 1] - y[from + i + 1];
                double e2 = predictions[i + 2] - y[from + i + 2];
                double e3 = predictions[i + 3] - y[from + i + 3];
                sum.add((e0 * e0 + e1 * e1) + (e2 * e2 + e3 * e3)); // four non-negative terms lose nothing to speak of
                seed[i] = 2 * e0; // d/dy_pred (y_pred - y)^2
                seed[i + 1] = 2 * e1;
                seed[i + 2] = 2 * e2;
                seed[i + 3] = 2 * e3;
            }
        }
        for (; i < to - from; i++) {
            double target = y[order == null ? from + i : order[from + i]];
            sum.add(loss.value(predictions[i], target));
            seed[i] = loss.derivative(predictions[i], target);
        }
    }

    @Override
    public FormulaPass threads(int threads) {
        super.threads(threads);
        return this;
    }
}
