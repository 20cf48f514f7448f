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

    /** Rows per run: about 16 KB of features (eight rows at least), which stay in the L1 cache through the run's loops. */
    private static final int RUN_VALUES = 2048;
    /** Weights of one for the column sums of a run. */
    private static final double[] ONES = filledWithOnes(RUN_VALUES);

    private final DoubleRows rows;
    private final double[] y;
    private final int d;
    private final int p;
    private final boolean intercept;
    private final int blocks;
    private final int run;
    /** Block b holds rows {@code cuts[b] .. cuts[b + 1]}. */
    private final int[] cuts;
    /**
     * Per block: the upper triangle of X^T X (row-major d x d), X^T y, the column sums of X, the sum of y;
     * rounded up to a cache line.
     */
    private final int stride;
    private final double[] slots;
    private final IntConsumer block = this::block;

    /**
     * @param x         row-major n x d features
     * @param y         n targets
     * @param intercept whether to append a column of ones
     */
    public GramPass(double[] x, double[] y, int d, boolean intercept) {
        this(x, y, d, intercept, DenseKernel.chosen());
    }

    /** As {@link #GramPass(double[], double[], int, boolean)}, with the loops of {@code kernel}. */
    public GramPass(double[] x, double[] y, int d, boolean intercept, DenseKernel kernel) {
        if (d < 1 || x.length != (long) y.length * d) {
            throw new IllegalArgumentException("features hold " + x.length + " values, expected " + y.length + " x " + d);
        }
        this.rows = kernel.over(x, d);
        this.y = y;
        this.d = d;
        this.p = d + (intercept ? 1 : 0);
        this.intercept = intercept;
        if ((long) p * p + p > MAX_SLOT_DOUBLES) {
            throw new IllegalArgumentException(p + " parameters make " + p + " x " + p + " normal equations: too many to"
                    + " hold; solve by QR or train");
        }
        this.stride = (d * d + 2 * d + 1 + 7) & ~7;
        long byShape = (long) y.length * d * p / MIN_BLOCK_VALUES;
        this.blocks = (int) Math.max(1, Math.min(Math.min(MAX_BLOCKS, byShape), MAX_SLOT_DOUBLES / stride));
        this.run = Math.max(8, RUN_VALUES / d);
        this.cuts = Workers.evenCuts(y.length, blocks);
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
            int momentsAt = at + d * d;
            int sumsAt = momentsAt + d;
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    gram[i * p + j] += slots[at + i * d + j];
                }
                moments[i] += slots[momentsAt + i];
                if (intercept) {
                    gram[i * p + d] += slots[sumsAt + i];
                }
            }
            if (intercept) {
                moments[d] += slots[sumsAt + d];
            }
        }
        if (intercept) {
            gram[d * p + d] = y.length; // the ones column with itself: exactly the row count
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                gram[i * p + j] = gram[j * p + i];
            }
        }
        return new Normal(gram, moments, p);
    }

    /**
     * One block's sums, run by run: the products, then X^T y and the column sums, which are the gradient
     * loop's weighted row sums with the targets and with ones as the weights.
     */
    private void block(int b) {
        int at = b * stride;
        int momentsAt = at + d * d;
        int sumsAt = momentsAt + d;
        Arrays.fill(slots, at, at + stride, 0);
        double[] targets = new double[run]; // one small buffer per block and solve, not per run
        double targetSum = 0;
        for (int start = cuts[b]; start < cuts[b + 1]; start += run) {
            int end = Math.min(cuts[b + 1], start + run);
            rows.addProducts(start, end, slots, at, d);
            System.arraycopy(y, start, targets, 0, end - start);
            rows.addGradient(start, end, targets, slots, momentsAt);
            if (intercept) {
                rows.addGradient(start, end, ONES, slots, sumsAt);
                for (int k = start; k < end; k++) {
                    targetSum += y[k];
                }
            }
        }
        slots[sumsAt + d] = targetSum;
    }

    private static double[] filledWithOnes(int length) {
        double[] ones = new double[length];
        Arrays.fill(ones, 1);
        return ones;
    }
}
