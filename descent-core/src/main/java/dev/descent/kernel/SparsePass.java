package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The fused linear pass of {@link SparseKernel} over every row of a sparse data set, on several
 * cores, with {@link LinearPass}'s guarantee: the same bits whatever the number of threads.
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
public final class SparsePass implements FusedPass {
    static final int SLOT_RATIO = 8;
    static final int MIN_BLOCK_NONZEROS = 1 << 16;
    static final int MAX_BLOCKS = 64;

    private final int[] rowStarts;
    private final int[] columns;
    private final double[] values;
    private final double[] y;
    private final int p;
    /** Doubles from one block's gradient slot to the next: p rounded up to a 64-byte cache line. */
    private final int stride;
    private final boolean intercept;
    /** Block b holds rows {@code blockStarts[b] .. blockStarts[b + 1]}. */
    private final int[] blockStarts;
    private final double[] partialGradients;
    private final CompensatedSum[] partialLosses;
    private final CompensatedSum total = new CompensatedSum();
    private final IntConsumer block = this::block;
    private int threads = Integer.MAX_VALUE;

    // The job in hand, read by every worker.
    private double[] parameters;
    private ScalarLoss loss;
    private boolean withGradient;

    /**
     * @param rowStarts n + 1 offsets: row i's non-zeros are at {@code rowStarts[i] .. rowStarts[i + 1]}
     * @param columns   each non-zero's column, 0-based, below d
     * @param values    each non-zero's value
     * @param y         n targets
     * @param d         the number of features
     * @param intercept whether the parameters end with a bias
     */
    public SparsePass(int[] rowStarts, int[] columns, double[] values, double[] y, int d, boolean intercept) {
        int n = y.length;
        if (d < 1 || rowStarts.length != n + 1 || columns.length != values.length || rowStarts[n] != values.length) {
            throw new IllegalArgumentException("inconsistent sparse rows: " + rowStarts.length + " row starts for " + n
                    + " rows, " + columns.length + " columns and " + values.length + " values");
        }
        this.rowStarts = rowStarts;
        this.columns = columns;
        this.values = values;
        this.y = y;
        this.p = d + (intercept ? 1 : 0);
        this.intercept = intercept;
        long nonZeros = values.length;
        int blocks = (int) Math.max(1, Math.min(MAX_BLOCKS,
                Math.min(nonZeros / MIN_BLOCK_NONZEROS, nonZeros / ((long) SLOT_RATIO * p))));
        this.blockStarts = cut(rowStarts, blocks);
        this.stride = (p + 7) & ~7;
        this.partialGradients = new double[blocks * stride];
        this.partialLosses = new CompensatedSum[blocks];
        Arrays.setAll(partialLosses, b -> new CompensatedSum());
    }

    /** Row boundaries that give each of {@code blocks} blocks about the same number of non-zeros. */
    private static int[] cut(int[] rowStarts, int blocks) {
        int n = rowStarts.length - 1;
        long nonZeros = rowStarts[n];
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

    /** Uses at most {@code threads} threads (the results do not depend on it). */
    public SparsePass threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** The number of blocks the rows are cut into (fixed by the data's shape). */
    int blocks() {
        return partialLosses.length;
    }

    @Override
    public synchronized double lossAndGradient(double[] parameters, ScalarLoss loss, double[] gradient) {
        check(parameters);
        if (gradient.length != p) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + p);
        }
        run(parameters, loss, true);
        Arrays.fill(gradient, 0);
        for (int b = 0; b < blocks(); b++) {
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
        Workers.forEachBlock(blocks(), threads, block);
        this.parameters = null;
        this.loss = null;
    }

    private void block(int b) {
        CompensatedSum sum = partialLosses[b];
        sum.reset();
        SparseKernel.accumulate(rowStarts, columns, values, y, null, blockStarts[b], blockStarts[b + 1], parameters,
                intercept, loss, withGradient ? partialGradients : null, b * stride, sum);
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
