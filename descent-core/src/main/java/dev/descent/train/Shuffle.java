package dev.descent.train;

/**
 * How mini-batches are drawn each epoch. Every mode visits each training row once per epoch; the
 * order comes from the seed and the epoch's number.
 */
public enum Shuffle {
    /**
     * Batches of consecutive rows, visited in a random order (the default). Each batch is read
     * sequentially, at the speed of a full-batch pass, but a batch holds the same rows every epoch:
     * if the file is sorted, batches are not random samples (shuffle the file once, or use ROWS).
     */
    BATCHES,
    /** Every row in a fresh random order: textbook SGD, but each row is a jump in memory. */
    ROWS,
    /** The rows in file order, every epoch. */
    NONE;

    /** A uniformly random order of 0..n-1 (Fisher-Yates), in {@code buffer} when it is large enough. */
    static int[] permutation(int[] buffer, int n, java.util.SplittableRandom random) {
        int[] order = buffer != null && buffer.length == n ? buffer : new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
