package dev.descent.train;

import static dev.descent.train.LinearProblem.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer's stopping rules (loss and gradient tolerance, validation early stopping, time limit, the
 * growth guard), its determinism for a seed, and resuming from a saved optimizer state. Every stop is
 * checked against numbers recomputed here from the History or from the problem itself.
 */
class StoppingTest {
    private static final LinearProblem PROBLEM =
            LinearProblem.gaussian(5, 200, new double[] {1, -0.5, 2}, -1, 0.3);

    private static LinearModel zeros(LinearProblem problem) {
        return LinearModel.zeros(problem.data.featureNames(), true);
    }

    /** Every number a run produced: initial loss, per epoch the loss, validation loss and parameters, the model. */
    private static double[] everything(Fit fit) {
        History h = fit.history();
        List<Double> all = new ArrayList<>();
        all.add(h.initialLoss());
        for (int epoch = 1; epoch <= h.epochs(); epoch++) {
            all.add(h.loss(epoch));
            all.add(h.validationLoss(epoch));
            for (double v : h.parameters(epoch)) {
                all.add(v);
            }
        }
        for (double v : fit.model().parameters()) {
            all.add(v);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double previousLoss(History h, int epoch) {
        return epoch == 1 ? h.initialLoss() : h.loss(epoch - 1);
    }

    @Test
    void lossToleranceStopsAtTheFirstSmallChange() throws DivergenceException {
        double tol = 1e-9;
        int max = 100_000;
        Fit fit = Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(max).tolerance(tol).build()
                .fit(PROBLEM.data, zeros(PROBLEM));
        assertEquals(StopReason.LOSS_TOLERANCE, fit.stopReason());
        History h = fit.history();
        int last = h.epochs();
        assertTrue(last > 1 && last < max, "stopped after " + last + " epochs");
        // The rule, recomputed from the History: the last change is within tol * max(1, |loss|) ...
        double change = Math.abs(h.loss(last) - previousLoss(h, last));
        assertTrue(change <= tol * Math.max(1, Math.abs(h.loss(last))), "last change " + change);
        // ... and no earlier one was (it stopped at the first).
        for (int epoch = 1; epoch < last; epoch++) {
            double earlier = Math.abs(h.loss(epoch) - previousLoss(h, epoch));
            assertTrue(earlier > tol * Math.max(1, Math.abs(h.loss(epoch))), "epoch " + epoch + " already met the tolerance");
        }
        // The model returned is the last one recorded.
        assertArrayEquals(bits(h.parameters(last)), bits(fit.model().parameters()));
    }

    @Test
    void gradientToleranceStopsWhenTheRecomputedGradientIsWithinTheBound() throws DivergenceException {
        double gtol = 1e-6;
        double lr = 0.9 / PROBLEM.largestCurvature();
        Fit fit = Trainer.builder().optimizer(new GradientDescent(lr)).epochs(100_000).gradientTolerance(gtol).build()
                .fit(PROBLEM.data, zeros(PROBLEM));
        assertEquals(StopReason.GRADIENT_TOLERANCE, fit.stopReason());
        History h = fit.history();
        int last = h.epochs();
        // The gradient (2/n) A^T (A theta - y) recomputed here; it differs from the trainer's by rounding, well under
        // 1e-13 for O(1) data (see TrainerTest), so the bound holds to that.
        double[] g = PROBLEM.gradient(fit.model().parameters());
        assertTrue(LinearProblem.maxAbs(g) <= gtol + 1e-13, "|g| = " + LinearProblem.maxAbs(g));
        // The epoch before did not meet it.
        assertTrue(last > 1);
        assertTrue(LinearProblem.maxAbs(PROBLEM.gradient(h.parameters(last - 1))) > gtol - 1e-13);
        // And a central finite difference of the recomputed MSE agrees with the small gradient. The MSE is quadratic,
        // so the difference has no truncation error, only the rounding of the two losses divided by 2h.
        double[] theta = fit.model().parameters();
        double step = 1e-3;
        for (int k = 0; k < PROBLEM.p; k++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += step;
            down[k] -= step;
            double numeric = (PROBLEM.mse(up) - PROBLEM.mse(down)) / (2 * step);
            double rounding = (PROBLEM.mseRoundingBound(up) + PROBLEM.mseRoundingBound(down)) / (2 * step);
            assertTrue(Math.abs(numeric) <= gtol + rounding, "finite difference " + k + ": " + numeric);
        }
    }

    @Test
    void theTrainingRowsAreThoseTheLossIsTakenOn() throws DivergenceException {
        LinearProblem noisy = LinearProblem.gaussian(5, 40, new double[] {1, -2}, 0.5, 1);
        Trainer trainer = Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(30).validation(0.25, 1000).seed(3)
                .build();
        Fit fit = trainer.fit(noisy.data, zeros(noisy));
        int[] rows = trainer.trainingRowIndices(40);
        assertEquals(30, rows.length);
        assertEquals(30, Arrays.stream(rows).distinct().count());
        // the trainer's own loss after its last epoch is the loss on those rows, and not on all of them
        double onRows = new Objective(Loss.mse(), noisy.data.rows(rows)).value(fit.model());
        assertEquals(fit.history().finalLoss(), onRows, 1e-12 * onRows);
        double onAll = new Objective(Loss.mse(), noisy.data).value(fit.model());
        assertTrue(Math.abs(onAll - onRows) > 1e-6, onAll + " " + onRows);
        assertEquals(null, Trainer.builder().optimizer(new GradientDescent(0.05)).build().trainingRowIndices(40));
    }

    @Test
    void validationEarlyStoppingKeepsTheBestEpochsParameters() throws DivergenceException {
        // 40 noisy rows, 20 features of which only the first matters: 28 training rows nearly interpolated by 21
        // parameters, so the validation loss falls at first, then rises as gradient descent fits the noise.
        double[] trueW = new double[20];
        trueW[0] = 1;
        LinearProblem noisy = LinearProblem.gaussian(3, 40, trueW, 0, 1);
        int patience = 3;
        Fit fit = Trainer.builder().optimizer(new GradientDescent(0.02)).epochs(5000).validation(0.3, patience).seed(8)
                .build().fit(noisy.data, zeros(noisy));
        assertEquals(StopReason.EARLY_STOPPING, fit.stopReason());
        History h = fit.history();
        int last = h.epochs();
        assertTrue(last < 5000);
        int best = 1;
        for (int epoch = 1; epoch <= last; epoch++) {
            double v = h.validationLoss(epoch);
            assertFalse(Double.isNaN(v), "validation loss at epoch " + epoch);
            assertTrue(Double.isFinite(v));
            if (v < h.validationLoss(best)) {
                best = epoch;
            }
        }
        // Stopped exactly `patience` epochs after the best, none of which improved on it.
        assertEquals(patience, last - best, "best epoch " + best + " of " + last);
        for (int epoch = best + 1; epoch <= last; epoch++) {
            assertTrue(h.validationLoss(epoch) >= h.validationLoss(best));
        }
        assertTrue(h.validationLoss(best) < h.validationLoss(1), "the validation loss did improve at first");
        // The model returned is the one of the best epoch, bit for bit; not the last.
        assertArrayEquals(bits(h.parameters(best)), bits(fit.model().parameters()));
        assertFalse(Arrays.equals(h.parameters(last), fit.model().parameters()));

        // The two losses are the MSEs of the two parts of the data: with 12 rows held out (0.3 of 40) and 28
        // trained on, 28 L_train + 12 L_validation = 40 L_all at every epoch's parameters (recomputed here).
        for (int epoch = 1; epoch <= last; epoch++) {
            double all = 40 * noisy.mse(h.parameters(epoch));
            double parts = 28 * h.loss(epoch) + 12 * h.validationLoss(epoch);
            assertEquals(all, parts, 1e-12 * all, "epoch " + epoch);
        }
    }

    @Test
    void aZeroTimeLimitStopsAfterTheFirstEpoch() throws DivergenceException {
        Fit fit = Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(1000).timeLimit(Duration.ZERO).build()
                .fit(PROBLEM.data, zeros(PROBLEM));
        assertEquals(StopReason.TIME_LIMIT, fit.stopReason());
        assertEquals(1, fit.epochs());
        // One gradient step from zeros: theta_1 = -lr * g(0), with g recomputed here (200-term sums whose terms
        // total < 10 in size: ~200 u * 10 = 2e-13 apart at worst, before the factor lr).
        double[] g = PROBLEM.gradient(new double[PROBLEM.p]);
        double[] theta = fit.model().parameters();
        for (int k = 0; k < PROBLEM.p; k++) {
            assertEquals(-0.05 * g[k], theta[k], 1e-12);
        }
    }

    @Test
    void aRateJustAboveTwoOverLIsStoppedByTheGrowthGuard() throws DataException, DivergenceException {
        // With lr = 2.02/L, the top eigen-direction's error is multiplied by 1 - 2.02 = -1.02 each epoch: the loss
        // grows by ~4% per epoch, far from overflow, so only the guard (10 rises in a row, above the start) stops it.
        // The loss path is predicted here in closed form on the quadratic: e_k = (I - lr H) e_{k-1}, e = theta - theta*,
        // f_k = f* + e_k^T H e_k / 2, with theta* from the exact solver and H built here.
        double L = PROBLEM.largestCurvature();
        double lr = 2.02 / L;
        double[][] hessian = PROBLEM.hessian();
        double[] optimum = PROBLEM.optimum();
        double fStar = PROBLEM.mse(optimum);
        double[] e = new double[PROBLEM.p];
        for (int k = 0; k < PROBLEM.p; k++) {
            e[k] = -optimum[k]; // from zeros
        }
        double f0 = fStar + quadratic(hessian, e) / 2;
        double previous = f0;
        int rises = 0;
        int predicted = -1;
        int predictedRises = 0;
        double smallestRelativeChange = Double.POSITIVE_INFINITY;
        for (int epoch = 1; epoch <= 10_000 && predicted < 0; epoch++) {
            double[] he = multiply(hessian, e);
            for (int k = 0; k < PROBLEM.p; k++) {
                e[k] -= lr * he[k];
            }
            double f = fStar + quadratic(hessian, e) / 2;
            smallestRelativeChange = Math.min(smallestRelativeChange, Math.abs(f - previous) / f);
            smallestRelativeChange = Math.min(smallestRelativeChange, Math.abs(f - f0) / f);
            rises = f > previous ? rises + 1 : 0;
            if (rises >= 10 && f > f0) {
                predicted = epoch;
                predictedRises = rises; // the loss may have been rising for longer, below where it started
            }
            previous = f;
        }
        assertTrue(predicted > 10, "predicted epoch " + predicted);
        // The prediction is robust to rounding: no comparison it made was closer than 1e-9 relative.
        assertTrue(smallestRelativeChange > 1e-9, "a near tie: " + smallestRelativeChange);

        List<EpochEvent> seen = new ArrayList<>();
        DivergenceException thrown = assertThrows(DivergenceException.class,
                () -> new Trainer(Loss.mse(), new GradientDescent(lr), 100_000).fit(PROBLEM.data, zeros(PROBLEM), seen::add));
        assertEquals(predicted, thrown.epoch());
        String message = thrown.getMessage();
        assertTrue(message.contains("grew"), message);
        assertTrue(message.contains("grew for " + predictedRises + " epochs in a row"), message);
        assertTrue(message.contains("at epoch " + predicted), message);
        assertTrue(message.contains("2/L"), message);
        for (EpochEvent event : seen) {
            assertTrue(Double.isFinite(event.loss()));
        }
        assertEquals(predicted - 1, seen.size(), "listeners saw every epoch before the one that stopped it");
        // resumed after three epochs, the run names its epoch as counted in it and from the first run's start
        Fit first = new Trainer(Loss.mse(), new GradientDescent(lr), 3).fit(PROBLEM.data, zeros(PROBLEM));
        DivergenceException resumed = assertThrows(DivergenceException.class,
                () -> new Trainer(Loss.mse(), new GradientDescent(lr), 100_000).fit(PROBLEM.data, first.model(),
                        first.state(), TrainingListener.NONE));
        assertTrue(resumed.getMessage().contains("at epoch " + resumed.epoch() + " of this run (" + (3 + resumed.epoch())
                + " counting the epochs it resumes)"), resumed.getMessage());
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = LinearProblem.dot(m[i], v);
        }
        return r;
    }

    private static double quadratic(double[][] m, double[] v) {
        return LinearProblem.dot(v, multiply(m, v));
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedDoesNot() throws DivergenceException {
        Trainer.Builder builder = Trainer.builder().optimizer(new GradientDescent(0.02)).epochs(20).batchSize(16);
        double[] first = everything(builder.seed(5).build().fit(PROBLEM.data, zeros(PROBLEM)));
        double[] again = everything(builder.seed(5).build().fit(PROBLEM.data, zeros(PROBLEM)));
        double[] other = everything(builder.seed(6).build().fit(PROBLEM.data, zeros(PROBLEM)));
        assertArrayEquals(bits(first), bits(again));
        assertEquals(first.length, other.length);
        assertFalse(Arrays.equals(bits(first), bits(other)), "a different seed must shuffle the batches differently");
        // The initial loss does not depend on the seed; the first epoch's parameters already do.
        assertEquals(first[0], other[0], 0.0);
    }

    private static Trainer adam(int epochs) {
        return Trainer.builder().optimizer(Adam.of(0.05)).epochs(epochs).build();
    }

    @Test
    void resumingFromTheSavedStateGivesTheSameBitsAsOneLongRun() throws DivergenceException {
        Fit oneGo = adam(20).fit(PROBLEM.data, zeros(PROBLEM));
        Fit firstHalf = adam(10).fit(PROBLEM.data, zeros(PROBLEM));
        assertEquals(10, firstHalf.state().steps());
        Fit secondHalf = adam(10).fit(PROBLEM.data, firstHalf.model(), firstHalf.state(), event -> { });
        assertEquals(20, secondHalf.state().steps());
        assertArrayEquals(bits(oneGo.model().parameters()), bits(secondHalf.model().parameters()));
        History whole = oneGo.history();
        History second = secondHalf.history();
        assertEquals(Double.doubleToRawLongBits(whole.loss(10)), Double.doubleToRawLongBits(second.initialLoss()));
        for (int epoch = 1; epoch <= 10; epoch++) {
            assertEquals(Double.doubleToRawLongBits(whole.loss(10 + epoch)), Double.doubleToRawLongBits(second.loss(epoch)));
            assertArrayEquals(bits(whole.parameters(10 + epoch)), bits(second.parameters(epoch)));
        }
        // Resuming matters: a fresh Adam from the same parameters (bias correction restarted) goes elsewhere.
        Fit fresh = adam(10).fit(PROBLEM.data, firstHalf.model());
        assertFalse(Arrays.equals(bits(oneGo.model().parameters()), bits(fresh.model().parameters())));
    }

    @Test
    void resumingLeavesTheSavedStateUntouched() throws DivergenceException {
        Fit firstHalf = adam(10).fit(PROBLEM.data, zeros(PROBLEM));
        long steps = firstHalf.state().steps();
        double[] moment = firstHalf.state().slot("first_moment").clone();
        Fit once = adam(10).fit(PROBLEM.data, firstHalf.model(), firstHalf.state(), event -> { });
        assertEquals(steps, firstHalf.state().steps(), "the saved state's step count changed");
        assertArrayEquals(bits(moment), bits(firstHalf.state().slot("first_moment")));
        Fit twice = adam(10).fit(PROBLEM.data, firstHalf.model(), firstHalf.state(), event -> { });
        assertArrayEquals(bits(once.model().parameters()), bits(twice.model().parameters()));
    }

    @Test
    void resumingWithAScheduleContinuesTheSchedule() throws DivergenceException {
        Trainer.Builder builder = Trainer.builder().optimizer(Adam.of(0.05)).schedule(new Schedule.Exponential(0.8));
        Fit oneGo = builder.epochs(20).build().fit(PROBLEM.data, zeros(PROBLEM));
        Fit firstHalf = builder.epochs(10).build().fit(PROBLEM.data, zeros(PROBLEM));
        Fit secondHalf = builder.epochs(10).build().fit(PROBLEM.data, firstHalf.model(), firstHalf.state(), event -> { });
        assertArrayEquals(bits(oneGo.model().parameters()), bits(secondHalf.model().parameters()));
    }
}
