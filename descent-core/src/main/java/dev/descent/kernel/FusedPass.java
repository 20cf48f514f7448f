package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;
import java.util.Arrays;
import java.util.function.IntConsumer;

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
 */
public abstract class FusedPass {
    /** The kernel over rows {@code from..to}: gradient sum into {@code gradient[offset..]} (unless null), losses into {@code sum}. */
    @FunctionalInterface
    interface Kernel {
        void accumulate(int from, int to, double[] parameters, ScalarLoss loss, double[] gradient, int offset,
                        CompensatedSum sum);
    }

    private final Kernel kernel;
    private final int p;
    /** Block b holds rows {@code blockStarts[b] .. blockStarts[b + 1]}. */
    private final int[] blockStarts;
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

    FusedPass(int p, int[] blockStarts, Kernel kernel) {
        this.kernel = kernel;
        this.p = p;
        this.blockStarts = blockStarts;
        int blocks = blockStarts.length - 1;
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

    /** The number of blocks the rows are cut into (fixed by the data's shape). */
    int blocks() {
        return partialLosses.length;
    }

    /** Writes the gradient sum into {@code gradient} (overwriting it) and returns the loss sum. */
    public final synchronized double lossAndGradient(double[] parameters, ScalarLoss loss, double[] gradient) {
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

    /** The loss sum alone. */
    public final synchronized double loss(double[] parameters, ScalarLoss loss) {
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
        kernel.accumulate(blockStarts[b], blockStarts[b + 1], parameters, loss, withGradient ? partialGradients : null,
                b * stride, sum);
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
