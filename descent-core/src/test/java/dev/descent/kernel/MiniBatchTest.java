package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.loss.Huber;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mini-batches over double and float features, with every kernel's loops: against exact arithmetic
 * on the batch's rows, and against plain Java's mini-batch over the widened doubles, bit for bit,
 * for batches of consecutive rows (in runs) and of shuffled rows (one at a time).
 */
class MiniBatchTest {
    @ParameterizedTest(name = "n={0}, d={1}, rows {2}..{3}")
    @CsvSource({"1, 1, 0, 1", "6, 3, 1, 6", "13, 33, 2, 13", "207, 1, 0, 207", "207, 5, 17, 120", "1000, 8, 999, 1000"})
    void matchesExactArithmeticAndPlainDoublesBitForBit(int n, int d, int from, int to) {
        Random random = new Random(977L * n + d);
        float[] x = new float[n * d];
        double[] widened = new double[n * d];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2));
            widened[k] = x[k];
        }
        double[] y = random.doubles(n, -3, 3).toArray();
        int[] shuffled = random.ints(n, 0, n).toArray(); // repeats allowed: a batch may draw a row twice
        for (boolean intercept : new boolean[] {true, false}) {
            int p = d + (intercept ? 1 : 0);
            double[] theta = random.doubles(p, -1, 1).toArray();
            for (ScalarLoss loss : new ScalarLoss[] {Loss.mse(), new Huber(0.5), new Logistic()}) {
                double[] target = loss instanceof Logistic ? LinearPassTest.binary(y) : y;
                for (int[] order : new int[][] {null, shuffled}) {
                    double[] doubleGradient = new double[p];
                    double doubleValue = LinearKernel.lossAndGradient(DenseKernel.plain().over(widened, d), target, order,
                            from, to, theta, intercept, loss, doubleGradient);
                    double[] gradient = new double[p];
                    for (DenseKernel kernel : LinearPassTest.kernels()) {
                        String what = kernel.description() + ", " + loss.name() + (intercept ? ", intercept" : "")
                                + (order == null ? ", in order" : ", shuffled");
                        // Plain Java over the doubles is the reference itself.
                        List<RowLoops> loops = kernel == DenseKernel.plain() ? List.of(kernel.over(x, d))
                                : List.of(kernel.over(widened, d), kernel.over(x, d));
                        for (RowLoops rows : loops) {
                            double value = LinearKernel.lossAndGradient(rows, target, order, from, to, theta, intercept, loss,
                                    gradient);
                            assertEquals(doubleValue, value, 0, what);
                            assertArrayEquals(doubleGradient, gradient, 0, what);
                        }
                    }
                    assertMatchesExactSums(widened, target, d, order, from, to, theta, intercept, loss, doubleValue,
                            doubleGradient);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}, d={1}, rows {2}..{3}")
    @CsvSource({"5000, 32, 17, 4500", "3000, 64, 0, 3000", "2000, 40, 3, 1900"})
    void aParallelBatchGivesTheSameBitsOnAnyNumberOfThreadsAndMatchesExactArithmetic(int n, int d, int from, int to) {
        Random random = new Random(31L * n + d);
        double[] x = random.doubles((long) n * d, -2, 2).toArray();
        double[] y = random.doubles(n, -3, 3).toArray();
        double[] theta = random.doubles(d + 1, -1, 1).toArray();
        int[] shuffled = random.ints(n, 0, n).toArray();
        for (int[] order : new int[][] {null, shuffled}) {
            double[] gradient = new double[d + 1];
            double value = new LinearPass(x, y, d, true, DenseKernel.plain()).threads(1)
                    .lossAndGradient(order, from, to, theta, Loss.mse(), gradient);
            for (DenseKernel kernel : LinearPassTest.kernels()) {
                for (int threads : new int[] {1, 2, 3}) {
                    String what = kernel.description() + ", " + threads + " threads" + (order == null ? "" : ", shuffled");
                    double[] other = new double[d + 1];
                    LinearPass pass = new LinearPass(x, y, d, true, kernel).threads(threads);
                    assertEquals(value, pass.lossAndGradient(order, from, to, theta, Loss.mse(), other), 0, what);
                    assertArrayEquals(gradient, other, 0, what);
                }
            }
            assertMatchesExactSums(x, y, d, order, from, to, theta, true, Loss.mse(), value, gradient);
        }
    }

    /** A batch's loss and gradient against exact sums over its rows, written out in batch order. */
    private static void assertMatchesExactSums(double[] x, double[] y, int d, int[] order, int from, int to,
                                               double[] theta, boolean intercept, ScalarLoss loss, double value,
                                               double[] gradient) {
        double[] batchX = new double[(to - from) * d];
        double[] batchY = new double[to - from];
        for (int k = from; k < to; k++) {
            int i = order == null ? k : order[k];
            System.arraycopy(x, i * d, batchX, (k - from) * d, d);
            batchY[k - from] = y[i];
        }
        ExactReference.assertMatches(batchX, batchY, d, theta, intercept, loss, value, gradient);
    }

    @Test
    void aSmallBatchRunsAsOneBlockWithTheSequentialKernelsBits() {
        Random random = new Random(5);
        int n = 1000;
        int d = 32;
        double[] x = random.doubles(n * d, -2, 2).toArray();
        double[] y = random.doubles(n, -3, 3).toArray();
        double[] theta = random.doubles(d + 1, -1, 1).toArray();
        double[] expected = new double[d + 1];
        double[] gradient = new double[d + 1];
        double value = LinearKernel.lossAndGradient(DenseKernel.plain().over(x, d), y, null, 100, 356, theta, true,
                Loss.mse(), expected);
        assertEquals(value, new LinearPass(x, y, d, true, DenseKernel.plain())
                .lossAndGradient(null, 100, 356, theta, Loss.mse(), gradient), 0);
        assertArrayEquals(expected, gradient, 0);
        assertMatchesExactSums(x, y, d, null, 100, 356, theta, true, Loss.mse(), value, gradient);
        assertThrows(IllegalArgumentException.class, () -> new LinearPass(x, y, d, true, DenseKernel.plain())
                .lossAndGradient(null, 900, 1001, theta, Loss.mse(), gradient));
    }

    @Test
    void shapesAreChecked() {
        float[] x = {1, 2, 3, 4, 5, 6}; // 2 rows of 3 features: 3 weights, and a bias with intercept
        double[] y = {1, 2};
        RowLoops rows = DenseKernel.plain().over(x, 3);
        assertThrows(IllegalArgumentException.class,
                () -> LinearKernel.lossAndGradient(rows, y, null, 0, 2, new double[2], false, Loss.mse(), new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> LinearKernel.lossAndGradient(rows, y, null, 0, 2, new double[3], true, Loss.mse(), new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> LinearKernel.lossAndGradient(rows, y, null, 0, 2, new double[4], true, Loss.mse(), new double[3]));
        assertThrows(IllegalArgumentException.class, () -> LinearKernel.lossAndGradient(rows, new double[] {1, 2, 3},
                null, 0, 2, new double[4], true, Loss.mse(), new double[4]));
        // By hand: w = (1, 0, 0), b = 0.5 on rows 1 then 0: residuals 4.5 - 2 = 2.5 and 1.5 - 1 = 0.5, so the loss sum
        // is 6.25 + 0.25 = 6.5 and the gradient sum 2 * 2.5 * (4, 5, 6) + 2 * 0.5 * (1, 2, 3), 2 * 2.5 + 2 * 0.5.
        double[] gradient = {7, 7, 7, 7};
        assertEquals(6.5, LinearKernel.lossAndGradient(rows, y, new int[] {1, 0}, 0, 2, new double[] {1, 0, 0, 0.5},
                true, Loss.sse(), gradient));
        assertArrayEquals(new double[] {21, 27, 33, 6}, gradient);
    }
}
