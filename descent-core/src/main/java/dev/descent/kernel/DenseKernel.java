package dev.descent.kernel;

import java.util.Optional;

/**
 * A way to run the loops of the dense linear pass: {@linkplain #plain() plain Java}, which every JVM
 * runs, or the {@linkplain #vector() incubating Vector API}, which the JIT turns into the CPU's SIMD
 * instructions when the JVM was started with {@code --add-modules jdk.incubator.vector} (the
 * {@code descent} launcher does). The two make the same operations in the same order: they give the
 * same bits. {@link #chosen()} is decided once, when first asked: with the module, the Vector API as
 * soon as the JIT has compiled it ({@link WarmingKernel}); without it, or with the system property
 * {@code descent.kernel=plain}, plain Java.
 */
public interface DenseKernel {
    /** The loops over double features. */
    RowLoops over(double[] x, int d);

    /** The loops over float features, each widened to double as it is read. */
    RowLoops over(float[] x, int d);

    /** What runs, in words, for logs and benchmark reports. */
    String description();

    /** What runs over a data set of {@code values} features, {@code d} a row, in words: a kernel may leave some plain. */
    default String description(long values, int d) {
        return description();
    }

    /**
     * Starts bringing the loops asked for so far to how they will run from now on, and returns at once: for a caller
     * about to run many passes over the data. Without it that starts with a second pass over a data set.
     */
    default void warmUp() {
    }

    /**
     * Starts bringing the loops over doubles, or over floats, to how they will run, before any data set is made: for
     * a caller about to read a data set that takes longer to read than this takes, so that it runs while the data load.
     */
    default void warmUp(boolean overFloats) {
    }

    /** As {@link #warmUp()}, and waits until it is done (a benchmark times the loops after this). */
    default void settle() throws InterruptedException {
    }

    /** Plain Java. */
    static DenseKernel plain() {
        return PlainKernel.INSTANCE;
    }

    /** The Vector API's loops, when the JVM has the module. */
    static Optional<DenseKernel> vector() {
        return Choice.VECTOR;
    }

    /** The kernel the passes use unless told otherwise: the Vector API once compiled, if the JVM has it. */
    static DenseKernel chosen() {
        return Choice.CHOSEN;
    }

    /** Which kernel runs now and why, in one line, for logs. */
    static String choice() {
        return Choice.CHOSEN.description() + " (" + Choice.REASON + ")";
    }

    /** Which kernel runs now over a data set of {@code values} features, {@code d} a row, and why, in one line. */
    static String choice(long values, int d) {
        return Choice.CHOSEN.description(values, d) + " (" + Choice.REASON + ")";
    }

    /** The choice, made when first needed (loading the Vector API costs start-up time that the lesson need not pay). */
    final class Choice {
        private static final Optional<DenseKernel> VECTOR = loadVector();
        private static final DenseKernel CHOSEN;
        private static final String REASON;

        static {
            if ("plain".equals(System.getProperty("descent.kernel"))) {
                CHOSEN = plain();
                REASON = "-Ddescent.kernel=plain";
            } else if (VECTOR.isPresent()) {
                CHOSEN = new WarmingKernel(plain(), VECTOR.get());
                REASON = "the JVM has jdk.incubator.vector";
            } else {
                CHOSEN = plain();
                REASON = "the JVM was started without --add-modules jdk.incubator.vector";
            }
        }

        private Choice() {
        }

        private static Optional<DenseKernel> loadVector() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return Optional.empty();
            }
            try {
                // By name, so that a JVM without the module never links the class.
                return Optional.of((DenseKernel) Class.forName("dev.descent.kernel.VectorKernel")
                        .getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the Vector API kernel is missing from the build", e);
            }
        }
    }
}
