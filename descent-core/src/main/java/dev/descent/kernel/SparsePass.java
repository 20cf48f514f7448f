package dev.descent.kernel;

/**
 * The fused linear pass of {@link SparseKernel} over every row of a sparse data set, on several
 * cores, with {@link FusedPass}'s guarantee: the same bits whatever the number of threads.
 *
 * <p>The rows are cut into blocks of about equal numbers of non-zeros, a cut that depends only on
 * the data; each block writes its gradient into its own dense slot of p doubles, and the slots are
 * added in block order. A pass therefore costs the non-zeros plus about 2 x blocks x p for clearing
 * and adding the slots. The number of blocks is the trade-off: more blocks share the work among
 * more cores, but each costs p. So a block holds at least {@value #SLOT_RATIO} x p non-zeros (the
 * slots then cost at most a quarter of the pass) and at least {@value #MIN_BLOCK_NONZEROS}, and
 * there are at most {@value #MAX_BLOCKS} blocks (which also bounds the slots' memory at 64 x p
 * doubles). A data set too small for two such blocks runs on one thread. After construction a
 * pass allocates nothing.
 */
public final class SparsePass extends FusedPass {
    static final int SLOT_RATIO = 8;
    static final int MIN_BLOCK_NONZEROS = 1 << 16;
    static final int MAX_BLOCKS = 64;

    /**
     * @param rowStarts n + 1 offsets: row i's non-zeros are at {@code rowStarts[i] .. rowStarts[i + 1]}
     * @param columns   each non-zero's column, 0-based, below d
     * @param values    each non-zero's value
     * @param y         n targets
     * @param d         the number of features
     * @param intercept whether the parameters end with a bias
     */
    public SparsePass(int[] rowStarts, int[] columns, double[] values, double[] y, int d, boolean intercept) {
        super(d + (intercept ? 1 : 0), blocks(rowStarts, columns, values, y, d, intercept),
                batchRows -> blockCount((long) batchRows * values.length / Math.max(1, y.length), d + (intercept ? 1 : 0)),
                (order, from, to, parameters, loss, gradient, offset, sum) -> SparseKernel.accumulate(rowStarts, columns,
                        values, y, order, from, to, parameters, intercept, loss, gradient, offset, sum));
    }

    /** Blocks for so many non-zeros, by the trade-off above; a mini-batch counts its rows' share of the non-zeros. */
    private static int blockCount(long nonZeros, int p) {
        return (int) Math.max(1, Math.min(MAX_BLOCKS, Math.min(nonZeros / MIN_BLOCK_NONZEROS, nonZeros / ((long) SLOT_RATIO * p))));
    }

    /** Row boundaries of blocks with about equal numbers of non-zeros, as many as the trade-off above allows. */
    private static int[] blocks(int[] rowStarts, int[] columns, double[] values, double[] y, int d, boolean intercept) {
        int n = y.length;
        int p = d + (intercept ? 1 : 0);
        if (d < 1 || rowStarts.length != n + 1 || columns.length != values.length || rowStarts[n] != values.length) {
            throw new IllegalArgumentException("inconsistent sparse rows: " + rowStarts.length + " row starts for " + n
                    + " rows, " + columns.length + " columns and " + values.length + " values");
        }
        long nonZeros = values.length;
        int blocks = blockCount(nonZeros, p);
        int[] starts = new int[blocks + 1];
        for (int b = 1; b < blocks; b++) {
            starts[b] = firstRowStartingAtOrAfter(rowStarts, nonZeros * b / blocks);
        }
        starts[blocks] = n;
        return starts;
    }

    /** The first r with {@code rowStarts[r] >= at}, by bisection (row starts never decrease). */
    private static int firstRowStartingAtOrAfter(int[] rowStarts, long at) {
        int low = 0;
        int high = rowStarts.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (rowStarts[middle] < at) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    @Override
    public SparsePass threads(int threads) {
        super.threads(threads);
        return this;
    }
}
