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
        int k = 4;
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000 * (i % d) + (1 + i % d) * random.nextGaussian(); // features of very different means and scales
        }
        // Means and population standard deviations, by hand.
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                mean[j] += x[i * d + j] / n;
            }
            for (int i = 0; i < n; i++) {
                scale[j] += (x[i * d + j] - mean[j]) * (x[i * d + j] - mean[j]) / n;
            }
            scale[j] = Math.sqrt(scale[j]);
        }
        Dataset data = new Dataset(x, new double[n], List.of("a", "b", "c"), "y");
        Standardization s = Standardization.learn(data, true);
        for (int j = 0; j < d; j++) {
            assertEquals(mean[j], s.means()[j], 1e-12 * Math.abs(mean[j]) + 1e-12, "mean " + j);
            assertEquals(scale[j], s.scales()[j], 1e-12 * scale[j], "scale " + j);
        }
        double[] theta = random.doubles(k * d + k, -1, 1).toArray();
        LinearModel onStandardized = LinearModel.zeros(data.featureNames(), List.of("p", "q", "r", "t"), true)
                .withParameters(theta);
        LinearModel onOriginal = s.toOriginal(onStandardized);
        double[] actual = new double[k];
        for (int i = 0; i < n; i++) {
            onOriginal.predict(x, i * d, actual);
            for (int c = 0; c < k; c++) {
                // z_c = b_c + sum_j w_cj (x_ij - m_j) / s_j, with theta's layout: k rows of d weights, then k biases.
                double expected = theta[k * d + c];
                for (int j = 0; j < d; j++) {
                    expected += theta[c * d + j] * (x[i * d + j] - mean[j]) / scale[j];
                }
                // The folded bias absorbs sums of order 1000 |w| / s, so compare on that scale.
                assertEquals(expected, actual[c], 1e-9, "row " + i + ", output " + c);
            }
        }
        double[] back = s.toStandardized(onOriginal).parameters();
        for (int p = 0; p < theta.length; p++) {
            assertEquals(theta[p], back[p], 1e-9 * Math.max(1, Math.abs(theta[p])), "parameter " + p);
        }
    }

    @Test
    void valuesNearTheLargestDoubleAreStandardisedWithoutOverflow() {
        // mean (1 - 1.7 + 1.5) / 3 * 1e308 = 0.2667e308; deviations 0.7333, -1.9667, 1.2333 (e308)
        Dataset data = Dataset.of(new double[][] {{1e308}, {-1.7e308}, {1.5e308}}, new double[] {1, 2, 3});
        Standardization s = Standardization.learn(data, true);
        double mean = 0.8e308 / 3;
        double sd = Math.sqrt((0.7333333333333333 * 0.7333333333333333 + 1.9666666666666667 * 1.9666666666666667
                + 1.2333333333333333 * 1.2333333333333333) / 3) * 1e308;
        assertEquals(mean, s.means()[0], 1e-14 * mean);
        assertEquals(sd, s.scales()[0], 1e-14 * sd);
        Dataset z = s.apply(data);
        assertEquals(-1.9666666666666667 / (sd / 1e308), z.feature(1, 0), 1e-14);
        assertEquals(1.2333333333333333 / (sd / 1e308), z.feature(2, 0), 1e-14);
    }
}
