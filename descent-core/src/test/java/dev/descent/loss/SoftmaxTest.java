package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.solve.SymmetricEigen;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private final Softmax softmax = new Softmax();

    @Test
    void valueIsMinusTheLogOfTheTrueClassProbabilityByHand() {
        double[] z = {1, 2, 3};
        double logSum = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        for (int y = 0; y < 3; y++) {
            assertEquals(logSum - z[y], softmax.value(z, y), 1e-15 * logSum);
        }
    }

    @Test
    void hugeScoresNeitherOverflowNorLoseTheLoss() {
        double[] z = {1000, 0, -1000};
        assertEquals(0, softmax.value(z, 0)); // e^-1000 underflows: the loss is 0 to double precision
        assertEquals(1000, softmax.value(z, 1), 1e-12);
        assertEquals(2000, softmax.value(z, 2), 1e-12);
        double[] p = new double[3];
        Softmax.probabilities(z, p);
        assertEquals(1, p[0]);
        assertEquals(0, p[2]);
    }

    @Test
    void aTinyLossKeepsItsDigits() {
        // log(1 + e^-40) = e^-40 (1 - e^-40 / 2 + ...): a naive log(sum e^z) - z_y gives 0.
        double[] z = {40, 0};
        double expected = Math.exp(-40);
        assertEquals(expected, softmax.value(z, 0), 1e-15 * expected);
        double[] derivatives = new double[2];
        softmax.valueAndDerivatives(z, 0, derivatives);
        // dL/dz_0 = p_0 - 1 = -e^-40 / (1 + e^-40); p_0 - 1 computed naively is 0.
        assertEquals(-expected, derivatives[0], 1e-15 * expected);
        assertEquals(expected, derivatives[1], 1e-15 * expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7})
    void derivativesMatchCentralDifferencesAndSumToZero(int k) {
        SplittableRandom random = new SplittableRandom(k);
        for (int trial = 0; trial < 20; trial++) {
            double[] z = random.doubles(k, -4, 4).toArray();
            int y = random.nextInt(k);
            double[] derivatives = new double[k];
            double value = softmax.valueAndDerivatives(z, y, derivatives);
            assertEquals(softmax.value(z, y), value, 0);
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double h = 1e-5;
                double[] up = z.clone();
                double[] down = z.clone();
                up[c] += h;
                down[c] -= h;
                double numeric = (softmax.value(up, y) - softmax.value(down, y)) / (2 * h);
                assertEquals(numeric, derivatives[c], 1e-9, "class " + c + " at " + Arrays.toString(z));
                sum += derivatives[c];
            }
            assertEquals(0, sum, 1e-15);
        }
    }

    @Test
    void twoClassesAreTheLogisticLossOfTheScoreDifference() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            double z0 = random.nextDouble(-30, 30);
            double z1 = random.nextDouble(-30, 30);
            for (int y = 0; y < 2; y++) {
                // log(1 + e^t) - y t for t = z1 - z0, written without overflow.
                double t = z1 - z0;
                double expected = Math.max(t, 0) - y * t + Math.log1p(Math.exp(-Math.abs(t)));
                assertEquals(expected, softmax.value(new double[] {z0, z1}, y), 1e-13 * Math.max(expected, 1e-300) + 1e-300);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theHessianInTheScoresNeverExceedsTheCurvatureBound(int k) {
        SplittableRandom random = new SplittableRandom(11);
        double largest = 0;
        for (int trial = 0; trial < 200; trial++) {
            double[] z = random.doubles(k, -3, 3).toArray();
            double[] hessian = new double[k * k];
            double h = 1e-5;
            for (int c = 0; c < k; c++) {
                double[] up = z.clone();
                double[] down = z.clone();
                up[c] += h;
                down[c] -= h;
                double[] gUp = new double[k];
                double[] gDown = new double[k];
                softmax.valueAndDerivatives(up, 0, gUp);
                softmax.valueAndDerivatives(down, 0, gDown);
                for (int r = 0; r < k; r++) {
                    hessian[r * k + c] = (gUp[r] - gDown[r]) / (2 * h);
                }
            }
            for (int r = 0; r < k; r++) { // symmetrise the rounding away
                for (int c = 0; c < r; c++) {
                    double mean = (hessian[r * k + c] + hessian[c * k + r]) / 2;
                    hessian[r * k + c] = mean;
                    hessian[c * k + r] = mean;
                }
            }
            double top = Arrays.stream(SymmetricEigen.eigenvalues(hessian, k)).max().orElseThrow();
            assertTrue(top <= softmax.curvatureBound() + 1e-8, "eigenvalue " + top + " at " + Arrays.toString(z));
            largest = Math.max(largest, top);
        }
        if (k == 2) {
            // Two equal scores: diag(p) - p p^T with p = (1/2, 1/2) has eigenvalue exactly 1/2, so the bound is tight.
            double[] gUp = new double[2];
            double[] gDown = new double[2];
            softmax.valueAndDerivatives(new double[] {1e-5, 0}, 0, gUp);
            softmax.valueAndDerivatives(new double[] {-1e-5, 0}, 0, gDown);
            double d00 = (gUp[0] - gDown[0]) / 2e-5;
            assertEquals(0.5, 2 * d00, 1e-8);
            assertEquals(2 * d00, softmax.curvatureBound(), 1e-8);
        }
        assertTrue(largest > 0.2, "the random scores should come near the bound, got " + largest);
    }

    @Test
    void probabilitiesSumToOneAndTheArgmaxIsTheFirstLargest() {
        double[] p = new double[4];
        Softmax.probabilities(new double[] {0.5, 2, 2, -1}, p);
        assertEquals(1, Arrays.stream(p).sum(), 1e-15);
        assertEquals(p[1], p[2]);
        assertEquals(1, Softmax.argmax(new double[] {0.5, 2, 2, -1}));
    }

    @Test
    void aClassOutsideTheScoresIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> softmax.value(new double[] {1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> softmax.value(new double[] {1, 2}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> softmax.value(new double[] {1, 2}, -1));
    }
}
