package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.expr.Formula;
import dev.descent.model.FormulaModel;
import dev.descent.testing.Nls;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Levenberg-Marquardt with the exact Jacobian on NIST's 27 nonlinear regression problems, from both official
 * starting points, against the certified parameters and standard deviations (log relative error, "digits").
 */
class CurveFitNistTest {

    private record Outcome(String name, double fromStart1, double fromStart2, double sdDigits, boolean exactData) {
    }

    /**
     * Whether the certified residuals are below what double precision can resolve (under 1e-10 of the target's size):
     * Lanczos1, whose data are exact to 13 digits. Its standard errors scale with those residuals, which rounding in
     * exp alone (1e-16 relative) changes in their third digit, whatever the solver.
     */
    private static boolean exactData(Nls set) {
        double[] y = set.data().targetData();
        double squares = 0;
        for (double v : y) {
            squares += v * v;
        }
        return Math.sqrt(set.residualSumOfSquares() / squares) < 1e-10;
    }

    private static CurveFit.Result fit(Nls set, double[] start) throws Exception {
        Formula formula = Formula.parse(set.formula());
        FormulaModel model = FormulaModel.of(formula, set.data().featureNames(), start);
        return CurveFit.fit(model, set.data(), null, null, null, 1000, 1e-15);
    }

    @Test
    void everySetFromBothStartsAgainstTheCertifiedValues() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (String name : Nls.names()) {
            Nls set = Nls.load(name);
            double d1 = set.digits(fit(set, set.start1()).model().parameters());
            CurveFit.Result near = fit(set, set.start2());
            double d2 = set.digits(near.model().parameters());
            double[] se = near.standardErrors();
            double sd = 15;
            for (int k = 0; k < se.length; k++) {
                sd = Math.min(sd, Nls.digits(se[k], set.certifiedSd()[k]));
            }
            outcomes.add(new Outcome(name, d1, d2, sd, exactData(set)));
        }
        StringBuilder table = new StringBuilder();
        for (Outcome o : outcomes) {
            table.append(String.format(Locale.ROOT, "%-10s start1 %5.1f  start2 %5.1f  sd %5.1f%s%n", o.name(),
                    o.fromStart1(), o.fromStart2(), o.sdDigits(), o.exactData() ? "  (residuals below rounding)" : ""));
        }
        System.out.print(table);
        long start2At6 = outcomes.stream().filter(o -> o.fromStart2() >= 6).count();
        long start1At6 = outcomes.stream().filter(o -> o.fromStart1() >= 6).count();
        assertTrue(start2At6 == 27, "from start 2, " + start2At6 + " of 27 sets reach 6 digits:\n" + table);
        assertTrue(start1At6 >= 25, "from start 1, " + start1At6 + " of 27 sets reach 6 digits:\n" + table);
        double[] d2 = outcomes.stream().mapToDouble(Outcome::fromStart2).sorted().toArray();
        assertTrue(outcomes.stream().filter(Outcome::exactData).count() <= 1, "only Lanczos1 has exact data\n" + table);
        assertTrue(d2[13] >= 9, "median digits from start 2: " + d2[13] + "\n" + table);
        for (Outcome o : outcomes) {
            if (o.fromStart2() >= 6 && !o.exactData()) {
                assertTrue(o.sdDigits() >= 4, o.name() + ": standard errors to " + o.sdDigits() + " digits\n" + table);
            }
        }
    }
}
