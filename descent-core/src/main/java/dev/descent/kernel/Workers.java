package dev.descent.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that run one job at a time, the calling thread taking part as
 * worker 0. Starting a job allocates nothing, so an epoch can be handed out thousands of times.
 * Jobs share out their work themselves (dynamically, by claiming blocks), so a core that is busy
 * with something else only slows its own share.
 */
final class Workers {
    private static final Workers SHARED = new Workers(Runtime.getRuntime().availableProcessors());

    private final Thread[] helpers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile IntConsumer job;
    private volatile int jobWorkers;
    private volatile long generation;
    private volatile Thread caller;
    private volatile Throwable failure;

    private Workers(int threads) {
        helpers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < helpers.length; i++) {
            int index = i + 1;
            helpers[i] = new Thread(() -> loop(index), "descent-worker-" + index);
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    /** The workers of this JVM: as many as it has processors. */
    static Workers shared() {
        return SHARED;
    }

    /** The most workers a job can have. */
    int size() {
        return helpers.length + 1;
    }

    /**
     * Runs {@code work.accept(i)} for workers i = 0 .. count-1 at once (0 on this thread) and returns
     * when all have finished, rethrowing what any of them threw.
     */
    synchronized void run(int count, IntConsumer work) {
        int workers = Math.max(1, Math.min(count, size()));
        if (workers == 1) {
            work.accept(0);
            return;
        }
        failure = null;
        job = work;
        jobWorkers = workers;
        caller = Thread.currentThread();
        pending.set(workers - 1);
        generation++;
        for (int i = 0; i < workers - 1; i++) {
            LockSupport.unpark(helpers[i]);
        }
        try {
            work.accept(0);
        } finally {
            int spins = 0;
            while (pending.get() > 0) {
                if (++spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            job = null;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private void loop(int index) {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (++spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            if (index < jobWorkers) {
                try {
                    job.accept(index);
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
}
