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
 * The pass over float features against exact arithmetic on the widened values, at sizes that leave
 * ragged groups of four rows, ragged runs and ragged blocks, with and without intercept; and the
 * same bits as the double pass over the widened features, whatever the kernel and the thread count.
 */
class FloatPassTest {
    @ParameterizedTest(name = "n={0}, d={1}")
    @CsvSource({"1, 1", "6, 3", "13, 33", "207, 1", "207, 3", "207, 33", "70001, 3", "9001, 33"})
    void matchesExactArithmeticAndTheDoublePassAndGivesTheSameBitsOnAnyNumberOfThreads(int n, int d) {
        Random random = new Random(131L * n + d);
        float[] x = new float[n * d];
        double[] widened = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
            widened[k] = x[k];
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextGaussian() * 3;
        }
        for (boolean intercept : new boolean[] {true, false}) {
            int p = d + (intercept ? 1 : 0);
            double[] theta = new double[p];
            for (int k = 0; k < p; k++) {
                theta[k] = random.nextGaussian() / Math.sqrt(d);
            }
            for (ScalarLoss loss : new ScalarLoss[] {Loss.mse(), new Huber(0.5), new Logistic()}) {
                double[] target = loss instanceof Logistic ? LinearPassTest.binary(y) : y;
                double[] gradient = new double[p];
                double value = new LinearPass(x, target, d, intercept, DenseKernel.plain()).threads(1)
                        .lossAndGradient(theta, loss, gradient);
                ExactReference.assertMatches(widened, target, d, theta, intercept, loss, value, gradient);

                // Widening a float is exact and the float loops make the double loops' operations in their order,
                // and every kernel makes plain Java's: the double pass over the widened values, with any kernel on
                // any number of threads, must give the same bits. No tolerance is needed.
                for (DenseKernel kernel : LinearPassTest.kernels()) {
                    for (int threads : new int[] {1, 2, 3, 8}) {
                        String what = kernel.description() + ", " + loss.name()
                                + (intercept ? ", intercept, " : ", no intercept, ") + threads + " threads";
                        double[] doubleGradient = new double[p];
                        LinearPass doublePass = new LinearPass(widened, target, d, intercept, kernel).threads(threads);
                        assertEquals(value, doublePass.lossAndGradient(theta, loss, doubleGradient), 0, what);
                        assertArrayEquals(gradient, doubleGradient, 0, what);

                        double[] other = new double[p];
                        LinearPass pass = new LinearPass(x, target, d, intercept, kernel).threads(threads);
                        assertEquals(value, pass.lossAndGradient(theta, loss, other), 0, what);
                        assertArrayEquals(gradient, other, 0, what);
                        assertEquals(value, pass.loss(theta, loss), 0, what + ", loss alone");
                    }
                }
            }
        }
    }
}
