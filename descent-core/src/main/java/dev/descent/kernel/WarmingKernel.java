package dev.descent.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Vector API's loops once the JIT has compiled them, plain Java's until then. In a fresh JVM
 * vector code runs tens of times slower than plain Java until C2 compiles it (before that every
 * vector is an object): a first epoch over 1M x 32 took seconds instead of a tenth of one. So when
 * loops over doubles (or floats) are first asked for over enough values to matter, a background thread calls both kernels' loops
 * over a few rows of that type, often enough for the JIT to compile them, then every few milliseconds
 * times both; the passes switch to the vector loops once those have measured faster three times
 * running. The two kernels give the same bits, so the switch, which may come in the middle of a pass,
 * changes nothing but the speed. If the vector loops never measure faster (no SIMD, no C2), plain
 * Java stays.
 *
 * <p>The warm-up starts once passes have asked the loops for more rows than the data hold: with a second
 * pass, not when the loops are made; or at once when a caller says that many passes will follow
 * ({@link #warmUp()}). In a fresh JVM its thread and the JIT's compiles take a core for a few hundred
 * milliseconds, which only many passes repay; the normal equations, which pass over the data to form
 * {@code A^T A} and then once or twice for the gradient, ran 1.5 times as long with the warm-up
 * beside them.
 */
final class WarmingKernel implements DenseKernel {
    /** Rows of the warm-up: groups of four and a ragged tail, as real runs have. */
    private static final int ROWS = 17;
    /**
     * The widths of the warm-up's rows over doubles, one for each way the loops go, each with a tail past the last
     * whole vector: long rows; short rows predicted side by side, with the gradient swept four rows at a time or held
     * in two or one vectors. The JIT compiles only the branches it has seen taken: warmed up on one width, the loops
     * met another on their first real pass, threw their compiled code away and ran the Vector API uncompiled, a pass of
     * 4M x 8 taking half a second.
     */
    private static final int[] DOUBLE_WIDTHS = {35, 13, 10, 5};
    /**
     * The same over floats, whose rows go side by side up to 39 features, one at a time up to 447 and two at a time
     * beyond: without rows of 41 and 449 here, a fit's first pass over 64 float features took 99-134 ms against 31-54,
     * and over 512, 136-152 against 72-92.
     */
    private static final int[] FLOAT_WIDTHS = {449, 41, 35, 13, 10, 5};
    /** Rows narrower than one vector (four doubles) leave the Vector API nothing to do but overhead: they stay plain. */
    private static final int NARROWEST = 4;
    /** Calls of each loop per round, on each width. */
    private static final int CALLS_PER_ROUND = 20;
    /** Rounds run back to back: enough calls (1,000 of each loop, over the widths) for the JIT to queue them for C2. */
    private static final int EAGER_ROUNDS = 13;
    /** Then one timed round per pause, so that waiting for the compiler takes no core from the passes. */
    private static final long PAUSE_MILLIS = 5;
    private static final long GIVE_UP_NANOS = 10_000_000_000L;
    /** Below this many values a pass takes microseconds in plain Java: not worth a warm-up that costs the JIT's time. */
    private static final int WORTH_WARMING = 1 << 16;

    private final DenseKernel plain;
    private final DenseKernel vector;
    private final Warmup doubles;
    private final Warmup floats;

    WarmingKernel(DenseKernel plain, DenseKernel vector) {
        this.plain = plain;
        this.vector = vector;
        this.doubles = warmup("doubles", DOUBLE_WIDTHS, false);
        this.floats = warmup("floats", FLOAT_WIDTHS, true);
    }

    /** The warm-up of one storage type: both kernels' loops over the same made-up rows of each width. */
    private Warmup warmup(String type, int[] widths, boolean overFloats) {
        RowLoops[] vectorLoops = new RowLoops[widths.length];
        RowLoops[] plainLoops = new RowLoops[widths.length];
        for (int k = 0; k < widths.length; k++) {
            int d = widths[k];
            double[] x = new SplittableRandom(1).doubles(ROWS * d, -1, 1).toArray();
            if (overFloats) {
                float[] narrowed = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    narrowed[i] = (float) x[i];
                }
                vectorLoops[k] = vector.over(narrowed, d);
                plainLoops[k] = plain.over(narrowed, d);
            } else {
                vectorLoops[k] = vector.over(x, d);
                plainLoops[k] = plain.over(x, d);
            }
        }
        return new Warmup(type, vectorLoops, plainLoops);
    }

    /**
     * Why a data set of {@code values} features, {@code d} a row, stays on plain Java, or null when the vector loops
     * may take it: the one rule that {@link #over} follows and {@link #description(long, int)} reports.
     */
    private static String staysPlain(long values, int d) {
        if (d < NARROWEST) {
            return "rows of fewer than " + NARROWEST + " features hold no whole vector";
        }
        if (values < WORTH_WARMING) {
            return "fewer than " + WORTH_WARMING + " values, too few to be worth compiling the Vector API's loops for";
        }
        return null;
    }

    @Override
    public RowLoops over(double[] x, int d) {
        if (staysPlain(x.length, d) != null) {
            return plain.over(x, d);
        }
        doubles.asked = true;
        return new Switching(doubles, plain.over(x, d), vector.over(x, d));
    }

    @Override
    public RowLoops over(float[] x, int d) {
        if (staysPlain(x.length, d) != null) {
            return plain.over(x, d);
        }
        floats.asked = true;
        return new Switching(floats, plain.over(x, d), vector.over(x, d));
    }

    @Override
    public String description() {
        String over = floats.started() && !doubles.started() ? floats.state : doubles.state;
        return over == null ? vector.description() + " once the JIT has compiled it, plain Java until then" : over;
    }

    @Override
    public String description(long values, int d) {
        String why = staysPlain(values, d);
        return why == null ? description() : plain.description() + ": " + why;
    }

    /** Starts the warm-up of every type whose loops were asked for, without waiting for a second pass. */
    @Override
    public void warmUp() {
        doubles.warmUp();
        floats.warmUp();
    }

    @Override
    public void warmUp(boolean overFloats) {
        (overFloats ? floats : doubles).start();
    }

    @Override
    public void settle() throws InterruptedException {
        warmUp();
        doubles.join();
        floats.join();
    }

    /** Whether passes over doubles run the vector loops now. */
    boolean warm() {
        return doubles.warm;
    }

    /** Whether passes over floats run the vector loops now. */
    boolean warmOverFloats() {
        return floats.warm;
    }

    /**
     * The loops over one data set: the vector ones once their type's warm-up says so. Until the warm-up has started,
     * they count the rows that passes ask them for, to start it with the second pass.
     */
    private static final class Switching implements RowLoops {
        private final Warmup warmup;
        private final RowLoops plainLoops;
        private final RowLoops vectorLoops;
        private final LongAdder rowsAsked = new LongAdder();

        Switching(Warmup warmup, RowLoops plainLoops, RowLoops vectorLoops) {
            this.warmup = warmup;
            this.plainLoops = plainLoops;
            this.vectorLoops = vectorLoops;
        }

        @Override
        public int rowCount() {
            return plainLoops.rowCount();
        }

        @Override
        public int featureCount() {
            return plainLoops.featureCount();
        }

        @Override
        public void predict(int from, int to, double[] w, double[] out) {
            forBlock(to - from).predict(from, to, w, out);
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            (warmup.warm ? vectorLoops : plainLoops).addGradient(from, to, r, gradient, offset);
        }

        @Override
        public RowLoops forBlock(int rows) {
            if (warmup.warm) {
                return vectorLoops;
            }
            if (!warmup.started()) {
                rowsAsked.add(rows);
                if (rowsAsked.sum() > rowCount()) {
                    warmup.start();
                }
            }
            return plainLoops;
        }
    }

    /** The warm-up of one storage type's loops, on its own daemon thread. */
    private final class Warmup {
        private final String type;
        /** The loops over rows of each of this type's widths. */
        private final RowLoops[] vectorLoops;
        private final RowLoops[] plainLoops;
        private volatile Thread thread;
        /** Whether loops worth warming up have been made for this type. */
        private volatile boolean asked;
        private volatile boolean warm;
        private volatile String state;

        Warmup(String type, RowLoops[] vectorLoops, RowLoops[] plainLoops) {
            this.type = type;
            this.vectorLoops = vectorLoops;
            this.plainLoops = plainLoops;
        }

        /** Starts the warm-up unless it has started: a volatile read on every later call, the lock only on the first. */
        void start() {
            if (thread == null) {
                synchronized (this) {
                    if (thread == null) {
                        state = plain.description() + " over " + type + " while the JIT compiles the Vector API's loops";
                        Thread started = new Thread(this::run, "descent-vector-warm-up-" + type);
                        started.setDaemon(true);
                        started.start();
                        thread = started;
                    }
                }
            }
        }

        boolean started() {
            return thread != null;
        }

        void warmUp() {
            if (asked) {
                start();
            }
        }

        void join() throws InterruptedException {
            Thread started = thread;
            if (started != null) {
                started.join();
            }
        }

        private void run() {
            long start = System.nanoTime();
            int widest = Arrays.stream(plainLoops).mapToInt(RowLoops::featureCount).max().orElseThrow();
            double[] w = new SplittableRandom(2).doubles(widest, -1, 1).toArray();
            double[] r = new SplittableRandom(3).doubles(ROWS, -1e-9, 1e-9).toArray(); // the sums stay small however long this runs
            double[] out = new double[ROWS];
            double[] gradient = new double[widest];
            try {
                for (int round = 0, faster = 0; System.nanoTime() - start < GIVE_UP_NANOS; round++) {
                    if (round >= EAGER_ROUNDS) {
                        Thread.sleep(PAUSE_MILLIS);
                    }
                    long vectorNanos = round(vectorLoops, w, r, out, gradient);
                    long plainNanos = round(plainLoops, w, r, out, gradient);
                    faster = vectorNanos < plainNanos ? faster + 1 : 0;
                    if (faster == 3) {
                        state = String.format(Locale.ROOT, "%s, after %.0f ms over %s in plain Java while the JIT"
                                + " compiled it", vector.description(), (System.nanoTime() - start) / 1e6, type);
                        warm = true;
                        return;
                    }
                }
                state = plain.description() + ": the Vector API measured no faster over " + type + " here";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // plain Java stays
            }
        }
    }

    private static long round(RowLoops[] loops, double[] w, double[] r, double[] out, double[] gradient) {
        long start = System.nanoTime();
        for (int call = 0; call < CALLS_PER_ROUND; call++) {
            for (RowLoops width : loops) {
                width.predict(0, ROWS, w, out);
                width.addGradient(0, ROWS, r, gradient, 0);
            }
        }
        return System.nanoTime() - start;
    }
}
