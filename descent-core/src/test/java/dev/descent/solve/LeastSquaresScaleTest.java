package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.model.LinearModel;
import org.junit.jupiter.api.Test;

/** The exact solver on values whose squares leave the doubles' range: least squares does not care about scale. */
class LeastSquaresScaleTest {

    @Test
    void hugeFeaturesAndTinyTargetsGiveTheClosedFormLine() throws Exception {
        // x = (1, 2, 3) 2^600, y = (1, 2, 3.5) 2^-300: the line through them by hand is slope 1.25 2^-900 and
        // intercept -1/3 2^-300 (on x' = 1, 2, 3 and y' = 1, 2, 3.5: slope 2.5/2, intercept 13/6 - 2 * 5/4)
        double[][] x = {{Math.scalb(1.0, 600)}, {Math.scalb(2.0, 600)}, {Math.scalb(3.0, 600)}};
        double[] y = {Math.scalb(1.0, -300), Math.scalb(2.0, -300), Math.scalb(3.5, -300)};
        LinearModel fit = LeastSquares.fit(Dataset.of(x, y), true);
        assertEquals(Math.scalb(1.25, -900), fit.weight(0), 1e-15 * Math.scalb(1.25, -900));
        assertEquals(Math.scalb(-1.0 / 3, -300), fit.bias(), 1e-15 * Math.scalb(1.0 / 3, -300));
    }

    @Test
    void columnsOfVeryDifferentSizesAreEachSolved() throws Exception {
        // y = 2 a + 3 b + 1 exactly, with a near 1e200 and b near 1e-200
        double[][] x = new double[6][2];
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            x[i][0] = (i + 1) * 1e200;
            x[i][1] = ((i * 7) % 5 + 1) * 1e-200;
            y[i] = 2e-200 * x[i][0] + 3e200 * x[i][1] + 1;
        }
        LinearModel fit = LeastSquares.fit(Dataset.of(x, y), true);
        assertEquals(2e-200, fit.weight(0), 1e-12 * 2e-200);
        assertEquals(3e200, fit.weight(1), 1e-12 * 3e200);
        assertEquals(1, fit.bias(), 1e-12);
    }
}
