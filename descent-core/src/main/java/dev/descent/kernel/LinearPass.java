package dev.descent.kernel;

/**
 * The fused linear pass over dense rows: {@link LinearKernel} over double features, or
 * {@link FloatKernel} over features stored as floats, in blocks of equal numbers of rows.
 */
public final class LinearPass extends FusedPass {
    /** Values per block below which a block would cost more to hand out than to compute. */
    private static final int MIN_BLOCK_VALUES = 1 << 16;
    private static final int MAX_BLOCKS = 256;

    /**
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether the parameters end with a bias
     */
    public LinearPass(double[] x, double[] y, int d, boolean intercept) {
        super(d + (intercept ? 1 : 0), blocks(x.length, y.length, d), (from, to, parameters, loss, gradient, offset, sum) ->
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
        super(d + (intercept ? 1 : 0), blocks(x.length, y.length, d), (from, to, parameters, loss, gradient, offset, sum) ->
                FloatKernel.accumulate(x, y, from, to, d, parameters, intercept, loss, gradient, offset, sum));
    }

    /** Blocks whose number depends only on the shape: enough values each to be worth handing out. */
    private static int[] blocks(int values, int n, int d) {
        if (d < 1 || values != (long) n * d) {
            throw new IllegalArgumentException("features hold " + values + " values, expected " + n + " x " + d);
        }
        return Workers.evenCuts(n, (int) Math.max(1, Math.min(MAX_BLOCKS, (long) n * d / MIN_BLOCK_VALUES)));
    }

    @Override
    public LinearPass threads(int threads) {
        super.threads(threads);
        return this;
    }
}
