package dev.descent.bench;

import dev.descent.kernel.DenseKernel;
import dev.descent.kernel.LinearKernel;
import dev.descent.kernel.LinearPass;
import dev.descent.kernel.RowLoops;
import dev.descent.kernel.StreamingRead;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused gradient pass, one thread and all, beside a streaming read of the same bytes (the
 * floor), over features stored as doubles or as floats. Sizes are odd on purpose, so that ragged
 * blocks and ragged groups of rows are timed too. Every benchmark returns its result, so the JIT
 * cannot drop the work.
 *
 * <p>Run: {@code ./mvnw -q -B package -pl descent-bench -am -DskipTests && java -jar descent-bench/target/benchmarks.jar}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
    @Param({"1000003x32", "4000037x8", "100003x512", "30x1"})
    public String shape;

    /** The dense kernel's loops: plain Java, or the Vector API's. */
    @Param({"plain", "vector"})
    public String kernel;

    /** How the features are held: doubles, or floats widened as they are read (half the bytes). */
    @Param({"double", "float"})
    public String storage;

    private double[] y;
    private double[] parameters;
    private double[] gradient;
    private RowLoops rows;
    private LinearPass parallel;
    private LinearPass single;
    private StreamingRead read;
    private final ScalarLoss loss = Loss.mse();

    @Setup
    public void setUp() {
        Shape size = Shape.of(shape);
        int n = size.rows();
        int d = size.features();
        SplittableRandom random = new SplittableRandom(42);
        double[] x = random.doubles((long) n * d, -1, 1).toArray();
        y = random.doubles(n, -1, 1).toArray();
        parameters = random.doubles(d + 1, -1, 1).toArray();
        gradient = new double[d + 1];
        DenseKernel loops = kernel.equals("plain") ? DenseKernel.plain() : DenseKernel.vector().orElseThrow();
        int threads = Runtime.getRuntime().availableProcessors();
        if (storage.equals("float")) {
            float[] xf = new float[x.length];
            for (int k = 0; k < x.length; k++) {
                xf[k] = (float) x[k];
            }
            rows = loops.over(xf, d);
            read = new StreamingRead(xf, threads);
        } else {
            rows = loops.over(x, d);
            read = new StreamingRead(x, threads);
        }
        parallel = new LinearPass(rows, y, true);
        single = new LinearPass(rows, y, true).threads(1);
    }

    @Benchmark
    public double gradientPassAllThreads() {
        return parallel.lossAndGradient(parameters, loss, gradient) + gradient[0];
    }

    @Benchmark
    public double gradientPassOneThread() {
        return single.lossAndGradient(parameters, loss, gradient) + gradient[0];
    }

    @Benchmark
    public double gradientPassSequentialKernel() {
        return LinearKernel.lossAndGradient(rows, y, null, 0, y.length, parameters, true, loss, gradient) + gradient[0];
    }

    @Benchmark
    public double streamingReadAllThreads() {
        return read.sum();
    }
}
