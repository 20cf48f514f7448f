package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.FloatDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The normal equations against Householder QR, an independent route to the same optimum. */
class NormalEquationsTest {

    @ParameterizedTest(name = "lambda={0}, intercept={1}")
    @CsvSource({"0, true", "0, false", "3.5, true", "1e6, true"})
    void agreeWithQrOnFeaturesOfVeryDifferentScales(double lambda, boolean intercept) throws DataException {
        Random random = new Random(5);
        int n = 6007;
        double[] scales = {1e-6, 1, 1e3, 1e6, 0.5, 40};
        double[][] rows = new double[n][scales.length];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double truth = 7;
            for (int j = 0; j < scales.length; j++) {
                rows[i][j] = scales[j] * (random.nextGaussian() + j);
                truth += (j + 1) * rows[i][j] / scales[j];
            }
            y[i] = truth + random.nextGaussian();
        }
        Dataset data = Dataset.of(rows, y);
        double[] normal = NormalEquations.ridge(data, intercept, lambda).parameters();
        double[] qr = LeastSquares.ridge(data, intercept, lambda).parameters();
        for (int k = 0; k < qr.length; k++) {
            assertEquals(qr[k], normal[k], 1e-11 * Math.abs(qr[k]), "parameter " + k);
        }
    }

    /**
     * Float32 rows are widened for the Gram pass a slice of 2^18 values at a time: 70,001 x 33 values make
     * nine slices, the last one short; 200,001 x 3 make three. The optimum must be QR's on the widened doubles.
     */
    @ParameterizedTest(name = "{0} x {1}, intercept={2}")
    @CsvSource({"70001, 33, true", "70001, 33, false", "200001, 3, true", "50, 2, true"})
    void onFloatRowsTheyAgreeWithQrOnTheWidenedDoubles(int n, int d, boolean intercept) throws DataException {
        Random random = new Random(n + d);
        float[] x = new float[n * d];
        double[] widened = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 + random.nextGaussian();
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (random.nextGaussian() + j % 5);
                widened[i * d + j] = x[i * d + j];
                y[i] += (j % 3 - 1) * x[i * d + j];
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        FloatDataset floats = new FloatDataset(x, y, names, "y");
        Dataset doubles = new Dataset(widened, y, names, "y");
        double[] normal = NormalEquations.ridge(floats, intercept, 0).parameters();
        double[] qr = LeastSquares.ridge(doubles, intercept, 0).parameters();
        for (int k = 0; k < qr.length; k++) {
            assertEquals(qr[k], normal[k], 1e-12 * Math.max(1, Math.abs(qr[k])), "parameter " + k);
        }
        double top = Curvature.largestGramEigenvalue(doubles, intercept);
        assertEquals(top, Curvature.largestGramEigenvalue(floats, intercept), 1e-13 * top);
    }

    @Test
    void namesAZeroFeature() {
        Dataset data = new Dataset(new double[] {1, 0, 2, 0, 3, 0}, new double[] {1, 2, 3}, List.of("a", "b"), "y");
        DataException e = assertThrows(DataException.class, () -> NormalEquations.ridge(data, true, 0));
        assertTrue(e.getMessage().contains("b is zero in every row"), e.getMessage());
    }

    @Test
    void namesAFeatureThatIsACombinationOfOthers() {
        Dataset data = new Dataset(new double[] {1, 2, 2, 4, 3, 6.000000000000001, 4, 8}, new double[] {1, 2, 3, 5},
                List.of("a", "b"), "y");
        DataException e = assertThrows(DataException.class, () -> NormalEquations.ridge(data, false, 0));
        assertTrue(e.getMessage().contains("b is (nearly) a linear combination of a"), e.getMessage());
    }

    @Test
    void needsAsManyRowsAsParametersUnlessPenalised() throws DataException {
        Dataset data = new Dataset(new double[] {1, 2, 3, 4}, new double[] {1, 2}, List.of("a", "b"), "y");
        DataException e = assertThrows(DataException.class, () -> NormalEquations.ridge(data, true, 0));
        assertTrue(e.getMessage().contains("needs at least 3"), e.getMessage());
        double[] qr = LeastSquares.ridge(data, true, 2).parameters();
        double[] normal = NormalEquations.ridge(data, true, 2).parameters();
        for (int k = 0; k < qr.length; k++) {
            assertEquals(qr[k], normal[k], 1e-13 * Math.max(1, Math.abs(qr[k])));
        }
    }
}
