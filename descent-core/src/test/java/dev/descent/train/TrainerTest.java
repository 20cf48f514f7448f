package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The trainer's contract: deterministic, hands-off its inputs, loud when it diverges, tells listeners every epoch. */
class TrainerTest {

    private static Dataset randomData(long seed, int n, int d) {
        Random random = new Random(seed);
        double[][] rows = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = random.nextGaussian();
            }
            y[i] = 1 + 2 * rows[i][0] + random.nextGaussian();
        }
        return Dataset.of(rows, y);
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            bits[k] = Double.doubleToRawLongBits(values[k]);
        }
        return bits;
    }

    /** Every number a run produced, in order: initial loss, then per epoch the loss and parameters, then the model. */
    private static double[] everything(Fit fit) {
        History h = fit.history();
        List<Double> all = new ArrayList<>();
        all.add(h.initialLoss());
        for (int epoch = 1; epoch <= h.epochs(); epoch++) {
            all.add(h.loss(epoch));
            for (double v : h.parameters(epoch)) {
                all.add(v);
            }
        }
        for (double v : fit.model().parameters()) {
            all.add(v);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void sameInputsGiveTheSameBits() throws DivergenceException {
        Trainer trainer = new Trainer(Loss.mse(), new GradientDescent(0.05), 200);
        // Two data sets built separately from the same seed, and a third run on the first again.
        Dataset one = randomData(9, 300, 7);
        Dataset two = randomData(9, 300, 7);
        LinearModel start = LinearModel.of(one.featureNames(), new double[] {0.1, -0.2, 0.3, 0, 0, 1, -1}, 0.5);
        double[] first = everything(trainer.fit(one, start));
        double[] second = everything(trainer.fit(two, start));
        double[] third = everything(new Trainer(Loss.mse(), new GradientDescent(0.05), 200).fit(one, start));
        assertArrayEquals(bits(first), bits(second));
        assertArrayEquals(bits(first), bits(third));
    }

    @Test
    void fitLeavesTheDataAndTheStartingModelAlone() throws DivergenceException {
        Dataset data = randomData(10, 50, 3);
        double[] features = data.featureData().clone();
        double[] target = data.targetData().clone();
        LinearModel start = LinearModel.of(data.featureNames(), new double[] {1, 2, 3}, 4);
        double[] startParameters = start.parameters();
        LinearModel startCopy = LinearModel.of(data.featureNames(), new double[] {1, 2, 3}, 4);

        Fit fit = new Trainer(Loss.sse(), new GradientDescent(1e-3), 25).fit(data, start);

        assertArrayEquals(bits(features), bits(data.featureData()));
        assertArrayEquals(bits(target), bits(data.targetData()));
        assertArrayEquals(bits(startParameters), bits(start.parameters()));
        assertEquals(startCopy, start);
        assertTrue(!Arrays.equals(startParameters, fit.model().parameters()), "the fitted model is a new one");
    }

    @Test
    void aFarTooLargeLearningRateIsCaughtWithTheStableBound() {
        // x = 1, 2, 3, 4 with intercept: the MSE Hessian is (2/4) [[30, 10], [10, 4]], whose largest eigenvalue is
        // L = (17 + sqrt(269)) / 2 = 16.70 by hand, so gradient descent is stable only below 2/L = 0.1198.
        Dataset data = Dataset.ofSingleFeature(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 8});
        double stableBelow = 2 / ((17 + Math.sqrt(269)) / 2);
        List<EpochEvent> seen = new ArrayList<>();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> new Trainer(Loss.mse(), new GradientDescent(10), 10_000)
                        .fit(data, LinearModel.zeros(List.of("x"), true), seen::add));
        String message = e.getMessage();
        assertTrue(e.epoch() > 1, "the loss is finite at the start and after one step: " + e.epoch());
        assertTrue(message.contains("epoch " + e.epoch()), message);
        assertTrue(message.contains("learning rate 10.0"), message);
        assertTrue(message.contains("stable only below 2/L"), message);
        Matcher bound = Pattern.compile("2/L = ([0-9.eE+-]+)").matcher(message);
        assertTrue(bound.find(), message);
        // Printed to 3 significant digits: within half a unit in the third digit, 5e-3 relative.
        assertEquals(stableBelow, Double.parseDouble(bound.group(1)), 5e-3 * stableBelow, message);
        // The epoch named is the first whose loss is not finite: listeners saw every epoch before it, all finite.
        assertEquals(e.epoch() - 1, seen.size());
        for (int k = 0; k < seen.size(); k++) {
            assertEquals(k + 1, seen.get(k).epoch());
            assertTrue(Double.isFinite(seen.get(k).loss()));
        }
    }

    /** x = 1e200, 2e200 and weight 1: the first residual squared is 1e400, beyond the largest double. */
    private static DivergenceException startingLossOverflows() {
        Dataset data = Dataset.ofSingleFeature(new double[] {1e200, 2e200}, new double[] {0, 0});
        return assertThrows(DivergenceException.class, () -> new Trainer(Loss.mse(), new GradientDescent(1e-300), 10)
                .fit(data, LinearModel.of(List.of("x"), new double[] {1}, 0)));
    }

    @Test
    void aLossThatIsNotFiniteAtTheStartIsReportedAtEpochZero() {
        DivergenceException e = startingLossOverflows();
        assertEquals(0, e.epoch());
        assertTrue(e.getMessage().contains("starting parameters"), e.getMessage());
    }

    @Test
    void aLossThatIsNotFiniteAtTheStartDoesNotBlameTheLearningRate() {
        DivergenceException e = startingLossOverflows();
        assertFalse(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void listenerHearsEveryEpochInOrderWithTheHistorysNumbers() throws DivergenceException {
        int n = 40;
        Dataset data = randomData(11, n, 2);
        List<EpochEvent> events = new ArrayList<>();
        int epochs = 30;
        Fit fit = new Trainer(Loss.mse(), new GradientDescent(0.1), epochs)
                .fit(data, LinearModel.zeros(data.featureNames(), true), events::add);
        History history = fit.history();
        assertEquals(epochs, events.size());
        for (int k = 0; k < epochs; k++) {
            EpochEvent event = events.get(k);
            int epoch = k + 1;
            assertEquals(epoch, event.epoch());
            assertArrayEquals(bits(history.parameters(epoch)), bits(event.parameters()));
            assertEquals(Double.doubleToRawLongBits(history.loss(epoch)), Double.doubleToRawLongBits(event.loss()));
            // The event's gradient is the MSE gradient at its parameters: (2/n) A^T (A theta - y), computed here.
            // Both sides round each 3-term residual and a 40-term sum: at most about (40 + 5) u = 5e-15 of the
            // absolute terms summed in `scale`; 1e-13 (about 900 u) leaves margin and still catches any real error.
            double[] theta = event.parameters();
            double[] expected = new double[3];
            double scale = 0;
            for (int i = 0; i < n; i++) {
                double e = theta[0] * data.feature(i, 0) + theta[1] * data.feature(i, 1) + theta[2] - data.target(i);
                double[] a = {data.feature(i, 0), data.feature(i, 1), 1};
                for (int j = 0; j < 3; j++) {
                    expected[j] += 2.0 / n * e * a[j];
                }
                scale += 2.0 / n * (Math.abs(e) + Math.abs(theta[0] * a[0]) + Math.abs(theta[1] * a[1]) + Math.abs(theta[2])
                        + Math.abs(data.target(i))) * (Math.abs(a[0]) + Math.abs(a[1]) + 1);
            }
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[j], event.gradient()[j], 1e-13 * scale, "gradient " + j + " at epoch " + epoch);
            }
        }
        assertArrayEquals(bits(history.parameters(epochs)), bits(fit.model().parameters()));
    }

    @Test
    void zeroEpochsOnlyEvaluatesTheStart() throws DivergenceException {
        // y = 2x + 1 exactly, and the start is that line: the loss is 0 and nothing moves.
        Dataset data = Dataset.ofSingleFeature(new double[] {0, 1, 2}, new double[] {1, 3, 5});
        LinearModel line = LinearModel.of(List.of("x"), new double[] {2}, 1);
        Fit fit = new Trainer(Loss.mse(), new GradientDescent(0.1), 0).fit(data, line);
        assertEquals(0, fit.history().epochs());
        assertEquals(0.0, fit.history().initialLoss());
        assertEquals(0.0, fit.history().finalLoss());
        assertEquals(line, fit.model());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(Loss.mse(), new GradientDescent(0.1), -1));
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(0));
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(Double.NaN));
    }
}
