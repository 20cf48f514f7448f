package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forum thread's "why 1/n": a sum of squared errors is n times their mean, so is its gradient,
 * and gradient descent on SSE at learning rate lr/n takes the very steps of MSE at lr.
 */
class ReductionTest {

    private static Dataset data(Random random, int n, int d) {
        double[][] rows = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = random.nextGaussian();
            }
            y[i] = 2 + rows[i][0] - 0.5 * rows[i][d - 1] + 0.3 * random.nextGaussian();
        }
        return Dataset.of(rows, y);
    }

    @Test
    void sumGradientIsNTimesMeanGradient() {
        Random random = new Random(3);
        for (int n : new int[] {1, 2, 30, 777}) {
            for (boolean intercept : new boolean[] {true, false}) {
                Dataset data = data(random, n, 4);
                double[] w = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                LinearModel model = intercept ? LinearModel.of(data.featureNames(), w, 0.25)
                        : LinearModel.withoutIntercept(data.featureNames(), w);
                double[] mean = new double[model.parameters().length];
                double[] sum = new double[mean.length];
                double meanLoss = new Objective(Loss.mse(), data).valueAndGradient(model, model.parameters(), mean);
                double sumLoss = new Objective(Loss.sse(), data).valueAndGradient(model, model.parameters(), sum);
                // Both come from the same sums: one is scaled by the rounded 1/n, the other not; then we multiply
                // by n. Three roundings: a relative difference of at most 3 * 2^-53 < 1e-15; 1e-12 leaves room.
                assertEquals(n * meanLoss, sumLoss, 1e-12 * sumLoss, "loss, n = " + n);
                for (int k = 0; k < mean.length; k++) {
                    assertEquals(n * mean[k], sum[k], 1e-12 * Math.abs(sum[k]), "gradient " + k + ", n = " + n);
                }
            }
        }
    }

    @Test
    void sseAtLrOverNRetracesMseAtLr() throws DivergenceException {
        int n = 200;
        Dataset data = data(new Random(4), n, 3);
        LinearModel start = LinearModel.of(data.featureNames(), new double[] {-1, 0.5, 2}, -3);
        double lr = 0.1; // the features are standard normal, so L is about 2 and lr L about 0.2: a stable, slow run
        int epochs = 300;
        History mse = new Trainer(Loss.mse(), new GradientDescent(lr), epochs).fit(data, start).history();
        History sse = new Trainer(Loss.sse(), new GradientDescent(lr / n), epochs).fit(data, start).history();
        assertEquals(epochs, mse.epochs());
        assertEquals(epochs, sse.epochs());
        // Per step the two differ by a few roundings (lr/n * sum against lr * (sum * (1/n))), about 3 * 2^-53 of the
        // step. Gradient descent at lr < 2/L maps a perturbation through I - lr H, which does not grow it, so after
        // 300 epochs the paths differ by at most about 300 * 3 * 2^-53 = 1e-13 of the parameters: 1e-10 is generous.
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double[] a = mse.parameters(epoch);
            double[] b = sse.parameters(epoch);
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < a.length; k++) {
                assertEquals(a[k], b[k], 1e-10 * scale, "epoch " + epoch + ", parameter " + k);
            }
            assertEquals(n * mse.loss(epoch), sse.loss(epoch), 1e-10 * sse.loss(epoch), "loss at epoch " + epoch);
        }
        assertTrue(mse.loss(epochs) < 0.5 * mse.initialLoss(), "the run should have moved");
    }
}
