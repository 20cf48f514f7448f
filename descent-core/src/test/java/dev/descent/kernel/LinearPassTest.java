package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.loss.Huber;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parallel pass against a scalar reference computed here in exact arithmetic, at sizes that
 * leave ragged blocks, ragged runs, ragged groups of four rows and features past the last whole
 * vector; and the same bits whatever the kernel and the thread count.
 */
class LinearPassTest {
    /** Both kernels; the build runs the tests with the Vector API's module, so a missing one is a failure. */
    static DenseKernel[] kernels() {
        return new DenseKernel[] {DenseKernel.plain(), DenseKernel.vector().orElseThrow()};
    }

    @ParameterizedTest(name = "n={0}, d={1}")
    @CsvSource({"1, 1", "3, 2", "5, 7", "30, 1", "1023, 3", "4097, 33", "70001, 5", "9000, 64", "3001, 2", "2999, 9"})
    void matchesTheScalarReferenceAndGivesTheSameBitsOnAnyNumberOfThreads(int n, int d) {
        Random random = new Random(31L * n + d);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextGaussian() * 3;
        }
        double[] theta = new double[d + 1];
        for (int k = 0; k <= d; k++) {
            theta[k] = random.nextGaussian() / Math.sqrt(d);
        }
        for (ScalarLoss loss : new ScalarLoss[] {Loss.mse(), new Huber(0.5), new Logistic()}) {
            double[] target = loss instanceof Logistic ? binary(y) : y;
            double[] gradient = new double[d + 1];
            double value = new LinearPass(x, target, d, true, DenseKernel.plain()).threads(1)
                    .lossAndGradient(theta, loss, gradient);
            ExactReference.assertMatches(x, target, d, theta, true, loss, value, gradient);
            // Every kernel, on any number of threads, gives plain Java's bits.
            for (DenseKernel kernel : kernels()) {
                for (int threads : new int[] {1, 2, 3, 8}) {
                    String what = kernel.description() + ", " + loss.name() + ", " + threads + " threads";
                    double[] other = new double[d + 1];
                    LinearPass pass = new LinearPass(x, target, d, true, kernel).threads(threads);
                    assertEquals(value, pass.lossAndGradient(theta, loss, other), 0, what);
                    assertArrayEquals(gradient, other, 0, what);
                    assertEquals(value, pass.loss(theta, loss), 0, what);
                }
            }
        }
    }

    static double[] binary(double[] y) {
        double[] labels = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = y[i] > 0 ? 1 : 0;
        }
        return labels;
    }
}
