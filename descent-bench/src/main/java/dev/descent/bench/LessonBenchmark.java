package dev.descent.bench;

import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import dev.descent.train.DivergenceException;
import dev.descent.train.Trainer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lesson's whole fit, 400 updates of y = a x + b on 30 points, through the public Trainer
 * (history, listener and all), reported per update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // as the launcher runs
public class LessonBenchmark {
    private static final int UPDATES = 400;

    private final Dataset data = LessonData.lesson();
    private final Trainer trainer = new Trainer(Loss.mse(), new GradientDescent(0.01), UPDATES);
    private final LinearModel start = LinearModel.of(List.of("x"), new double[] {-1}, 1);

    @Benchmark
    @OperationsPerInvocation(UPDATES)
    public double lessonUpdate() throws DivergenceException {
        return trainer.fit(data, start).history().finalLoss();
    }
}
