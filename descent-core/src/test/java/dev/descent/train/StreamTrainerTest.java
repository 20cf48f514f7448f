package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Schedule;
import dev.descent.solve.LeastSquares;
import org.junit.jupiter.api.Test;

/** Training over chunks, checked against the in-memory trainer and the exact optimum. */
class StreamTrainerTest {
    private static final LinearProblem PROBLEM = LinearProblem.gaussian(4, 500, new double[] {2, -1, 0.5}, 1.5, 0.2);

    /** The data cut into chunks of {@code rows}. */
    private static StreamTrainer.Source chunks(Dataset data, int rows) {
        return () -> new StreamTrainer.Chunks() {
            private int at;

            @Override
            public Dataset next() {
                if (at >= data.rowCount()) {
                    return null;
                }
                int[] take = java.util.stream.IntStream.range(at, Math.min(data.rowCount(), at + rows)).toArray();
                at += rows;
                return data.rows(take);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void oneChunkInOneBatchIsFullBatchGradientDescent() throws Exception {
        LinearModel start = LinearModel.zeros(PROBLEM.data.featureNames(), true);
        StreamTrainer.Result streamed = new StreamTrainer(Loss.mse(), Penalty.NONE, new GradientDescent(0.1),
                Schedule.constant(), 500, 40, 1).fit(chunks(PROBLEM.data, 500), start, TrainingListener.NONE);
        Fit whole = Trainer.builder().optimizer(new GradientDescent(0.1)).epochs(40).build().fit(PROBLEM.data, start);
        for (int k = 0; k < 4; k++) {
            assertEquals(whole.model().parameters()[k], streamed.model().parameters()[k],
                    1e-12 * Math.abs(whole.model().parameters()[k]));
        }
        // its epoch loss is the loss before the epoch's one update: the whole run's loss one epoch earlier
        assertEquals(whole.history().loss(39), streamed.losses()[39], 1e-12 * streamed.losses()[39]);
    }

    @Test
    void chunksOfMiniBatchesReachTheOptimum() throws Exception {
        LinearModel start = LinearModel.zeros(PROBLEM.data.featureNames(), true);
        StreamTrainer.Result streamed = new StreamTrainer(Loss.mse(), Penalty.NONE, new GradientDescent(0.05),
                new Schedule.InverseTime(0.05), 10, 300, 7).fit(chunks(PROBLEM.data, 64), start, TrainingListener.NONE);
        double[] optimum = LeastSquares.fit(PROBLEM.data, true).parameters();
        for (int k = 0; k < 4; k++) {
            assertEquals(optimum[k], streamed.model().parameters()[k], 1e-2, "parameter " + k); // batches of 10 leave noise
        }
        assertEquals(500, streamed.rows());
    }

    @Test
    void aSummedLossCountsThePenaltyOnceAnEpoch() throws Exception {
        // a rate so small that no update moves a parameter: every batch sees the start, so the epoch's loss must be the
        // whole data's summed loss there plus one penalty, however many batches it took
        LinearModel start = LinearModel.of(PROBLEM.data.featureNames(), new double[] {0.5, 0.5, 0.5}, 0.5);
        Penalty l2 = new Penalty(0, 4);
        StreamTrainer.Result five = new StreamTrainer(Loss.sse(), l2, new GradientDescent(1e-300), Schedule.constant(),
                100, 1, 3).fit(chunks(PROBLEM.data, 500), start, TrainingListener.NONE);
        double expected = new Objective(Loss.sse(), PROBLEM.data, l2).value(start);
        assertEquals(expected, five.losses()[0], 1e-12 * expected);
        StreamTrainer.Result mean = new StreamTrainer(Loss.mse(), l2, new GradientDescent(1e-300), Schedule.constant(),
                100, 1, 3).fit(chunks(PROBLEM.data, 128), start, TrainingListener.NONE);
        double expectedMean = new Objective(Loss.mse(), PROBLEM.data, l2).value(start);
        assertEquals(expectedMean, mean.losses()[0], 1e-12 * expectedMean);
    }
}
