package dev.descent.kernel;

/**
 * The two loops of the dense linear pass that read the features, bound to one row-major array of
 * rows with d features: the rows' predictions, and the rows weighted by their residuals summed into
 * the gradient. {@link LinearKernel} runs them over short runs of rows, which stay in the L1 cache
 * from the first loop to the second, and does everything else (loss, residuals, bias) itself once
 * for every kind of storage and loop.
 */
public interface RowLoops {
    /** The rows, n. */
    int rowCount();

    /** The features per row, d. */
    int featureCount();

    /** {@code out[k - from] = w[0..d) . x_k} for each row k in {@code from..to} (no bias). */
    void predict(int from, int to, double[] w, double[] out);

    /** {@code gradient[offset + j] += r[k - from] * x_kj} for each row k in {@code from..to}, the rows added in order. */
    void addGradient(int from, int to, double[] r, double[] gradient, int offset);

    /**
     * The loops to run a block of {@code rows} rows with: these, or for loops that switch from one kernel to another,
     * the kernel's loops in use now. A pass asks once a block and calls them straight for every run in it.
     */
    default RowLoops forBlock(int rows) {
        return this;
    }
}
