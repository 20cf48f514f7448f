package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.Hinge;
import dev.descent.loss.Huber;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sparse pass against the dense {@link LinearKernel} (itself checked against exact arithmetic in
 * {@link LinearPassTest}) on the same rows written out densely: awkward sizes, empty rows, a column
 * no row uses, several losses, mini-batches in any order; and the same bits on any number of threads.
 */
class SparsePassTest {
    private static final ScalarLoss[] LOSSES = {Loss.mse(), Loss.sse(), new Huber(0.5), new Logistic(), new Hinge()};

    /** Random CSR rows of n x d, each with up to {@code perRow} non-zeros (often none), never in column 0 or d - 1. */
    record Sparse(int[] rowStarts, int[] columns, double[] values, double[] y, int d) {
        static Sparse random(int n, int d, int perRow, long seed) {
            Random random = new Random(seed);
            int[] rowStarts = new int[n + 1];
            int[] columns = new int[n * perRow];
            double[] values = new double[n * perRow];
            int at = 0;
            for (int i = 0; i < n; i++) {
                int count = random.nextInt(4) == 0 ? 0 : random.nextInt(perRow + 1);
                int[] chosen = random.ints(1, Math.max(2, d - 1)).distinct().limit(Math.min(count, Math.max(0, d - 2)))
                        .sorted().toArray();
                for (int column : chosen) {
                    columns[at] = column;
                    values[at++] = random.nextGaussian();
                }
                rowStarts[i + 1] = at;
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextGaussian() * 2;
            }
            return new Sparse(rowStarts, Arrays.copyOf(columns, at), Arrays.copyOf(values, at), y, d);
        }

        double[] dense() {
            double[] x = new double[y.length * d];
            for (int i = 0; i < y.length; i++) {
                for (int at = rowStarts[i]; at < rowStarts[i + 1]; at++) {
                    x[i * d + columns[at]] = values[at];
                }
            }
            return x;
        }

        /** 0/1 labels for the classification losses. */
        double[] targetFor(ScalarLoss loss) {
            return loss.accepts(0.5) ? y : Arrays.stream(y).map(v -> v > 0 ? 1 : 0).toArray();
        }

        SparsePass pass(ScalarLoss loss, boolean intercept) {
            return new SparsePass(rowStarts, columns, values, targetFor(loss), d, intercept);
        }
    }

    @ParameterizedTest(name = "n={0}, d={1}")
    @CsvSource({"1, 1", "1, 3", "6, 4", "13, 7", "207, 19", "207, 300", "5000, 50"})
    void matchesTheDenseKernelOnTheSameRows(int n, int d) {
        Sparse data = Sparse.random(n, d, 6, 31L * n + d);
        double[] x = data.dense();
        Random random = new Random(n);
        for (boolean intercept : new boolean[] {true, false}) {
            double[] theta = random.doubles(d + (intercept ? 1 : 0), -1, 1).toArray();
            for (ScalarLoss loss : LOSSES) {
                double[] expected = new double[theta.length];
                double expectedLoss = LinearKernel.lossAndGradient(x, data.targetFor(loss), theta, intercept, loss, expected);
                double[] gradient = new double[theta.length];
                SparsePass pass = data.pass(loss, intercept);
                double value = pass.lossAndGradient(theta, loss, gradient);
                String what = loss.name() + (intercept ? "" : " without intercept");
                assertClose(expectedLoss, value, what + " loss");
                for (int k = 0; k < theta.length; k++) {
                    assertClose(expected[k], gradient[k], what + " gradient " + k);
                }
                // Columns 0 and d - 1 hold no value: their gradient is exactly 0, not a rounding of it.
                assertEquals(0, gradient[0], 0, what);
                assertEquals(0, gradient[d - 1], 0, what);
                assertEquals(value, pass.loss(theta, loss), 0, what + ": the loss alone, to the bit");
            }
        }
    }

    @Test
    void aMiniBatchInAnyOrderMatchesTheDenseKernel() {
        Sparse data = Sparse.random(207, 13, 5, 7);
        double[] x = data.dense();
        int[] order = new Random(3).ints(0, 207).distinct().limit(207).toArray();
        double[] theta = new Random(5).doubles(14, -1, 1).toArray();
        for (ScalarLoss loss : LOSSES) {
            double[] y = data.targetFor(loss);
            double[] expected = new double[14];
            double expectedLoss = LinearKernel.lossAndGradient(x, y, order, 50, 113, theta, true, loss, expected);
            double[] gradient = new double[14];
            Arrays.fill(gradient, Double.NaN); // overwritten, not added to
            double value = SparseKernel.lossAndGradient(data.rowStarts(), data.columns(), data.values(), y, order, 50, 113,
                    theta, true, loss, gradient);
            assertClose(expectedLoss, value, loss.name());
            for (int k = 0; k < 14; k++) {
                assertClose(expected[k], gradient[k], loss.name() + " gradient " + k);
            }
        }
    }

    @Test
    void givesTheSameBitsOnOneTwoThreeAndEightThreads() {
        Sparse data = Sparse.random(70_001, 1_001, 24, 11);
        for (ScalarLoss loss : new ScalarLoss[] {Loss.mse(), new Logistic()}) {
            SparsePass single = data.pass(loss, true).threads(1);
            assertTrue(single.blocks() > 4, "enough non-zeros for several blocks: " + single.blocks());
            double[] theta = new Random(9).doubles(1_002, -0.1, 0.1).toArray();
            double[] gradient = new double[1_002];
            double value = single.lossAndGradient(theta, loss, gradient);
            // No dense comparison at this size (70 million doubles): the tests above make it at awkward small sizes.
            for (int threads : new int[] {2, 3, 8}) {
                SparsePass pass = data.pass(loss, true).threads(threads);
                double[] other = new double[1_002];
                assertEquals(value, pass.lossAndGradient(theta, loss, other), 0, threads + " threads");
                assertArrayEquals(gradient, other, 0, threads + " threads");
                assertEquals(value, pass.loss(theta, loss), 0, threads + " threads");
            }
        }
    }

    @ParameterizedTest(name = "n={0}, d={1}")
    @CsvSource({"40000, 5000", "200000, 10", "13, 7"})
    void blocksHoldEnoughNonZerosToPayForTheirGradientSlots(int n, int d) {
        Sparse data = Sparse.random(n, d, 8, n);
        int blocks = data.pass(Loss.mse(), true).blocks();
        long nonZeros = data.values().length;
        assertTrue(blocks == 1 || blocks * 8L * (d + 1) <= nonZeros && blocks * 65_536L <= nonZeros && blocks <= 64,
                blocks + " blocks for " + nonZeros + " non-zeros in " + d + " columns");
        assertTrue(blocks > 1 || nonZeros < 2 * 65_536L || nonZeros < 16L * (d + 1), "a large pass is shared out");
    }

    /**
     * Two roundings of the same sum: the dense kernel adds zeros and groups rows four at a time, the sparse
     * one does neither. A dropped or doubled term of size about 1 would be far outside.
     */
    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)) + 1e-11, what);
    }
}
