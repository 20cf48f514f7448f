package dev.descent.bench;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import dev.descent.train.DivergenceException;
import dev.descent.train.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training epochs through the public Trainer, full batch against mini-batches (shuffled batches of
 * consecutive rows, each epoch ending with the loss over all rows, as {@code fit} records it),
 * reported per epoch: the ratio of the two is what a mini-batch epoch costs in full-batch epochs.
 * One invocation is a fit of {@value #EPOCHS} epochs, so the loss taken before the first epoch is
 * shared out among them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // as the launcher runs
public class EpochBenchmark {
    private static final int EPOCHS = 10;

    @Param({"1000003x32"})
    public String shape;

    /** Rows per update; 0 for the full batch. */
    @Param({"0", "256"})
    public int batch;

    private Dataset data;
    private LinearModel start;
    private Trainer trainer;

    @Setup
    public void setUp() {
        data = Shape.of(shape).regression();
        start = LinearModel.zeros(data.featureNames(), true);
        trainer = Trainer.builder().loss(Loss.mse()).optimizer(new GradientDescent(0.001)).epochs(EPOCHS).batchSize(batch)
                .build();
    }

    @Benchmark
    @OperationsPerInvocation(EPOCHS)
    public double epoch() throws DivergenceException {
        return trainer.fit(data, start).history().finalLoss();
    }
}
