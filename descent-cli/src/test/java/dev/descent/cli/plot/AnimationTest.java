package dev.descent.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.train.Objective;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's animation frames and the loss surfaces drawn from samples, against what they must be. */
class AnimationTest {

    @Test
    void aFitThatKeptAnEarlierEpochEndsOnItsParameters() {
        // early stopping: three epochs ran, the fit kept the first epoch's parameters
        List<double[]> path = List.of(new double[] {0, 0}, new double[] {1, 2}, new double[] {1.5, 2.5},
                new double[] {2, 3}, new double[] {1, 2});
        FitPlots.Inputs in = new FitPlots.Inputs(List.of("a", "b"), path, new double[] {9, 4, 5, 6}, new double[] {4, 5, 6},
                "y", null, null, new int[] {0, 1}, null, null, null, null, null);
        JsonNode run = Animation.of(in);
        assertEquals(5, run.get("labels").size());
        assertEquals("fitted (the best epoch's)", run.get("labels").get(4).asText());
        assertEquals(1, run.get("params").get(4).get(0).asDouble());
        assertEquals(2, run.get("params").get(4).get(1).asDouble());
        assertEquals(-1, run.get("epochs").get(4).asInt());
        assertEquals("epoch 3", run.get("labels").get(3).asText());
        // a plain run ends on its last epoch, which is the fit
        FitPlots.Inputs plain = new FitPlots.Inputs(List.of("a", "b"), List.of(new double[] {0, 0}, new double[] {1, 2},
                new double[] {1, 2}), new double[] {9, 4}, null, "y", null, null, null, null, null, null, null, null);
        assertEquals(List.of("start", "epoch 1"), List.of(Animation.of(plain).get("labels").get(0).asText(),
                Animation.of(plain).get("labels").get(1).asText()));
        assertEquals(2, Animation.of(plain).get("labels").size());
    }

    @Test
    void aSampledSummedLossIsScaledToAllRowsSoThePenaltyKeepsItsWeight() {
        // three rows, each repeated 300 times in a block: the evenly spread sample of 300 (every third row) holds
        // 100 of each, the whole's shares
        double[][] x = new double[900][1];
        double[] y = new double[900];
        for (int i = 0; i < 900; i++) {
            x[i][0] = i / 300;
            y[i] = 2 * (i / 300) + 1 + (i / 300 == 1 ? 0.5 : 0);
        }
        Dataset data = Dataset.of(x, y);
        Penalty l2 = new Penalty(0, 3);
        LinearModel model = LinearModel.of(data.featureNames(), new double[] {1.5}, 0.5);
        double whole = new Objective(Loss.sse(), data, l2).value(model);
        assertEquals(whole, FitPlots.surfaceLoss(data, null, Loss.sse(), l2, 300).applyAsDouble(model), 1e-9 * whole);
        double mean = new Objective(Loss.mse(), data, l2).value(model);
        assertEquals(mean, FitPlots.surfaceLoss(data, null, Loss.mse(), l2, 300).applyAsDouble(model), 1e-12 * mean);
    }
}
