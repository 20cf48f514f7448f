package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.model.LinearModel;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Momentum;
import dev.descent.optim.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A run resumed from any of its checkpoints ends, to the bit, where the run never stopped ends. */
class CheckpointTest {
    private static final LinearProblem PROBLEM = LinearProblem.gaussian(11, 300, new double[] {1.5, -2, 0.5}, 0.7, 0.3);

    private static void resumesToTheBit(String what, int every, Supplier<Trainer.Builder> settings) throws DivergenceException {
        LinearModel start = LinearModel.zeros(PROBLEM.data.featureNames(), true);
        Fit whole = settings.get().build().fit(PROBLEM.data, start);
        List<Checkpoint> saved = new ArrayList<>();
        Fit checkpointed = settings.get().checkpoints(every, saved::add).build().fit(PROBLEM.data, start);
        assertArrayEquals(whole.model().parameters(), checkpointed.model().parameters(), what + ": checkpoints change nothing");
        assertEquals(true, saved.size() >= 2, what + ": " + saved.size() + " checkpoints");
        for (Checkpoint c : saved) {
            Fit resumed = settings.get().build().resume(PROBLEM.data, start, c, TrainingListener.NONE);
            String at = what + " from epoch " + c.epoch();
            assertArrayEquals(whole.model().parameters(), resumed.model().parameters(), at);
            assertArrayEquals(whole.state().slots().values().stream().flatMapToDouble(java.util.Arrays::stream).toArray(),
                    resumed.state().slots().values().stream().flatMapToDouble(java.util.Arrays::stream).toArray(), at);
            assertEquals(whole.stopReason(), resumed.stopReason(), at);
            assertEquals(whole.history().epochs(), resumed.history().epochs(), at);
            for (int e = 1; e <= whole.history().epochs(); e++) {
                assertEquals(whole.history().loss(e), resumed.history().loss(e), 0, at + ", loss of epoch " + e);
                assertArrayEquals(whole.history().parameters(e), resumed.history().parameters(e), at + ", epoch " + e);
            }
        }
    }

    @Test
    void everyOptimizerAndStoppingRuleResumesToTheBit() throws DivergenceException {
        resumesToTheBit("full-batch gd", 7, () -> Trainer.builder().optimizer(new GradientDescent(0.05)).epochs(60));
        resumesToTheBit("momentum in mini-batches, a schedule", 7, () -> Trainer.builder().optimizer(new Momentum(0.02, 0.9))
                .batchSize(32).schedule(new Schedule.Step(10, 0.5)).epochs(60).seed(5));
        resumesToTheBit("adam, rows shuffled", 7, () -> Trainer.builder().optimizer(Adam.of(0.05)).batchSize(50)
                .shuffle(Shuffle.ROWS).epochs(50));
        resumesToTheBit("l-bfgs", 2, () -> Trainer.builder().optimizer(Lbfgs.standard()).epochs(40));
        resumesToTheBit("early stopping", 7, () -> Trainer.builder().optimizer(new GradientDescent(0.3)).epochs(400)
                .validation(0.3, 5));
    }
}
