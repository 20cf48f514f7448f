package dev.descent.kernel;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * One pass over a data set that accumulates the normal equations' {@code A^T A} and {@code A^T y},
 * where A is the features with a column of ones appended when there is an intercept.
 *
 * <p>A pass costs about {@code p / 4} gradient epochs (p^2 / 2 products per row against 2p), so for
 * few parameters it reaches the least-squares optimum sooner than any iteration can. As in
 * {@link LinearPass}, the rows are cut into blocks fixed by the data's shape, threads claim blocks,
 * each block sums into its own slot, and the slots are added in block order: the bits do not
 * depend on the number of threads.
 */
public final class GramPass {
    private static final int MIN_BLOCK_VALUES = 1 << 16;
    private static final int MAX_BLOCKS = 64;
    /** The slots together stay under this many doubles (32 MB), however many parameters there are. */
    private static final long MAX_SLOT_DOUBLES = 1 << 22;

    private final double[] x;
    private final double[] y;
    private final int n;
    private final int d;
    private final int p;
    private final boolean intercept;
    private final int blocks;
    /** Block b holds rows {@code cuts[b] .. cuts[b + 1]}. */
    private final int[] cuts;
    /** Per block: the upper triangle of A^T A (row-major p x p), then A^T y; rounded up to a cache line. */
    private final int stride;
    private final double[] slots;
    private final IntConsumer block = this::block;

    /**
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether to append a column of ones
     */
    public GramPass(double[] x, double[] y, int d, boolean intercept) {
        if (d < 1 || x.length != (long) y.length * d) {
            throw new IllegalArgumentException("features hold " + x.length + " values, expected " + y.length + " x " + d);
        }
        this.x = x;
        this.y = y;
        this.n = y.length;
        this.d = d;
        this.p = d + (intercept ? 1 : 0);
        this.intercept = intercept;
        if ((long) p * p + p > MAX_SLOT_DOUBLES) {
            throw new IllegalArgumentException(p + " parameters make " + p + " x " + p + " normal equations: too many to"
                    + " hold; solve by QR or train");
        }
        this.stride = (p * p + p + 7) & ~7;
        long byShape = (long) n * d * p / MIN_BLOCK_VALUES;
        this.blocks = (int) Math.max(1, Math.min(Math.min(MAX_BLOCKS, byShape), MAX_SLOT_DOUBLES / stride));
        this.cuts = Workers.evenCuts(n, blocks);
        this.slots = new double[blocks * stride];
    }

    /** The normal equations of a pass over the data. */
    public record Normal(double[] gram, double[] moments, int parameters) {
        /** {@code (A^T A)[i][j]}. */
        public double gram(int i, int j) {
            return gram[i * parameters + j];
        }
    }

    /** {@code A^T A} (full, symmetric) and {@code A^T y}, on at most {@code threads} threads. */
    public Normal compute(int threads) {
        Workers.forEachBlock(blocks, threads, block);
        double[] gram = new double[p * p];
        double[] moments = new double[p];
        for (int b = 0; b < blocks; b++) {
            int at = b * stride;
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++) {
                    gram[i * p + j] += slots[at + i * p + j];
                }
                moments[i] += slots[at + p * p + i];
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                gram[i * p + j] = gram[j * p + i];
            }
        }
        return new Normal(gram, moments, p);
    }

    private void block(int b) {
        int from = cuts[b];
        int to = cuts[b + 1];
        int g = b * stride;
        Arrays.fill(slots, g, g + stride, 0);
        // A method call per eight rows, not one loop over the block: the JIT compiles a small method that is called
        // often within milliseconds, and its loops end on every call. A block-long loop was compiled while running
        // (on-stack replacement) before it had ever ended; its first end threw the compiled code away, and a fresh
        // JVM ran the pass slowly again until it was recompiled.
        int k = from;
        for (; k + 7 < to; k += 8) {
            addEightRows(k, g);
        }
        for (; k < to; k++) {
            addRow(k, g);
        }
        if (intercept) {
            slots[g + d * p + d] = to - from; // the ones column with itself: exactly the row count
        }
    }

    /**
     * Rows {@code k .. k + 8} into the slot at {@code g}: each entry of the slot is loaded and stored once per eight
     * rows, not per row, and the eight products of an entry are independent, so the CPU overlaps them.
     */
    private void addEightRows(int k, int g) {
        int m = g + p * p;
        int r0 = k * d;
        for (int i = 0; i < d; i++) {
            double a0 = x[r0 + i];
            double a1 = x[r0 + d + i];
            double a2 = x[r0 + 2 * d + i];
            double a3 = x[r0 + 3 * d + i];
            double a4 = x[r0 + 4 * d + i];
            double a5 = x[r0 + 5 * d + i];
            double a6 = x[r0 + 6 * d + i];
            double a7 = x[r0 + 7 * d + i];
            int row = g + i * p;
            for (int j = i; j < d; j++) {
                int c = r0 + j;
                slots[row + j] += ((a0 * x[c] + a1 * x[c + d]) + (a2 * x[c + 2 * d] + a3 * x[c + 3 * d]))
                        + ((a4 * x[c + 4 * d] + a5 * x[c + 5 * d]) + (a6 * x[c + 6 * d] + a7 * x[c + 7 * d]));
            }
            if (intercept) {
                slots[row + d] += ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
            }
            slots[m + i] += ((a0 * y[k] + a1 * y[k + 1]) + (a2 * y[k + 2] + a3 * y[k + 3]))
                    + ((a4 * y[k + 4] + a5 * y[k + 5]) + (a6 * y[k + 6] + a7 * y[k + 7]));
        }
        if (intercept) {
            slots[m + d] += ((y[k] + y[k + 1]) + (y[k + 2] + y[k + 3])) + ((y[k + 4] + y[k + 5]) + (y[k + 6] + y[k + 7]));
        }
    }

    /** Row {@code k} alone into the slot at {@code g}. */
    private void addRow(int k, int g) {
        int m = g + p * p;
        int r = k * d;
        double yk = y[k];
        for (int i = 0; i < d; i++) {
            double a = x[r + i];
            int row = g + i * p;
            for (int j = i; j < d; j++) {
                slots[row + j] += a * x[r + j];
            }
            if (intercept) {
                slots[row + d] += a;
            }
            slots[m + i] += a * yk;
        }
        if (intercept) {
            slots[m + d] += yk;
        }
    }
}
