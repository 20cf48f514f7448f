package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.Momentum;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mini-batch epochs of a linear model against the same updates written out here: momentum, a rate
 * that decays every epoch, batches in file order (the last one short), and the loss over all rows
 * after every epoch. The trainer runs each epoch's batches while another thread takes the last
 * epoch's loss, so this holds what the next epoch adopts (parameters, velocity, rate, epoch count)
 * and that a stop keeps the epoch it stopped at, not the one run ahead.
 */
class MiniBatchEpochsTest {
    private static final int N = 203;
    private static final int D = 3;
    private static final int BATCH = 16;
    private static final double RATE = 0.05;
    private static final double MOMENTUM = 0.9;
    private static final double DECAY = 0.8;
    private static final int EPOCHS = 6;

    private final Dataset data = data();

    private static Dataset data() {
        Random random = new Random(17);
        double[][] rows = new double[N][D];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                rows[i][j] = random.nextGaussian();
            }
            y[i] = 3 - rows[i][0] + 0.5 * rows[i][2] + 0.1 * random.nextGaussian();
        }
        return Dataset.of(rows, y);
    }

    private Trainer.Builder trainer() {
        return Trainer.builder().loss(Loss.mse()).optimizer(new Momentum(RATE, MOMENTUM))
                .schedule(new Schedule.Exponential(DECAY)).batchSize(BATCH).shuffle(Shuffle.NONE).epochs(EPOCHS);
    }

    private LinearModel start() {
        return LinearModel.of(data.featureNames(), new double[] {0.2, -0.1, 0}, 0.5);
    }

    /** By hand: the parameters after each epoch (row 0 the start), then each epoch's MSE over all rows. */
    private double[][] byHand() {
        double[][] path = new double[EPOCHS + 1][];
        double[] theta = start().parameters();
        double[] velocity = new double[D + 1];
        path[0] = theta.clone();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double rate = RATE * Math.pow(DECAY, epoch);
            for (int from = 0; from < N; from += BATCH) {
                int to = Math.min(N, from + BATCH);
                double[] gradient = new double[D + 1];
                for (int i = from; i < to; i++) {
                    double r = 2 * (prediction(theta, i) - data.target(i)) / (to - from); // d/dy_pred of the batch's mean
                    for (int j = 0; j < D; j++) {
                        gradient[j] += r * data.feature(i, j);
                    }
                    gradient[D] += r;
                }
                for (int k = 0; k <= D; k++) {
                    velocity[k] = MOMENTUM * velocity[k] + gradient[k];
                    theta[k] -= rate * velocity[k];
                }
            }
            path[epoch + 1] = theta.clone();
        }
        return path;
    }

    private double prediction(double[] theta, int i) {
        double p = theta[D];
        for (int j = 0; j < D; j++) {
            p += theta[j] * data.feature(i, j);
        }
        return p;
    }

    private double mse(double[] theta) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double e = prediction(theta, i) - data.target(i);
            sum += e * e;
        }
        return sum / N;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-12 * Math.max(1, Math.abs(expected[k])), what + ", parameter " + k);
        }
    }

    @Test
    void everyEpochMatchesTheUpdatesWrittenOut() throws DivergenceException {
        double[][] path = byHand();
        Fit fit = trainer().build().fit(data, start());
        assertEquals(EPOCHS, fit.epochs());
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            assertClose(path[epoch], fit.history().parameters(epoch), "epoch " + epoch);
            assertEquals(mse(path[epoch]), fit.history().loss(epoch), 1e-12, "the loss after epoch " + epoch);
        }
        assertClose(path[EPOCHS], fit.model().parameters(), "the model");
        assertEquals(EPOCHS, fit.state().epochs());
        assertEquals(EPOCHS * ((N + BATCH - 1) / BATCH), fit.state().steps());
    }

    /**
     * Every shuffle, with a validation split: the epochs of one fit, run ahead of their losses, give the bits of a
     * chain of one-epoch fits, each resumed from the last one's parameters and optimizer state (a fit's last epoch
     * never runs ahead).
     */
    @Test
    void runningAheadGivesTheBitsOfEpochsRunOneAtATime() throws DivergenceException {
        for (Shuffle shuffle : Shuffle.values()) {
            Trainer.Builder settings = trainer().shuffle(shuffle).validation(0.2, 100).seed(9);
            Fit whole = settings.build().fit(data, start());
            LinearModel model = start();
            OptimizerState state = null;
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                Fit one = settings.epochs(1).build().fit(data, model, state, TrainingListener.NONE);
                String what = shuffle + ", epoch " + epoch;
                assertArrayEquals(bits(whole.history().parameters(epoch)), bits(one.history().parameters(1)), what);
                assertEquals(whole.history().loss(epoch), one.history().loss(1), 0, what);
                assertEquals(whole.history().validationLoss(epoch), one.history().validationLoss(1), 0, what);
                model = start().withParameters(one.history().parameters(1));
                state = one.state();
            }
        }
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void aStopKeepsTheEpochItStoppedAtAndItsOptimizerState() throws DivergenceException {
        double[][] path = byHand();
        int stop = 3;
        // A tolerance that epoch 3's change meets and the changes before it do not (they shrink epoch by epoch).
        double change = Math.abs(mse(path[stop - 1]) - mse(path[stop]));
        double before = Math.abs(mse(path[stop - 2]) - mse(path[stop - 1]));
        double scale = Math.max(1, mse(path[stop]));
        assertTrue(before > change * 1.01, "the hand run's changes must shrink for this test to mean anything");
        Fit fit = trainer().tolerance(change * 1.0001 / scale).build().fit(data, start());
        assertEquals(StopReason.LOSS_TOLERANCE, fit.stopReason());
        assertEquals(stop, fit.epochs());
        assertClose(path[stop], fit.model().parameters(), "the model");
        assertEquals(stop, fit.state().epochs());
        assertEquals(stop * ((N + BATCH - 1) / BATCH), fit.state().steps());

        // Resumed from that state, the next epochs are the hand run's: the velocity carried over is epoch 3's.
        Fit resumed = trainer().epochs(EPOCHS - stop).build().fit(data, fit.model(), fit.state(), TrainingListener.NONE);
        assertClose(path[EPOCHS], resumed.model().parameters(), "resumed");
        assertEquals(EPOCHS, resumed.state().epochs());
    }
}
