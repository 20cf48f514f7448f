package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.model.LinearModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardizationTest {

    @Test
    void aModelWithOneScorePerClassGivesTheSameScoresOnEitherScale() {
        Random random = new Random(4);
        int n = 30;
        int d = 3;
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000 * (i % d) + (1 + i % d) * random.nextGaussian(); // features of very different means and scales
        }
        Dataset data = new Dataset(x, new double[n], List.of("a", "b", "c"), "y");
        Standardization s = Standardization.learn(data, true);
        Dataset z = s.apply(data);
        double[] theta = random.doubles(4 * d + 4, -1, 1).toArray();
        LinearModel onStandardized = LinearModel.zeros(data.featureNames(), List.of("p", "q", "r", "t"), true)
                .withParameters(theta);
        LinearModel onOriginal = s.toOriginal(onStandardized);
        double[] expected = new double[4];
        double[] actual = new double[4];
        for (int i = 0; i < n; i++) {
            onStandardized.predict(z.featureData(), i * d, expected);
            onOriginal.predict(data.featureData(), i * d, actual);
            for (int c = 0; c < 4; c++) {
                // The biases absorb sums of order 1000 * |w| / scale, so compare on that scale.
                assertEquals(expected[c], actual[c], 1e-9, "row " + i + ", output " + c);
            }
        }
        double[] back = s.toStandardized(onOriginal).parameters();
        for (int k = 0; k < theta.length; k++) {
            assertEquals(theta[k], back[k], 1e-9 * Math.max(1, Math.abs(theta[k])), "parameter " + k);
        }
    }
}
