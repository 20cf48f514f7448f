package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chain-rule gradient against central finite differences of the loss, for MSE and SSE, with and
 * without intercept, from one row and one feature up to 350 x 250.
 *
 * <p>Tolerance 1e-6: squared loss is quadratic in the parameters, so the central difference has no
 * truncation error at all; what is left is rounding in the two loss values, about ulp(L) / 2h with
 * h = cbrt(eps) = 6e-6, i.e. 2e-11 L. The data are drawn so that residuals are about 5 and the
 * features have mean 0.5, which keeps every gradient component of order 1 (a relative error is
 * meaningless for a component near 0); then the expected relative error is about 1e-9, and any real
 * mistake (a lost factor 2 or 1/n, a missing row, a sign) is of order 1e-3 or more.
 */
class GradientFiniteDifferenceTest {

    static Stream<Arguments> cases() {
        int[][] shapes = {{1, 1}, {2, 1}, {7, 3}, {30, 1}, {200, 13}, {350, 250}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : shapes) {
            for (String loss : List.of("mse", "sse")) {
                for (boolean intercept : List.of(true, false)) {
                    cases.add(Arguments.of(shape[0], shape[1], loss, intercept));
                }
            }
        }
        return cases.stream();
    }

    /** Features uniform in [-1, 2), targets around -5, so predictions minus targets are about +5. */
    static Dataset randomData(Random random, int n, int d) {
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < x.length; k++) {
            x[k] = 3 * random.nextDouble() - 1;
        }
        for (int i = 0; i < n; i++) {
            y[i] = -5 + random.nextGaussian();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return new Dataset(x, y, names, "y");
    }

    /** Weights of size 1/sqrt(d) so that a prediction stays of order 1 whatever d is. */
    static LinearModel randomModel(Random random, Dataset data, boolean intercept) {
        int d = data.featureCount();
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = random.nextGaussian() / Math.sqrt(d);
        }
        return intercept ? LinearModel.of(data.featureNames(), w, random.nextGaussian())
                : LinearModel.withoutIntercept(data.featureNames(), w);
    }

    static Loss loss(String name) {
        return name.equals("mse") ? Loss.mse() : Loss.sse();
    }

    @ParameterizedTest(name = "n={0}, d={1}, {2}, intercept={3}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(int n, int d, String lossName, boolean intercept) {
        Random random = new Random(1000L * n + d);
        Dataset data = randomData(random, n, d);
        LinearModel model = randomModel(random, data, intercept);
        assertGradientMatchesCentralDifferences(new Objective(loss(lossName), data), model);
    }

    /**
     * The objective's gradient against central differences of its value, written out here rather than
     * taken from the production {@link GradientCheck}: step {@code cbrt(eps) * max(1, |theta_k|)}.
     */
    private static void assertGradientMatchesCentralDifferences(Objective objective, LinearModel model) {
        double[] theta = model.parameters();
        double[] analytic = new double[theta.length];
        objective.valueAndGradient(model, theta, analytic);
        for (int k = 0; k < theta.length; k++) {
            double h = Math.cbrt(Math.ulp(1.0)) * Math.max(1, Math.abs(theta[k]));
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (objective.value(model, up) - objective.value(model, down)) / (up[k] - down[k]);
            double scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric));
            double relative = scale == 0 ? 0 : Math.abs(analytic[k] - numeric) / scale;
            assertTrue(relative < 1e-6, "parameter " + k + ": analytic " + analytic[k] + ", numeric " + numeric);
        }
    }

    @ParameterizedTest(name = "k={0}, intercept={1}")
    @CsvSource({"2, true", "3, true", "5, false", "7, true"})
    void softmaxGradientOfAModelWithOneScorePerClassMatchesCentralDifferences(int k, boolean intercept) {
        Random random = new Random(k);
        Dataset features = randomData(random, 40, 6);
        double[] labels = new double[40];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(k);
        }
        Dataset data = features.withTarget(labels);
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            classes.add("c" + c);
        }
        int p = 6 * k + (intercept ? k : 0);
        double[] theta = new double[p];
        for (int j = 0; j < p; j++) {
            theta[j] = random.nextGaussian();
        }
        LinearModel model = LinearModel.zeros(data.featureNames(), classes, intercept).withParameters(theta);
        assertGradientMatchesCentralDifferences(new Objective(new Softmax(), data, new Penalty(0, 0.3)), model);
    }
}
