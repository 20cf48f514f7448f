package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

/**
 * The fused loss-and-gradient pass of a linear model over every row of a data set, on several
 * cores: dense ({@link LinearPass}) or sparse ({@link SparsePass}), which differ only in how the
 * rows are cut into blocks and in the kernel that runs over a block. Parameters are d weights, then
 * the bias when there is an intercept; results are sums over the rows, the caller applies the
 * reduction.
 *
 * <p>The cut depends only on the data, never on the number of threads; threads claim blocks one at
 * a time (so a core busy with other work just claims fewer), each block's sums go into its own slot,
 * and the slots are added in block order. So the result is the same to the last bit whatever the
 * number of threads and whoever ran which block. After construction a pass allocates nothing.
 *
 * <p>A mini-batch runs the same way: its rows are cut into as many equal blocks as its size calls
 * for ({@link #batchBlocks}, a rule of the data's shape, so again not of the threads), one block
 * when they are too few to be worth handing to another core. A batch of one block gives the bits of
 * the sequential kernel over its rows.
 */
public abstract class FusedPass {
    /**
     * The kernel over rows {@code order[from..to)} (rows {@code from..to} when {@code order} is null): gradient sum
     * into {@code gradient[offset..]} (unless null), losses into {@code sum}.
     */
    @FunctionalInterface
    interface Kernel {
        void accumulate(int[] order, int from, int to, double[] parameters, ScalarLoss loss, double[] gradient,
                        int offset, CompensatedSum sum);
    }

    private final Kernel kernel;
    private final int p;
    /** Block b holds rows {@code blockStarts[b] .. blockStarts[b + 1]}. */
    private final int[] blockStarts;
    /** The number of blocks a mini-batch of so many rows is cut into. */
    private final IntUnaryOperator batchBlocks;
    /** A mini-batch's cuts, made for each batch: its block b holds rows {@code batchCuts[b] .. batchCuts[b + 1]}. */
    private final int[] batchCuts;
    /** Doubles from one block's gradient slot to the next: p rounded up to a 64-byte cache line, so threads never share one. */
    private final int stride;
    private final double[] partialGradients;
    private final CompensatedSum[] partialLosses;
    private final CompensatedSum total = new CompensatedSum();
    private final IntConsumer block = this::block;
    private int threads = Integer.MAX_VALUE;

    // The job in hand, read by every worker.
    private double[] parameters;
    private ScalarLoss loss;
    private boolean withGradient;
    private int[] cuts;
    private int jobBlocks;
    private int[] order;

    /**
     * @param blockStarts the cut of a pass over all {@code n} rows: {@code n} is its last entry
     * @param batchBlocks the number of blocks for a mini-batch of so many rows, at least 1 and never decreasing
     */
    FusedPass(int p, int[] blockStarts, IntUnaryOperator batchBlocks, Kernel kernel) {
        this.kernel = kernel;
        this.p = p;
        this.blockStarts = blockStarts;
        this.batchBlocks = batchBlocks;
        int blocks = Math.max(blockStarts.length - 1, batchBlocks.applyAsInt(blockStarts[blockStarts.length - 1]));
        this.batchCuts = new int[blocks + 1];
        this.stride = (p + 7) & ~7;
        this.partialGradients = new double[blocks * stride];
        this.partialLosses = new CompensatedSum[blocks];
        Arrays.setAll(partialLosses, b -> new CompensatedSum());
    }

    /** Uses at most {@code threads} threads (the results do not depend on it). */
    public FusedPass threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** The number of blocks the rows are cut into (fixed by the data's shape): the most threads a pass can keep busy. */
    public int blocks() {
        return blockStarts.length - 1;
    }

    /** Writes the gradient sum into {@code gradient} (overwriting it) and returns the loss sum. */
    public final synchronized double lossAndGradient(double[] parameters, ScalarLoss loss, double[] gradient) {
        checkGradient(parameters, gradient);
        run(parameters, loss, true, blockStarts, blocks(), null);
        return gradientAndLoss(gradient);
    }

    /**
     * As {@link #lossAndGradient(double[], ScalarLoss, double[])} over the rows {@code order[from..to)} (rows
     * {@code from..to} when {@code order} is null): a mini-batch.
     */
    public final synchronized double lossAndGradient(int[] order, int from, int to, double[] parameters, ScalarLoss loss,
                                                     double[] gradient) {
        checkGradient(parameters, gradient);
        int rows = order != null ? order.length : blockStarts[blockStarts.length - 1];
        if (from < 0 || from > to || to > rows) {
            throw new IllegalArgumentException("rows " + from + ".." + to + " are outside 0.." + rows);
        }
        int blocks = Math.min(batchCuts.length - 1, batchBlocks.applyAsInt(to - from));
        if (blocks == 1) { // straight into the caller's gradient on this thread: no slot to clear, then add
            CompensatedSum sum = partialLosses[0];
            sum.reset();
            kernel.accumulate(order, from, to, parameters, loss, gradient, 0, sum);
            return sum.value();
        }
        Workers.evenCuts(from, to, blocks, batchCuts);
        run(parameters, loss, true, batchCuts, blocks, order);
        return gradientAndLoss(gradient);
    }

    /** The loss sum alone. */
    public final synchronized double loss(double[] parameters, ScalarLoss loss) {
        check(parameters);
        run(parameters, loss, false, blockStarts, blocks(), null);
        return totalLoss();
    }

    /** Runs the blocks {@code cuts} makes; the slots of the first {@code blocks} then hold the job's sums. */
    private void run(double[] parameters, ScalarLoss loss, boolean withGradient, int[] cuts, int blocks, int[] order) {
        this.parameters = parameters;
        this.loss = loss;
        this.withGradient = withGradient;
        this.cuts = cuts;
        this.jobBlocks = blocks;
        this.order = order;
        Workers.forEachBlock(blocks, threads, block);
        this.parameters = null;
        this.loss = null;
        this.order = null;
    }

    private void block(int b) {
        CompensatedSum sum = partialLosses[b];
        sum.reset();
        kernel.accumulate(order, cuts[b], cuts[b + 1], parameters, loss, withGradient ? partialGradients : null,
                b * stride, sum);
    }

    /** Adds the job's block slots into {@code gradient}, in block order, and returns its loss. */
    private double gradientAndLoss(double[] gradient) {
        Arrays.fill(gradient, 0);
        for (int b = 0; b < jobBlocks; b++) {
            for (int k = 0, at = b * stride; k < p; k++, at++) {
                gradient[k] += partialGradients[at];
            }
        }
        return totalLoss();
    }

    private double totalLoss() {
        total.reset();
        for (int b = 0; b < jobBlocks; b++) {
            total.add(partialLosses[b]);
        }
        return total.value();
    }

    private void check(double[] parameters) {
        if (parameters.length != p) {
            throw new IllegalArgumentException("expected " + p + " parameters, got " + parameters.length);
        }
    }

    private void checkGradient(double[] parameters, double[] gradient) {
        check(parameters);
        if (gradient.length != p) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected " + p);
        }
    }
}
