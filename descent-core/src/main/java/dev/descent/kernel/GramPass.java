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
 *
 * <p>Within a block, each entry of the slot is the sum of its products over the block's rows, one
 * row after another. The rows go in panels that stay in the L1 cache, and each panel in tiles of 4 x 4
 * entries summed in registers: a row's eight features serve sixteen products (at 1M x 32 with a
 * bias, 63-68 ms a pass against 83-100 for eight rows at a time, each entry loaded and stored per
 * eight rows; at 4M x 8, 28 ms against 74).
 */
public final class GramPass {
    private static final int MIN_BLOCK_VALUES = 1 << 16;
    /** Rows a tile takes at a time: the two lines of each of 128 rows that a tile reads (16 KB) stay in the L1 cache. */
    private static final int PANEL = 128;
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
        for (int k0 = from; k0 < to; k0 += PANEL) {
            addPanel(k0, Math.min(to, k0 + PANEL), g);
        }
        if (intercept) {
            slots[g + d * p + d] = to - from; // the ones column with itself: exactly the row count
        }
    }

    /**
     * Rows {@code k0 .. k1}, a panel, into the slot at {@code g}: tile after tile, then what the tiles leave. A method a
     * panel, so that a pass's first blocks run it compiled: a warm-up on a few rows calls it often enough for that, and
     * a block calls it dozens of times.
     */
    private void addPanel(int k0, int k1, int g) {
        int whole = d & -4;
        for (int i0 = 0; i0 < whole; i0 += 4) {
            for (int j0 = i0; j0 < whole; j0 += 4) {
                addTile(x, d, k0, k1, i0, j0, slots, g + i0 * p + j0, p);
            }
            for (int j = whole; j < d; j++) {
                addColumn(x, d, k0, k1, i0, j, slots, g + i0 * p + j, p);
            }
            addSumsAndMoments(x, y, d, k0, k1, i0, slots, g + i0 * p + d, g + p * p + i0, p, intercept);
        }
        addCorner(x, y, d, k0, k1, whole, slots, g, p, intercept);
    }

    /**
     * Rows {@code k0 .. k1} into the 4 x 4 entries of {@code A^T A} at features {@code i0.., j0..}, the first at
     * {@code slots[at]} and each next row of the tile {@code p} further: sixteen sums held in registers over the rows,
     * from the eight features each row loads, so that every feature loaded serves four products. A tile on the diagonal
     * also sums the six entries below it, which nothing reads.
     *
     * <p>A method a tile and a panel of rows: the JIT compiles a small method called often within milliseconds, and
     * its loop ends on every call. Static, with the arrays as arguments: as an instance method reading the fields, the
     * pass ran 40% slower (87-100 ms at 1M x 32 against 63-68).
     */
    private static void addTile(double[] x, int d, int k0, int k1, int i0, int j0, double[] slots, int at, int p) {
        int at1 = at + p;
        int at2 = at1 + p;
        int at3 = at2 + p;
        double c00 = slots[at];
        double c01 = slots[at + 1];
        double c02 = slots[at + 2];
        double c03 = slots[at + 3];
        double c10 = slots[at1];
        double c11 = slots[at1 + 1];
        double c12 = slots[at1 + 2];
        double c13 = slots[at1 + 3];
        double c20 = slots[at2];
        double c21 = slots[at2 + 1];
        double c22 = slots[at2 + 2];
        double c23 = slots[at2 + 3];
        double c30 = slots[at3];
        double c31 = slots[at3 + 1];
        double c32 = slots[at3 + 2];
        double c33 = slots[at3 + 3];
        for (int k = k0; k < k1; k++) {
            int r = k * d;
            double a0 = x[r + i0];
            double a1 = x[r + i0 + 1];
            double a2 = x[r + i0 + 2];
            double a3 = x[r + i0 + 3];
            double b0 = x[r + j0];
            double b1 = x[r + j0 + 1];
            double b2 = x[r + j0 + 2];
            double b3 = x[r + j0 + 3];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        slots[at] = c00;
        slots[at + 1] = c01;
        slots[at + 2] = c02;
        slots[at + 3] = c03;
        slots[at1] = c10;
        slots[at1 + 1] = c11;
        slots[at1 + 2] = c12;
        slots[at1 + 3] = c13;
        slots[at2] = c20;
        slots[at2 + 1] = c21;
        slots[at2 + 2] = c22;
        slots[at2 + 3] = c23;
        slots[at3] = c30;
        slots[at3 + 1] = c31;
        slots[at3 + 2] = c32;
        slots[at3 + 3] = c33;
    }

    /**
     * Rows {@code k0 .. k1} into features {@code i0 .. i0 + 4}'s sums, their products with the ones (at {@code
     * slots[ones]} and each {@code p} further, when there is an {@code intercept}), and their entries of A^T y (at
     * {@code slots[m..]}). Static for the same reason as {@link #addTile}.
     */
    private static void addSumsAndMoments(double[] x, double[] y, int d, int k0, int k1, int i0, double[] slots, int ones,
                                          int m, int p, boolean intercept) {
        double s0 = intercept ? slots[ones] : 0;
        double s1 = intercept ? slots[ones + p] : 0;
        double s2 = intercept ? slots[ones + 2 * p] : 0;
        double s3 = intercept ? slots[ones + 3 * p] : 0;
        double m0 = slots[m];
        double m1 = slots[m + 1];
        double m2 = slots[m + 2];
        double m3 = slots[m + 3];
        for (int k = k0; k < k1; k++) {
            int r = k * d + i0;
            double a0 = x[r];
            double a1 = x[r + 1];
            double a2 = x[r + 2];
            double a3 = x[r + 3];
            double yk = y[k];
            s0 += a0;
            s1 += a1;
            s2 += a2;
            s3 += a3;
            m0 += a0 * yk;
            m1 += a1 * yk;
            m2 += a2 * yk;
            m3 += a3 * yk;
        }
        if (intercept) {
            slots[ones] = s0;
            slots[ones + p] = s1;
            slots[ones + 2 * p] = s2;
            slots[ones + 3 * p] = s3;
        }
        slots[m] = m0;
        slots[m + 1] = m1;
        slots[m + 2] = m2;
        slots[m + 3] = m3;
    }

    /**
     * Rows {@code k0 .. k1} into the entries of features {@code i0 .. i0 + 4} with feature {@code j}, one of the last
     * few past the last whole group of four: at {@code slots[at]} and each {@code p} further. Static for the same reason
     * as {@link #addTile}.
     */
    private static void addColumn(double[] x, int d, int k0, int k1, int i0, int j, double[] slots, int at, int p) {
        double c0 = slots[at];
        double c1 = slots[at + p];
        double c2 = slots[at + 2 * p];
        double c3 = slots[at + 3 * p];
        for (int k = k0; k < k1; k++) {
            int r = k * d;
            double b = x[r + j];
            c0 += x[r + i0] * b;
            c1 += x[r + i0 + 1] * b;
            c2 += x[r + i0 + 2] * b;
            c3 += x[r + i0 + 3] * b;
        }
        slots[at] = c0;
        slots[at + p] = c1;
        slots[at + 2 * p] = c2;
        slots[at + 3 * p] = c3;
    }

    /**
     * Rows {@code k0 .. k1} into what the groups of four leave: the entries among the last {@code d - whole} features
     * (at most three, all of them when d < 4), their sums and A^T y, and the targets' sum; every sum in a register
     * over the rows, those of features that are not there summing zeros that are never stored. Static for the same
     * reason as {@link #addTile}.
     */
    private static void addCorner(double[] x, double[] y, int d, int k0, int k1, int whole, double[] slots, int g, int p,
                                  boolean intercept) {
        int rest = d - whole;
        if (rest == 0 && !intercept) {
            return;
        }
        int a = g + whole * p + whole; // (whole, whole); feature whole + s with whole + t at a + s p + t
        int ones = g + whole * p + d; // feature whole + s with the ones at ones + s p
        int m = g + p * p; // A^T y; the targets' sum at m + d
        double c00 = rest > 0 ? slots[a] : 0;
        double c01 = rest > 1 ? slots[a + 1] : 0;
        double c02 = rest > 2 ? slots[a + 2] : 0;
        double c11 = rest > 1 ? slots[a + p + 1] : 0;
        double c12 = rest > 2 ? slots[a + p + 2] : 0;
        double c22 = rest > 2 ? slots[a + 2 * p + 2] : 0;
        double s0 = intercept && rest > 0 ? slots[ones] : 0;
        double s1 = intercept && rest > 1 ? slots[ones + p] : 0;
        double s2 = intercept && rest > 2 ? slots[ones + 2 * p] : 0;
        double m0 = rest > 0 ? slots[m + whole] : 0;
        double m1 = rest > 1 ? slots[m + whole + 1] : 0;
        double m2 = rest > 2 ? slots[m + whole + 2] : 0;
        double targets = intercept ? slots[m + d] : 0;
        for (int k = k0; k < k1; k++) {
            int r = k * d + whole;
            double b0 = rest > 0 ? x[r] : 0;
            double b1 = rest > 1 ? x[r + 1] : 0;
            double b2 = rest > 2 ? x[r + 2] : 0;
            double yk = y[k];
            c00 += b0 * b0;
            c01 += b0 * b1;
            c02 += b0 * b2;
            c11 += b1 * b1;
            c12 += b1 * b2;
            c22 += b2 * b2;
            s0 += b0;
            s1 += b1;
            s2 += b2;
            m0 += b0 * yk;
            m1 += b1 * yk;
            m2 += b2 * yk;
            targets += yk;
        }
        if (rest > 0) {
            slots[a] = c00;
            slots[m + whole] = m0;
        }
        if (rest > 1) {
            slots[a + 1] = c01;
            slots[a + p + 1] = c11;
            slots[m + whole + 1] = m1;
        }
        if (rest > 2) {
            slots[a + 2] = c02;
            slots[a + p + 2] = c12;
            slots[a + 2 * p + 2] = c22;
            slots[m + whole + 2] = m2;
        }
        if (intercept) {
            if (rest > 0) {
                slots[ones] = s0;
            }
            if (rest > 1) {
                slots[ones + p] = s1;
            }
            if (rest > 2) {
                slots[ones + 2 * p] = s2;
            }
            slots[m + d] = targets;
        }
    }
}
