package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every schedule's factor against its closed form, with the values worked out by hand. Tolerance: the
 * hand values are exact or a few roundings away (pow, cos); 1e-15 is ~5 u on factors <= 1.
 */
class ScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void constantIsOneAlways() {
        Schedule s = Schedule.constant();
        for (int t : new int[] {0, 1, 7, 1000, Integer.MAX_VALUE}) {
            assertEquals(1.0, s.factor(t), 0.0);
        }
    }

    @Test
    void stepMultipliesByGammaEveryFewEpochs() {
        // gamma^floor(t / every) with every 3, gamma 0.5: 1 1 1 0.5 0.5 0.5 0.25 ..., 0.5^3 at t = 9..11.
        Schedule s = new Schedule.Step(3, 0.5);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.0625};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.factor(t), 0.0, "t = " + t);
        }
        // every 1 is the exponential schedule.
        assertEquals(0.1 * 0.1 * 0.1, new Schedule.Step(1, 0.1).factor(3), TOL);
    }

    @Test
    void exponentialIsGammaToTheT() {
        Schedule s = new Schedule.Exponential(0.9);
        assertEquals(1.0, s.factor(0), 0.0);
        assertEquals(0.9, s.factor(1), TOL);
        assertEquals(0.81, s.factor(2), TOL);
        assertEquals(0.729, s.factor(3), TOL);
        // 0.9^10 = 0.3486784401 exactly in decimal.
        assertEquals(0.3486784401, s.factor(10), TOL);
        assertEquals(Math.exp(100 * Math.log(0.9)), s.factor(100), 1e-12 * s.factor(100));
    }

    @Test
    void inverseTimeIsOneOverOnePlusDecayT() {
        Schedule s = new Schedule.InverseTime(0.5);
        assertEquals(1.0, s.factor(0), 0.0);
        assertEquals(2.0 / 3, s.factor(1), TOL);
        assertEquals(0.5, s.factor(2), 0.0);
        assertEquals(0.2, s.factor(8), TOL);
        assertEquals(1.0 / 501, s.factor(1000), TOL);
        // A decay of 0 is the constant rate.
        assertEquals(1.0, new Schedule.InverseTime(0).factor(12345), 0.0);
    }

    @Test
    void cosineAnnealsFromOneToTheFloorThenStaysThere() {
        // floor + (1 - floor)(1 + cos(pi t / T)) / 2, T = 4, floor = 0.1:
        // t=0: 1; t=1: 0.1 + 0.9 (1 + sqrt(2)/2)/2; t=2: 0.1 + 0.45 = 0.55; t=3: 0.1 + 0.9 (1 - sqrt(2)/2)/2; t=4: 0.1.
        Schedule s = new Schedule.Cosine(4, 0.1);
        double r = Math.sqrt(2) / 2;
        assertEquals(1.0, s.factor(0), TOL);
        assertEquals(0.1 + 0.9 * (1 + r) / 2, s.factor(1), TOL);
        assertEquals(0.55, s.factor(2), TOL);
        assertEquals(0.1 + 0.9 * (1 - r) / 2, s.factor(3), TOL);
        assertEquals(0.1, s.factor(4), TOL);
        // Past its period it stays at the floor (no restart).
        for (int t : new int[] {5, 6, 8, 9, 100, 1_000_000}) {
            assertEquals(0.1, s.factor(t), TOL, "t = " + t);
        }
        // Floor 0: the rate reaches zero at the period; floor 1: constant.
        Schedule toZero = new Schedule.Cosine(10, 0);
        assertEquals(0.5, toZero.factor(5), TOL);
        assertEquals(0.0, toZero.factor(10), TOL);
        assertEquals(0.0, toZero.factor(11), TOL);
        assertEquals(1.0, new Schedule.Cosine(10, 1).factor(3), TOL);
        // Monotone non-increasing over the whole range.
        for (int t = 1; t < 40; t++) {
            assertTrue(s.factor(t) <= s.factor(t - 1), "t = " + t);
        }
    }

    @Test
    void warmUpRisesLinearlyThenStartsTheNextScheduleAfresh() {
        // (t + 1) / 3 for t = 0, 1, 2; then Cosine(4, 0) at t - 3.
        Schedule s = new Schedule.WarmUp(3, new Schedule.Cosine(4, 0));
        double r = Math.sqrt(2) / 2;
        assertEquals(1.0 / 3, s.factor(0), TOL);
        assertEquals(2.0 / 3, s.factor(1), TOL);
        assertEquals(1.0, s.factor(2), TOL);
        assertEquals(1.0, s.factor(3), TOL); // the cosine at its own t = 0
        assertEquals((1 + r) / 2, s.factor(4), TOL);
        assertEquals(0.5, s.factor(5), TOL);
        assertEquals((1 - r) / 2, s.factor(6), TOL);
        assertEquals(0.0, s.factor(7), TOL);
        assertEquals(0.0, s.factor(50), TOL);
        // A warm-up of one epoch starts at the full rate.
        assertEquals(1.0, new Schedule.WarmUp(1, Schedule.constant()).factor(0), 0.0);
        assertEquals(0.5, new Schedule.WarmUp(1, new Schedule.Exponential(0.5)).factor(2), 0.0);
    }

    @Test
    void badArgumentsAreRejected() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Executable[] bad = {
            () -> new Schedule.Step(0, 0.5), () -> new Schedule.Step(-1, 0.5), () -> new Schedule.Step(2, 0),
            () -> new Schedule.Step(2, -0.5), () -> new Schedule.Step(2, nan), () -> new Schedule.Step(2, inf),
            () -> new Schedule.Exponential(0), () -> new Schedule.Exponential(-0.9), () -> new Schedule.Exponential(nan),
            () -> new Schedule.Exponential(inf),
            () -> new Schedule.InverseTime(-0.1), () -> new Schedule.InverseTime(nan), () -> new Schedule.InverseTime(inf),
            () -> new Schedule.Cosine(0, 0.1), () -> new Schedule.Cosine(-5, 0.1), () -> new Schedule.Cosine(10, -0.1),
            () -> new Schedule.Cosine(10, 1.1), () -> new Schedule.Cosine(10, nan),
            () -> new Schedule.WarmUp(0, Schedule.constant()), () -> new Schedule.WarmUp(-2, Schedule.constant()),
        };
        for (int i = 0; i < bad.length; i++) {
            assertThrows(IllegalArgumentException.class, bad[i], "bad schedule #" + i + " was accepted");
        }
    }

    @Test
    void warmUpRejectsAMissingFollowingSchedule() {
        assertThrows(RuntimeException.class, () -> new Schedule.WarmUp(3, null));
    }
}
