package dev.descent.bench;

import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.kernel.GramPass;
import dev.descent.solve.NormalEquations;
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
 * The route to the least-squares optimum through the normal equations: the pass that accumulates
 * {@code A^T A} alone, and the whole solve (that pass, a Cholesky factorisation, and refinement
 * passes). Compare with {@link KernelBenchmark}'s gradient pass on the same shapes to see how many
 * epochs the normal equations cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // as the launcher runs
public class SolverBenchmark {
    @Param({"1000003x32", "4000037x8", "100003x512", "30x1"})
    public String shape;

    private Dataset data;
    private GramPass gram;

    @Setup
    public void setUp() {
        data = Shape.of(shape).regression();
        gram = new GramPass(data.featureData(), data.targetData(), data.featureCount(), true);
    }

    @Benchmark
    public double gramPassAllThreads() {
        return gram.compute(Integer.MAX_VALUE).gram(0, 0);
    }

    @Benchmark
    public double normalEquationsSolve() throws DataException {
        return NormalEquations.ridge(data, true, 0).bias();
    }
}
