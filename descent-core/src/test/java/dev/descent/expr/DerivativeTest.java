package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symbolic derivatives against central differences, and the compiled reverse-mode sweep against
 * the symbolic derivatives, at random points.
 */
class DerivativeTest {
    private static final List<String> PARAMETERS = List.of("a", "b", "c");
    private static final List<String> COLUMNS = List.of("x");

    /** Every operator and function, each inside something that depends on a, b and x. */
    private static final String[] FORMULAS = {
        "exp(a*x + b)", "log(a*x + b)", "sqrt(a*x + b)", "abs(a*x - b)", "sin(a*x + b)", "cos(a*x + b)", "tan(a*x + b)",
        "atan(a*x + b)", "tanh(a*x + b)", "sigmoid(a*x + b)", "pow(a*x, b)", "(a*x)^b", "x^a", "a^x", "min(a*x, b)",
        "max(a*x, b)", "a/(b + x)", "-(a*x)^2 + b", "a*exp(b*x) + c", "c*sign(x - a) + step(b - x)*a",
        "(a*x + b - c)^2", "exp(-((x - a)^2)/(b^2))", "a*(x^2 + x*b)/(x^2 + x*c + b)", "atan(b/(x - a))/pi",
        "exp(b*x) + b*x + (b*x)^2", "c"
    };

    private static Map<String, Double> point(SplittableRandom random) {
        Map<String, Double> at = new HashMap<>();
        at.put("a", 0.5 + random.nextDouble());
        at.put("b", 0.5 + random.nextDouble());
        at.put("c", 0.5 + random.nextDouble());
        at.put("x", 0.2 + 2 * random.nextDouble());
        return at;
    }

    private static double central(Expr e, Map<String, Double> at, String name) {
        double v = at.get(name);
        double h = 1e-6 * Math.max(1, Math.abs(v));
        Map<String, Double> plus = new HashMap<>(at);
        Map<String, Double> minus = new HashMap<>(at);
        plus.put(name, v + h);
        minus.put(name, v - h);
        return (ParserTest.evaluate(e, plus) - ParserTest.evaluate(e, minus)) / (2 * h);
    }

    @Test
    void symbolicDerivativesAgreeWithCentralDifferences() throws FormulaException {
        SplittableRandom random = new SplittableRandom(7);
        for (String text : FORMULAS) {
            Formula f = Formula.parse(text);
            for (int trial = 0; trial < 20; trial++) {
                Map<String, Double> at = point(random);
                for (String name : List.of("a", "b", "c", "x")) {
                    double symbolic = ParserTest.evaluate(f.derivative(name), at);
                    double numeric = central(f.tree(), at, name);
                    assertEquals(numeric, symbolic, 1e-6 * Math.max(1, Math.abs(numeric)),
                            "d(" + text + ")/d" + name + " = " + Printer.formula(f.derivative(name)) + " at " + at);
                }
            }
        }
    }

    @Test
    void reverseModeAgreesWithTheSymbolicDerivatives() throws FormulaException {
        SplittableRandom random = new SplittableRandom(11);
        for (String text : FORMULAS) {
            Formula f = Formula.parse(text);
            Tape tape = new Tape(f.compile(PARAMETERS, COLUMNS));
            int rows = 300; // more than a sweep's 256
            double[] x = new double[rows];
            double[] weights = new double[rows];
            Map<String, Double> at = point(random);
            double[] theta = {at.get("a"), at.get("b"), at.get("c")};
            for (int i = 0; i < rows; i++) {
                x[i] = 0.2 + 2 * random.nextDouble();
                weights[i] = random.nextDouble() - 0.5;
            }
            double[] expected = new double[3];
            double[] jacobian = new double[rows * 3];
            tape.setParameters(theta);
            for (int from = 0; from < rows; from += Tape.ROWS) {
                tape.jacobian(x, 1, from, Math.min(rows, from + Tape.ROWS), jacobian);
            }
            for (int i = 0; i < rows; i++) {
                at.put("x", x[i]);
                for (int k = 0; k < 3; k++) {
                    double d = ParserTest.evaluate(f.derivative(PARAMETERS.get(k)), at);
                    expected[k] += weights[i] * d;
                    assertEquals(d, jacobian[i * 3 + k], 1e-12 * Math.max(1, Math.abs(d)), text + " Jacobian row " + i);
                }
            }
            tape.setParameters(theta);
            for (int from = 0; from < rows; from += Tape.ROWS) {
                int to = Math.min(rows, from + Tape.ROWS);
                double[] predictions = tape.forward(x, 1, null, from, to);
                for (int i = from; i < to; i++) {
                    at.put("x", x[i]);
                    assertEquals(ParserTest.evaluate(f.tree(), at), predictions[i - from], 1e-13, text);
                }
                tape.backward(java.util.Arrays.copyOfRange(weights, from, from + Tape.ROWS), to - from);
            }
            double[] gradient = new double[3];
            tape.gradient(gradient, 0);
            for (int k = 0; k < 3; k++) {
                assertEquals(expected[k], gradient[k], 1e-11 * Math.max(1, Math.abs(expected[k])), text + " d/d" + PARAMETERS.get(k));
            }
        }
    }

