package dev.descent.kernel;

import java.util.function.IntConsumer;

/**
 * The plainest pass there is over an array of doubles or floats: add up every value, on several
 * cores, claiming blocks as {@link LinearPass} does. Its time is what reading the bytes costs on
 * this machine, the floor that any pass over the same data is measured against.
 */
public final class StreamingRead {
    private static final int BLOCK_BYTES = 1 << 19;

    /** The sum of the values {@code from..to}. */
    @FunctionalInterface
    private interface Range {
        double sum(int from, int to);
    }

    private final Range range;
    private final int length;
    private final int perBlock;
    private final int blocks;
    private final double[] partial;
    private final IntConsumer block = this::block;
    private final int threads;

    public StreamingRead(double[] values, int threads) {
        this(values.length, Double.BYTES, threads, (from, to) -> sum(values, from, to));
    }

    public StreamingRead(float[] values, int threads) {
        this(values.length, Float.BYTES, threads, (from, to) -> sum(values, from, to));
    }

    private StreamingRead(int length, int bytesPerValue, int threads, Range range) {
        this.range = range;
        this.length = length;
        this.perBlock = BLOCK_BYTES / bytesPerValue;
        this.blocks = Math.max(1, (length + perBlock - 1) / perBlock);
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
        int from = b * perBlock;
        partial[b] = range.sum(from, Math.min(length, from + perBlock));
    }

    private static double sum(double[] values, int from, int to) {
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
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static double sum(float[] values, int from, int to) {
        // As for doubles, in float: a float add per value, so the adds keep pace with half the bytes per value.
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
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
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
