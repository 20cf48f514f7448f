package dev.descent.bench;

import dev.descent.data.SparseDataset;
import dev.descent.kernel.FusedPass;
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
 * The sparse fused gradient pass on all threads at two densities of the same odd shape, so that its
 * cost is seen to follow the non-zeros (10 times fewer: about 10 times faster, less the fixed cost
 * of the per-block gradient slots), not n x d, which dense would make 100 billion values. A small
 * odd shape times ragged blocks. Returns its result, so the JIT cannot drop the work.
 *
 * <p>The 0.1% case holds 10^8 non-zeros (1.2 GB): give the forks room. Run:
 * {@code java -jar descent-bench/target/benchmarks.jar SparseBenchmark -jvmArgs -Xmx4g}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // as the launcher runs
public class SparseBenchmark {
    /** Rows x columns @ density: the fraction of each row's values that are not zero. */
    @Param({"1000003x100000@0.001", "1000003x100000@0.0001", "30011x1009@0.01"})
    public String shape;

    private double[] parameters;
    private double[] gradient;
    private FusedPass pass;
    private final ScalarLoss loss = Loss.mse();

    @Setup
    public void setUp() {
        int n = Integer.parseInt(shape.substring(0, shape.indexOf('x')));
        int d = Integer.parseInt(shape.substring(shape.indexOf('x') + 1, shape.indexOf('@')));
        double density = Double.parseDouble(shape.substring(shape.indexOf('@') + 1));
        SplittableRandom random = new SplittableRandom(42);
        int perRow = (int) Math.round(density * d);
        int[] rowStarts = new int[n + 1];
        int[] columns = new int[n * perRow];
        double[] values = new double[columns.length];
        int stratum = d / perRow; // one non-zero in each of perRow equal stretches of the row: sorted and spread out
        for (int i = 0, at = 0; i < n; i++) {
            for (int k = 0; k < perRow; k++, at++) {
                columns[at] = k * stratum + random.nextInt(stratum);
                values[at] = random.nextDouble(-1, 1);
            }
            rowStarts[i + 1] = at;
        }
        double[] y = random.doubles(n, -1, 1).toArray();
        SparseDataset data = new SparseDataset(rowStarts, columns, values, y, d);
        parameters = random.doubles(d + 1, -0.01, 0.01).toArray();
        gradient = new double[d + 1];
        pass = data.linearPass(true);
    }

    @Benchmark
    public double gradientPassAllThreads() {
        return pass.lossAndGradient(parameters, loss, gradient) + gradient[0];
    }
}
