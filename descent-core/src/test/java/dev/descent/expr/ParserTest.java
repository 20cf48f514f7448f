package dev.descent.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    /** The value of a formula whose names are all given, by walking the tree (independent of the compiled form). */
    static double evaluate(Expr e, Map<String, Double> names) {
        if (e instanceof Expr.Num n) {
            return n.value();
        }
        if (e instanceof Expr.Constant c) {
            return c.value();
        }
        if (e instanceof Expr.Name n) {
            return names.get(n.name());
        }
        if (e instanceof Expr.Negate n) {
            return -evaluate(n.operand(), names);
        }
        if (e instanceof Expr.Binary b) {
            double l = evaluate(b.left(), names);
            double r = evaluate(b.right(), names);
            return switch (b.op()) {
                case ADD -> l + r;
                case SUBTRACT -> l - r;
                case MULTIPLY -> l * r;
                case DIVIDE -> l / r;
                case POWER -> Math.pow(l, r);
            };
        }
        Expr.Call c = (Expr.Call) e;
        List<Expr> a = c.arguments();
        return c.function().apply(evaluate(a.get(0), names), a.size() > 1 ? evaluate(a.get(1), names) : 0);
    }

    private static double value(String formula) throws FormulaException {
        return evaluate(Parser.parse(formula), Map.of("x", 3.0, "a", 2.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "-x^2; -9", "2^3^2; 512", "2^-1; 0.5", "-2^2; -4", "(-2)^2; 4", "1 + 2*3; 7", "8/4/2; 1", "8 - 3 - 2; 3",
            "2*x^2; 18", "a*x + 1e-3; 6.001", "1.5e+2 + .5; 150.5", "x - -x; 6", "--x; 3", "+x; 3", "pi; 3.141592653589793",
            "pow(x, 2) + min(a, x) - max(a, x); 8", "sqrt(abs(-16)); 4", "exp(0) + log(1) + sin(0) + cos(0); 2",
            "atan(0) + tanh(0) + sigmoid(0) + tan(0); 0.5", "2*(x + a)*x; 30"
    })
    void precedenceAsInMathematics(String formula, double expected) throws FormulaException {
        assertEquals(expected, value(formula), 1e-15, formula);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "a*exp(b*x; formula \"a*exp(b*x\" at column 10: expected ')'",
            "a*foo(x); formula \"a*foo(x)\" at column 3: unknown function 'foo' (the functions are exp, log, sqrt, abs, sin, cos, tan, atan, tanh, sigmoid, pow, min, max, sign, step)",
            "a +; formula \"a +\" at column 4: expected a number, a name or '('",
            "a b; formula \"a b\" at column 3: expected an operator (+ - * / ^) or the end, found 'b'",
            "exp + 1; formula \"exp + 1\" at column 4: expected '(' after the function exp",
            "pow(x); formula \"pow(x)\" at column 6: expected ',': pow takes 2 arguments",
            "exp(x, 2); formula \"exp(x, 2)\" at column 9: exp takes 1 argument, not 2",
            "2 * $; formula \"2 * $\" at column 5: expected a number, a name or '(', found '$'",
            "1.2.3; formula \"1.2.3\" at column 1: '1.2.3' is not a number",
            "1e999; formula \"1e999\" at column 1: 1e999 is too large for double precision",
            "(a)); formula \"(a))\" at column 4: expected an operator (+ - * / ^) or the end, found ')'"
    })
    void mistakesNameTheColumnAndWhatWasExpected(String formula, String message) {
        FormulaException e = assertThrows(FormulaException.class, () -> Parser.parse(formula));
        assertEquals(message, e.getMessage());
    }

    @Test
    void anEmptyFormulaIsRefused() {
        assertEquals("the formula is empty", assertThrows(FormulaException.class, () -> Parser.parse("  ")).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"b1 - b2*x1*exp(-b3*x2)", "k_on*theta2/(1 + k_on)", "-x^2 + (-x)^2 - (a - x) / (a*x)",
            "a*exp(b*x) + c", "2^(-x) + x^(a^2) + (x^a)^2", "min(a, -x) - 1e-10*pi", "a/(b/c) - a/b/c", "a + (b + c)",
            "a*(b*c) - (a - b) - c"})
    void printsTextThatParsesBackToTheSameTree(String formula) throws FormulaException {
        Expr tree = Parser.parse(formula);
        assertEquals(tree, Parser.parse(Printer.formula(tree)), Printer.formula(tree));
    }

    @Test
    void namesWithDigitsAndUnderscores() throws FormulaException {
        Formula f = Formula.parse("b1 - b2*x1*exp(-b3*x2) + k_on*theta2 + b10");
        assertEquals(List.of("b1", "b2", "b3", "b10", "k_on", "theta2"), f.parameters(List.of("x1", "x2", "y")));
        assertEquals(List.of("x2", "x1"), f.columns(List.of("x2", "x1", "y"))); // the data's order: a row's
    }

    @Test
    void formulasTooDeepForTheStackAreRefused() throws FormulaException {
        String nested = "(".repeat(300) + "x" + ")".repeat(300);
        assertTrue(assertThrows(FormulaException.class, () -> Parser.parse(nested)).getMessage()
                .endsWith("at column 257: nested more than 256 deep"));
        String signs = "-".repeat(300) + "x";
        assertTrue(assertThrows(FormulaException.class, () -> Parser.parse(signs)).getMessage()
                .contains("more than 256 signs in a row"));
        String sum = "x" + " + x".repeat(1500);
        assertTrue(assertThrows(FormulaException.class, () -> Parser.parse(sum)).getMessage()
                .startsWith("the formula has more than 1000 levels"));
        assertEquals(12.0, value("-".repeat(200) + "(((((((((((x)))))))))))*4"));
    }
}
