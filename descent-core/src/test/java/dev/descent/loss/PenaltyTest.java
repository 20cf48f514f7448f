package dev.descent.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The penalty {@code l2/2 ||w||^2 + l1 ||w||_1}, its smooth gradient {@code l2 w} and the L1 proximal
 * step {@code sign(w) max(|w| - lr l1, 0)} (soft thresholding), by hand. The numbers are chosen to be
 * exact in binary (halves, quarters, integers), so most comparisons are exact.
 */
class PenaltyTest {
    private static final IntPredicate LAST_IS_BIAS = flags(true, true, true, false);

    @Test
    void valueIsHalfL2SquaresPlusL1AbsolutesOverPenalisedParametersOnly() {
        double[] w = {3, -4, 0.5, 100}; // the 100 is the unpenalised bias
        // l2 = 2: 2/2 (9 + 16 + 0.25) = 25.25; l1 = 0.5: 0.5 (3 + 4 + 0.5) = 3.75; total 29.
        assertEquals(29.0, new Penalty(0.5, 2).value(w, LAST_IS_BIAS), 0.0);
        assertEquals(25.25, new Penalty(0, 2).value(w, LAST_IS_BIAS), 0.0);
        assertEquals(3.75, new Penalty(0.5, 0).value(w, LAST_IS_BIAS), 0.0);
        assertEquals(0.0, Penalty.NONE.value(w, LAST_IS_BIAS), 0.0);
        // Every flag set: the bias counts too, 100 more for l1 = 1 and 10000/2 more for l2 = 1.
        assertEquals(7.5 + 100 + (25.25 + 10000) / 2, new Penalty(1, 1).value(w, flags(true, true, true, true)), 0.0);
        // No flag set: nothing is penalised.
        assertEquals(0.0, new Penalty(1, 1).value(w, flags(false, false, false, false)), 0.0);
    }

    @Test
    void smoothGradientAddsL2TimesWToPenalisedParametersOnly() {
        double[] w = {3, -4, 0.5, 100};
        double[] g = {1, 1, 1, 1};
        new Penalty(7, 2).addSmoothGradient(w, LAST_IS_BIAS, g); // the l1 part adds nothing here
        assertArrayEquals(new double[] {7, -7, 2, 1}, g, 0.0);
        assertArrayEquals(new double[] {3, -4, 0.5, 100}, w, 0.0, "the parameters are left alone");
        double[] untouched = {1, 1, 1, 1};
        new Penalty(7, 0).addSmoothGradient(w, LAST_IS_BIAS, untouched);
        assertArrayEquals(new double[] {1, 1, 1, 1}, untouched, 0.0);
    }

    @Test
    void smoothGradientIsTheDerivativeOfTheL2Value() {
        // Central difference of the L2 value, which is quadratic: exact up to rounding (h = 2^-10 keeps it tiny).
        Penalty l2 = new Penalty(0, 0.75);
        double[] w = {1.25, -2.5, 0.125, 9};
        double[] g = new double[4];
        l2.addSmoothGradient(w, LAST_IS_BIAS, g);
        double h = 0x1p-10;
        for (int k = 0; k < 4; k++) {
            double[] up = w.clone();
            double[] down = w.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (l2.value(up, LAST_IS_BIAS) - l2.value(down, LAST_IS_BIAS)) / (2 * h);
            assertEquals(numeric, g[k], 1e-12, "parameter " + k);
        }
    }

    @Test
    void proximalSoftThresholdsToExactZerosAndKeepsSigns() {
        // lr 0.25, l1 2: threshold 0.5.
        double[] w = {0.3, -0.5, 0.5, -0.25, 2, -3, 0.75, 0.2};
        IntPredicate flags = flags(true, true, true, true, true, true, true, false);
        new Penalty(2, 0).proximal(w, flags, 0.25);
        // |w| <= 0.5: exactly zero (an IEEE -0.0 is also == 0.0); |w| > 0.5: moved 0.5 towards zero, sign kept;
        // the unpenalised last one stays 0.2 even though it is under the threshold.
        double[] expected = {0, 0, 0, 0, 1.5, -2.5, 0.25, 0.2};
        for (int k = 0; k < w.length; k++) {
            assertTrue(w[k] == expected[k], "parameter " + k + ": expected " + expected[k] + ", got " + w[k]);
        }
        // No L1 part: nothing changes, whatever the L2 part.
        double[] same = {0.3, -0.5, 0.01};
        new Penalty(0, 5).proximal(same, flags(true, true, true), 1);
        assertArrayEquals(new double[] {0.3, -0.5, 0.01}, same, 0.0);
    }

    @Test
    void proximalStepMinimisesItsObjective() {
        // The proximal point of l1 |.| with step lr is argmin_z (z - w)^2 / (2 lr) + l1 |z|. Check it against a
        // fine grid search around the answer for several w: no grid point does better (to rounding of the objective).
        double lr = 0.1;
        double l1 = 3;
        for (double w0 : new double[] {-1, -0.31, -0.3, -0.05, 0, 0.2, 0.3, 0.45, 2}) {
            double[] w = {w0};
            new Penalty(l1, 0).proximal(w, flags(true), lr);
            double z = w[0];
            double best = (z - w0) * (z - w0) / (2 * lr) + l1 * Math.abs(z);
            for (int i = -2000; i <= 2000; i++) {
                double c = z + i * 1e-4;
                double f = (c - w0) * (c - w0) / (2 * lr) + l1 * Math.abs(c);
                assertTrue(f >= best - 1e-12, "w = " + w0 + ": " + c + " beats the proximal point " + z);
            }
        }
    }

    @Test
    void badStrengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Penalty(-0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Penalty(0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Penalty(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Penalty(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Penalty(Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new Penalty(0, Double.POSITIVE_INFINITY));
        assertTrue(Penalty.NONE.isNone());
        assertTrue(new Penalty(0, 0).isNone());
        assertFalse(new Penalty(1e-300, 0).isNone());
        assertFalse(new Penalty(0, 1e-300).isNone());
    }

    /** The penalised flags as the predicate Penalty takes (a model's {@code penalised}). */
    private static IntPredicate flags(boolean... penalised) {
        return k -> penalised[k];
    }
}
