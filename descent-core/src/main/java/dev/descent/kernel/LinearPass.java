package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The fused linear pass over a whole data set, on several cores: {@link LinearKernel} over double
 * features, or {@link FloatKernel} over features stored as floats.
 *
 * <p>The rows are cut into blocks whose number depends only on the data's shape, never on the
 * number of threads; threads claim blocks one at a time (so a core busy with other work just
 * claims fewer), each block's sums go into its own slot, and the slots are added in block order.
 * So the result is the same to the last bit whatever the number of threads and whoever ran which
 * block. After construction a pass allocates nothing.
 */
public final class LinearPass implements FusedPass {
    /** Values per block below which a block would cost more to hand out than to compute. */
    private static final int MIN_BLOCK_VALUES = 1 << 16;
    private static final int MAX_BLOCKS = 256;

    private final Rows rows;
    private final int n;
    private final int p;
    /** Doubles from one block's gradient slot to the next: p rounded up to a 64-byte cache line, so threads never share one. */
    private final int stride;
    private final int blocks;
    private final int rowsPerBlock;
    private final double[] partialGradients;
    private final CompensatedSum[] partialLosses;
    private final CompensatedSum total = new CompensatedSum();
    private final IntConsumer block = this::block;
    private int threads = Integer.MAX_VALUE;

    // The job in hand, read by every worker.
    private double[] parameters;
    private ScalarLoss loss;
    private boolean withGradient;

    /** The features in their storage, and the fused kernel over rows {@code from..to} of them. */
    @FunctionalInterface
    private interface Rows {
        void accumulate(int from, int to, double[] parameters, ScalarLoss loss, double[] gradient, int offset,
                        CompensatedSum sum);
    }

    /**
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether the parameters end with a bias
     */
    public LinearPass(double[] x, double[] y, int d, boolean intercept) {
        this(x.length, y.length, d, intercept, (from, to, parameters, loss, gradient, offset, sum) ->
                LinearKernel.accumulate(x, y, null, from, to, d, parameters, intercept, loss, gradient, offset, sum));
    }

    /**
     * The same pass over features stored as floats: each value is widened to double as it is read,
     * so the result has the bits of the double pass over the widened features, in half the bytes.
     *
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether the parameters end with a bias
     */
    public LinearPass(float[] x, double[] y, int d, boolean intercept) {
        this(x.length, y.length, d, intercept, (from, to, parameters, loss, gradient, offset, sum) ->
                FloatKernel.accumulate(x, y, from, to, d, parameters, intercept, loss, gradient, offset, sum));
    }

    private LinearPass(int values, int n, int d, boolean intercept, Rows rows) {
        if (d < 1 || values != (long) n * d) {
            throw new IllegalArgumentException("features hold " + values + " values, expected " + n + " x " + d);
        }
        this.rows = rows;
        this.n = n;
        this.p = d + (intercept ? 1 : 0);
        this.blocks = (int) Math.max(1, Math.min(MAX_BLOCKS, (long) n * d / MIN_BLOCK_VALUES));
        this.rowsPerBlock = (n + blocks - 1) / blocks;
        this.stride = (p + 7) & ~7;
        this.partialGradients = new double[blocks * stride];
        this.partialLosses = new CompensatedSum[blocks];
        Arrays.setAll(partialLosses, b -> new CompensatedSum());
    }

    /** Uses at most {@code threads} threads (the results do not depend on it). */
    public LinearPass threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    @Override
    public synchronized double lossAndGradient(double[] parameters, ScalarLoss loss, double[] gradient) {
        check(parameters);
        if (gradient.length != p) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + p);
        }
        run(parameters, loss, true);
        Arrays.fill(gradient, 0);
        for (int b = 0; b < blocks; b++) {
            for (int k = 0, at = b * stride; k < p; k++, at++) {
                gradient[k] += partialGradients[at];
            }
        }
        return totalLoss();
    }

    @Override
    public synchronized double loss(double[] parameters, ScalarLoss loss) {
        check(parameters);
        run(parameters, loss, false);
        return totalLoss();
    }

    private void run(double[] parameters, ScalarLoss loss, boolean withGradient) {
        this.parameters = parameters;
        this.loss = loss;
        this.withGradient = withGradient;
        Workers.forEachBlock(blocks, threads, block);
        this.parameters = null;
        this.loss = null;
    }

    private void block(int b) {
        int from = b * rowsPerBlock;
        int to = Math.min(n, from + rowsPerBlock);
        CompensatedSum sum = partialLosses[b];
        sum.reset();
        rows.accumulate(from, to, parameters, loss, withGradient ? partialGradients : null, b * stride, sum);
    }

    private double totalLoss() {
        total.reset();
        for (CompensatedSum block : partialLosses) {
            total.add(block);
        }
        return total.value();
    }

    private void check(double[] parameters) {
        if (parameters.length != p) {
            throw new IllegalArgumentException("expected " + p + " parameters, got " + parameters.length);
        }
    }
}
