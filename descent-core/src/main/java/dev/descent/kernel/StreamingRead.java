package dev.descent.kernel;

import java.util.function.IntConsumer;

/**
 * The plainest pass there is over an array: add up every value, on several cores, claiming blocks
 * as {@link LinearPass} does. Its time is what reading the bytes costs on this machine, the floor
 * that any pass over the same data is measured against.
 */
public final class StreamingRead {
    private static final int BLOCK = 1 << 16;

    private final double[] values;
    private final int blocks;
    private final double[] partial;
    private final IntConsumer block = this::block;
    private final int threads;

    public StreamingRead(double[] values, int threads) {
        this.values = values;
        this.blocks = Math.max(1, (values.length + BLOCK - 1) / BLOCK);
        this.partial = new double[blocks];
        this.threads = threads;
    }

    /** The sum of the values (returned so that the pass cannot be optimised away). */
    public double sum() {
        Workers.forEachBlock(blocks, threads, block);
        double total = 0;
        for (double s : partial) {
            total += s;
        }
        return total;
    }

    private void block(int b) {
        int from = b * BLOCK;
        int to = Math.min(values.length, from + BLOCK);
        // Eight running sums: fewer would make the additions, not the memory, the limit.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
            s4 += values[i + 4];
            s5 += values[i + 5];
            s6 += values[i + 6];
            s7 += values[i + 7];
        }
        for (; i < to; i++) {
            s0 += values[i];
        }
        partial[b] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
