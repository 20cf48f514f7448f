package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.expr.Formula;
import dev.descent.model.FormulaModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Levenberg-Marquardt's edges: columns in the wrong order, parameters the data cannot tell apart, active bounds. */
class CurveFitTest {

    private static Dataset twoColumns() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] rows = new double[40][];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            double x = random.nextDouble();
            double z = random.nextDouble();
            rows[i] = new double[] {x, z};
            y[i] = 2 * z + 5 * x;
        }
        return new Dataset(java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray(), y,
                List.of("x", "z"), "y");
    }

    @Test
    void theFormulaReadsTheDataColumnsByName() throws Exception {
        Dataset data = twoColumns();
        FormulaModel model = FormulaModel.of(Formula.parse("a*z + b*x"), data.featureNames(), new double[] {1, 1});
        assertEquals(List.of("x", "z"), model.columns()); // the data's order, whatever the formula's
        CurveFit.Result fit = CurveFit.fit(model, data, null, null, null, 100, 1e-15);
        assertEquals(2, fit.model().parameter("a"), 1e-12);
        assertEquals(5, fit.model().parameter("b"), 1e-12);
        Dataset swapped = data.select(List.of("z", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveFit.fit(model, swapped, null, null, null, 100, 1e-15));
        assertTrue(e.getMessage().startsWith("the formula reads the columns [x, z] in that order"), e.getMessage());
    }

    @Test
    void parametersTheDataCannotTellApartHaveInfiniteCovariance() throws Exception {
        Dataset data = twoColumns().select(List.of("x"));
        FormulaModel model = FormulaModel.of(Formula.parse("a*b*x + c"), List.of("x"), new double[] {1, 2, 0});
        CurveFit.Result fit = CurveFit.fit(model, data, null, null, null, 200, 1e-15);
        assertEquals(List.of("b"), fit.dependent());
        assertEquals(Double.POSITIVE_INFINITY, fit.standardErrors()[0]);
    }

    @Test
    void aParameterHeldAtItsBoundLetsTheOthersReachTheirBest() throws Exception {
        // y = 3 x^0.8: with b at most 0.5, the best is b = 0.5 and a the least-squares slope on sqrt(x)
        int n = 50;
        double[] x = new double[n];
        double[] y = new double[n];
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            x[i] = 0.1 + i * 0.2;
            y[i] = 3 * Math.pow(x[i], 0.8);
            sxy += Math.sqrt(x[i]) * y[i];
            sxx += x[i];
        }
        Dataset data = Dataset.ofSingleFeature(x, y);
        FormulaModel model = FormulaModel.of(Formula.parse("a*x^b"), data.featureNames(), new double[] {1, 0.3});
        CurveFit.Result fit = CurveFit.fit(model, data, null, new double[] {Double.NEGATIVE_INFINITY, 0},
                new double[] {Double.POSITIVE_INFINITY, 0.5}, 1000, 1e-15);
        assertEquals(0.5, fit.model().parameter("b"), 0);
        assertEquals(sxy / sxx, fit.model().parameter("a"), 1e-12 * sxy / sxx);
        assertTrue(fit.stop() != LevenbergMarquardt.Stop.MAX_ITERATIONS, fit.stop() + " after " + fit.iterations());
    }

    @Test
    void aJacobianThatIsNotFiniteIsNamed() throws Exception {
        // d sqrt(x - b)/db is infinite where x = b (a zero times it would win, but nothing here is zero)
        double[] x = {2, 1, 3, 4};
        Dataset data = Dataset.ofSingleFeature(x, new double[] {1, 2, 3, 4});
        FormulaModel model = FormulaModel.of(Formula.parse("a*sqrt(x - b)"), data.featureNames(), new double[] {1, 1});
        NotFiniteException e = assertThrows(NotFiniteException.class,
                () -> CurveFit.fit(model, data, null, null, null, 100, 1e-15));
        assertEquals("the derivative of row 2 (x = 1.0) with respect to b is -Infinity", e.getMessage());
    }
}
