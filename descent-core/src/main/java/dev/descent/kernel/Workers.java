package dev.descent.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that run one job at a time, the calling thread taking part. A job
 * is a number of blocks that the workers claim one at a time, so a core that is busy with
 * something else only takes fewer. Starting a job allocates nothing, so an epoch can be handed out
 * thousands of times. The threads start on the first job with more than one block.
 */
public final class Workers {
    private static final int SPINS = 10_000;

    private final Thread[] helpers;
    /** Per helper, the number of the job it is told to join; each helper is told only of the jobs it joins. */
    private final AtomicLongArray assigned;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger nextBlock = new AtomicInteger();
    private long generation;
    private volatile Thread caller;
    private volatile Throwable failure;
    private IntConsumer block;
    private int blocks;

    private Workers(int threads) {
        helpers = new Thread[Math.max(0, threads - 1)];
        assigned = new AtomicLongArray(helpers.length);
        for (int i = 0; i < helpers.length; i++) {
            int index = i;
            helpers[i] = new Thread(() -> loop(index), "descent-worker-" + (i + 1));
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    /** The JVM's workers, as many as it has processors, made when first needed. */
    private static final class Shared {
        static final Workers WORKERS = new Workers(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Row boundaries that cut {@code n} rows into {@code blocks} blocks as equal as can be: block b holds
     * rows {@code cuts[b] .. cuts[b + 1]}, and none is empty while there are at least as many rows as blocks.
     */
    static int[] evenCuts(int n, int blocks) {
        int[] cuts = new int[blocks + 1];
        evenCuts(0, n, blocks, cuts);
        return cuts;
    }

    /** The same cut of rows {@code from..to} into {@code blocks} blocks, written into {@code cuts[0 .. blocks]}. */
    static void evenCuts(int from, int to, int blocks, int[] cuts) {
        for (int b = 0; b <= blocks; b++) {
            cuts[b] = from + (int) ((long) (to - from) * b / blocks);
        }
    }

    /**
     * Runs {@code block.accept(b)} for every b in 0 .. blocks-1, on at most {@code threads} threads
     * (the calling one among them), and returns when all are done, rethrowing what any block threw.
     */
    public static void forEachBlock(int blocks, int threads, IntConsumer block) {
        if (blocks == 1 || threads == 1) {
            for (int b = 0; b < blocks; b++) {
                block.accept(b); // no thread to wake
            }
            return;
        }
        Shared.WORKERS.run(blocks, threads, block);
    }

    private synchronized void run(int blocks, int threads, IntConsumer block) {
        int joining = Math.min(Math.min(threads, blocks) - 1, helpers.length);
        this.block = block;
        this.blocks = blocks;
        nextBlock.set(0);
        failure = null;
        caller = Thread.currentThread();
        pending.set(joining);
        generation++;
        for (int i = 0; i < joining; i++) {
            assigned.set(i, generation); // published after the job's fields, which the helper then reads
            LockSupport.unpark(helpers[i]);
        }
        try {
            claimBlocks();
        } finally {
            for (int spins = 0; pending.get() > 0; spins++) {
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            this.block = null;
        }
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }

    private void claimBlocks() {
        for (int b = nextBlock.getAndIncrement(); b < blocks; b = nextBlock.getAndIncrement()) {
            block.accept(b);
        }
    }

    private void loop(int index) {
        long done = 0;
        while (true) {
            for (int spins = 0; assigned.get(index) == done; spins++) {
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            done = assigned.get(index);
            try {
                claimBlocks();
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
