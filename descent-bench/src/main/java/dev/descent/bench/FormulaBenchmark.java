package dev.descent.bench;

import dev.descent.expr.Formula;
import dev.descent.expr.FormulaException;
import dev.descent.kernel.FormulaPass;
import dev.descent.kernel.LinearPass;
import dev.descent.loss.Loss;
import dev.descent.model.FormulaModel;
import java.util.List;
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
 * One full-batch loss-and-gradient pass of a formula model over 1,000,000 rows of one column: the
 * compiled formula ({@link FormulaPass}) against a loop written by hand for the same formula, each on
 * one thread and on all cores, and {@code a*x + b} as a formula against the linear kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"}) // as the launcher runs
public class FormulaBenchmark {
    @Param({"1000000"})
    public int rows;

    private double[] x;
    private double[] y;
    private final double[] theta = {1.5, 0.7, -0.5};
    private final double[] gradient = new double[3];
    private final double[] line = {3, 8};
    private final double[] lineGradient = new double[2];
    private FormulaPass exponential;
    private FormulaPass exponentialOneThread;
    private FormulaPass lineFormula;
    private LinearPass lineKernel;

    @Setup
    public void setUp() throws FormulaException {
        SplittableRandom random = new SplittableRandom(1);
        x = new double[rows];
        y = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = 2 * random.nextDouble();
            y[i] = 1.4 * Math.exp(0.72 * x[i]) - 0.45 + 0.01 * random.nextGaussian();
        }
        exponential = pass("a*exp(b*x) + c");
        exponentialOneThread = pass("a*exp(b*x) + c").threads(1);
        lineFormula = pass("a*x + b");
        lineKernel = new LinearPass(x, y, 1, true);
    }

    private FormulaPass pass(String text) throws FormulaException {
        FormulaModel model = FormulaModel.of(Formula.parse(text), List.of("x"), new double[text.contains("c") ? 3 : 2]);
        return FormulaPass.over(model.program(), x, y, 1);
    }

    @Benchmark
    public double exponentialFormula() {
        return exponential.lossAndGradient(theta, Loss.mse(), gradient);
    }

    @Benchmark
    public double exponentialFormulaOneThread() {
        return exponentialOneThread.lossAndGradient(theta, Loss.mse(), gradient);
    }

    /** The same loss and gradient written out by hand: one thread, one pass, no compensated sum. */
    @Benchmark
    public double exponentialByHandOneThread() {
        double a = theta[0];
        double b = theta[1];
        double c = theta[2];
        double loss = 0;
        double ga = 0;
        double gb = 0;
        double gc = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(b * x[i]);
            double r = a * e + c - y[i];
            loss += r * r;
            double g = 2 * r;
            ga += g * e;
            gb += g * a * x[i] * e;
            gc += g;
        }
        gradient[0] = ga;
        gradient[1] = gb;
        gradient[2] = gc;
        return loss;
    }

    @Benchmark
    public double lineAsFormula() {
        return lineFormula.lossAndGradient(line, Loss.mse(), lineGradient);
    }

    @Benchmark
    public double lineKernel() {
        return lineKernel.lossAndGradient(line, Loss.mse(), lineGradient);
    }
}