    @Test
    void theLessonsDerivativesInItsOwnForm() throws FormulaException {
        Formula loss = Formula.parse("(a*x + b - y)^2");
        assertEquals("2 (a x + b - y) x", Printer.readable(loss.derivative("a")));
        assertEquals("2 (a x + b - y)", Printer.readable(loss.derivative("b")));
        Formula model = Formula.parse("a*x + b");
        assertEquals("x", Printer.readable(model.derivative("a")));
        assertEquals("1", Printer.readable(model.derivative("b")));
        assertEquals("2 \\, \\left(a \\, x + b - y\\right) \\, x", Printer.latex(loss.derivative("a")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a*exp(b*x) + c", "b1*(1-exp(-b2*x))", "b1*(x^2+x*b2)/(x^2+x*b3+b4)", "exp(-b1*x)/(b2+b3*x)"})
    void readableDerivativesAreShortAndParseBack(String text) throws FormulaException {
        Formula f = Formula.parse(text);
        for (String name : f.parameters(List.of("x"))) {
            Expr d = f.derivative(name);
            assertEquals(d, Parser.parse(Printer.formula(d)), Printer.formula(d));
            assertTrue(Printer.readable(d).length() < 4 * text.length(), Printer.readable(d));
        }
        assertEquals("exp(b x)", Printer.readable(Formula.parse("a*exp(b*x) + c").derivative("a")));
        assertEquals("a x exp(b x)", Printer.readable(Formula.parse("a*exp(b*x) + c").derivative("b")));
    }

    @Test
    void aSubexpressionUsedTwiceIsComputedOnce() throws FormulaException {
        Program shared = Formula.parse("exp(b*x) + b*x").compile(List.of("b"), COLUMNS);
        Program distinct = Formula.parse("exp(b*x) + c*x").compile(List.of("b", "c"), COLUMNS);
        assertEquals(distinct.size() - 2, shared.size()); // no second parameter, no second product
    }

    @Test
    void theGradientCanBeAskedForTwiceAndAJacobianLeavesTheRunningSumsAlone() throws FormulaException {
        Tape tape = new Tape(Formula.parse("x/b^2 + a").compile(List.of("a", "b"), COLUMNS));
        tape.setParameters(new double[] {1, 2});
        double[] x = {1, 2, 3};
        tape.forward(x, 1, null, 0, 3);
        tape.backward(new double[] {1, 1, 1}, 3);
        double[] first = new double[2];
        tape.gradient(first, 0);
        double[] second = new double[2];
        tape.gradient(second, 0);
        assertEquals(3, first[0], 0);          // d/da of three rows
        assertEquals(-2 * 6 / 8.0, first[1], 1e-15); // d(x/b^2)/db = -2x/b^3, summed over x = 1, 2, 3
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, second, 0);
        tape.jacobian(x, 1, 0, 3, new double[6]);
        double[] third = new double[2];
        tape.gradient(third, 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, third, 0);
    }

    @Test
    void anInfiniteDerivativeTimesAZeroIsZeroNotNaN() throws FormulaException {
        // d sqrt(a*x)/da = x / (2 sqrt(a x)): its limit at x = 0 is 0, where IEEE's inf * 0 would be NaN
        Tape tape = new Tape(Formula.parse("sqrt(a*x)").compile(List.of("a"), COLUMNS));
        tape.setParameters(new double[] {4});
        double[] x = {0, 1, 4};
        tape.forward(x, 1, null, 0, 3);
        tape.backward(new double[] {1, 1, 1}, 3);
        double[] g = new double[1];
        tape.gradient(g, 0);
        assertEquals(0 + 1 / (2 * Math.sqrt(4.0)) + 4 / (2 * Math.sqrt(16.0)), g[0], 1e-15);
        double[] jacobian = new double[3];
        tape.jacobian(x, 1, 0, 3, jacobian);
        assertEquals(0, jacobian[0]);
    }
}
