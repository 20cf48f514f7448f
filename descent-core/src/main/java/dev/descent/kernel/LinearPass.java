package dev.descent.kernel;

/**
 * The fused linear pass over dense rows, stored as doubles or as floats, in blocks of equal numbers
 * of rows, with the loops of a {@link DenseKernel} ({@link DenseKernel#chosen()} unless given one).
 */
public final class LinearPass extends FusedPass {
    /** Values per block below which a block would cost more to hand out than to compute. */
    private static final int MIN_BLOCK_VALUES = 1 << 16;
    private static final int MAX_BLOCKS = 256;
    /**
     * Values per block of a mini-batch (256 KB of doubles), whole blocks only: a batch of fewer than twice as many
     * (up to 2,047 rows of 32 features) runs on the calling thread. Handing a batch of 256 rows of 32 features to two
     * threads gained nothing measurable: each half still waits for its rows to come from memory, and a batch is
     * handed out thousands of times an epoch.
     */
    private static final int MIN_BATCH_BLOCK_VALUES = 1 << 15;
    private static final int MAX_BATCH_BLOCKS = 8;

    /**
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether the parameters end with a bias
     */
    public LinearPass(double[] x, double[] y, int d, boolean intercept) {
        this(x, y, d, intercept, DenseKernel.chosen());
    }

    /** As {@link #LinearPass(double[], double[], int, boolean)}, with the loops of {@code kernel}. */
    public LinearPass(double[] x, double[] y, int d, boolean intercept, DenseKernel kernel) {
        this(kernel.over(x, checked(x.length, y.length, d)), y, intercept);
    }

    /**
     * The same pass over features stored as floats: each value is widened to double as it is read,
     * so the result is the double pass's over the widened features, from half the bytes.
     *
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether the parameters end with a bias
     */
    public LinearPass(float[] x, double[] y, int d, boolean intercept) {
        this(x, y, d, intercept, DenseKernel.chosen());
    }

    /** As {@link #LinearPass(float[], double[], int, boolean)}, with the loops of {@code kernel}. */
    public LinearPass(float[] x, double[] y, int d, boolean intercept, DenseKernel kernel) {
        this(kernel.over(x, checked(x.length, y.length, d)), y, intercept);
    }

    /** The pass over the rows that {@code rows}, a kernel's loops made by the caller, read. */
    public LinearPass(RowLoops rows, double[] y, boolean intercept) {
        super(rows.featureCount() + (intercept ? 1 : 0), blocks(rows, y.length),
                batchRows -> (int) Math.max(1, Math.min(MAX_BATCH_BLOCKS,
                        (long) batchRows * rows.featureCount() / MIN_BATCH_BLOCK_VALUES)),
                (order, from, to, parameters, loss, gradient, offset, sum) -> LinearKernel.accumulate(rows, y, order, from,
                        to, rows.featureCount(), parameters, intercept, loss, gradient, offset, sum));
    }

    /** {@code d}, once it is a shape that {@code values} features and {@code n} targets make. */
    private static int checked(int values, int n, int d) {
        if (d < 1 || values != (long) n * d) {
            throw new IllegalArgumentException("features hold " + values + " values, expected " + n + " x " + d);
        }
        return d;
    }

    /** Blocks whose number depends only on the shape: enough values each to be worth handing out. */
    private static int[] blocks(RowLoops rows, int n) {
        if (rows.rowCount() != n) {
            throw new IllegalArgumentException(rows.rowCount() + " rows but " + n + " targets");
        }
        long values = (long) n * rows.featureCount();
        return Workers.evenCuts(n, (int) Math.max(1, Math.min(MAX_BLOCKS, values / MIN_BLOCK_VALUES)));
    }

    @Override
    public LinearPass threads(int threads) {
        super.threads(threads);
        return this;
    }
}
