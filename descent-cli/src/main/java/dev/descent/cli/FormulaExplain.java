package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Dataset;
import dev.descent.expr.Expr;
import dev.descent.expr.Formula;
import dev.descent.expr.Printer;
import dev.descent.expr.Program;
import dev.descent.expr.Tape;
import dev.descent.io.ModelFile;
import dev.descent.loss.Reduction;
import dev.descent.model.FormulaModel;
import dev.descent.train.GradientCheck;
import dev.descent.train.Objective;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code explain --model FORMULA}: every partial derivative of the squared loss of a formula model,
 * found by the chain rule and printed (as text, or LaTeX), then checked three ways: the whole loss's
 * gradient (reverse mode) against central differences, and on a few rows each {@code dy_pred/dtheta}
 * symbolically, by reverse mode, and by central differences.
 */
final class FormulaExplain {
    /** Rows on which each derivative of the prediction is checked. */
    private static final int CHECKED_ROWS = 3;

    private final FormulaModel at;
    private final Dataset data;
    private final Reduction reduction;
    private final String where;

    FormulaExplain(FormulaModel at, Dataset data, Reduction reduction, String where) {
        this.at = at;
        this.data = data;
        this.reduction = reduction;
        this.where = where;
    }

    /** The formula's derivatives and checks, as text (LaTeX forms with {@code latex}). */
    void print(PrintWriter out, boolean latex, double lossValue, GradientCheck check, double rowError) {
        String y = data.targetName();
        Expr model = at.formula().tree();
        boolean mean = reduction == Reduction.MEAN;
        out.printf(Locale.ROOT, "The chain rule for %s = %s%n%n", y, Printer.readable(model));
        out.printf(Locale.ROOT, "  data        %s (target %s)%n", String.join(", ", at.columns()), y);
        out.printf(Locale.ROOT, "  parameters  %s%n", String.join(", ", at.parameterNames()));
        out.printf(Locale.ROOT, "  loss        L = %s (y_pred - %s)^2 over the rows%s%n%n", mean ? "mean of" : "sum of", y,
                mean ? " (MSE)" : " (SSE)");
        out.println("For one row, L_i = (y_pred - " + y + ")^2, so dL_i/dy_pred = 2 (y_pred - " + y + "), and each parameter");
        out.println("reaches the loss only through y_pred: dL_i/dtheta = dL_i/dy_pred * dy_pred/dtheta.");
        out.println();
        Expr rowLoss = Expr.power(Expr.subtract(model, Expr.name(y)), Expr.num(2));
        Expr outerFactor = Expr.multiply(Expr.num(2), Expr.subtract(Expr.name("y_pred"), Expr.name(y)));
        int width = at.parameterNames().stream().mapToInt(String::length).max().orElse(1);
        for (String name : at.parameterNames()) {
            Expr inner = at.formula().derivative(name);
            Expr outer = Formula.of(rowLoss).derivative(name);
            out.printf(Locale.ROOT, "  dy_pred/d%-" + width + "s = %s%n", name, latex ? Printer.latex(inner) : Printer.readable(inner));
            Expr chain = Expr.multiply(outerFactor, inner); // as it stands, not simplified: the chain rule's two factors
            out.printf(Locale.ROOT, "  dL_i/d%-" + width + "s    = %s%n", name, latex ? Printer.latex(chain) : Printer.readable(chain));
            out.printf(Locale.ROOT, "  %" + (width + 9) + "s   = %s%n%n", "", latex ? Printer.latex(outer) : Printer.readable(outer));
        }
        out.println(mean ? "The loss is a mean, so its gradient is the mean of the rows' gradients: dL/dtheta = mean(dL_i/dtheta)."
                : "The loss is a sum, so its gradient is the sum of the rows' gradients: dL/dtheta = sum(dL_i/dtheta).");
        out.println("Descent computes them all in one forward and one backward sweep per row (reverse mode), whatever the");
        out.println("number of parameters, over the compiled formula (" + at.program().size() + " instructions, shared"
                + " subexpressions computed once).");
        out.println();
        StringBuilder point = new StringBuilder();
        double[] values = at.parameters();
        for (int k = 0; k < values.length; k++) {
            point.append(k == 0 ? "" : ", ").append(at.parameterNames().get(k)).append(" = ").append(Text.number(values[k]));
        }
        out.printf(Locale.ROOT, "Check on %s at %s (loss %s):%n", where, point, Text.number(lossValue));
        out.println("  analytic: reverse mode over the compiled formula; numeric: (L(theta + h) - L(theta - h)) / 2h");
        int column = Math.max(9, width);
        out.printf(Locale.ROOT, "%n%-" + column + "s  %22s  %22s  %14s%n", "parameter", "analytic", "numeric", "relative error");
        for (int k = 0; k < values.length; k++) {
            out.printf(Locale.ROOT, "%-" + column + "s  %22.15g  %22.15g  %14.2e%n", at.parameterNames().get(k),
                    check.analytic()[k], check.numeric()[k], check.relativeErrors()[k]);
        }
        out.println();
        out.printf(Locale.ROOT, "On rows 1 to %d, dy_pred/dtheta symbolically, by reverse mode and by central differences agree"
                + " to %.1e (relative).%n", Math.min(CHECKED_ROWS, data.rowCount()), rowError);
        double worst = Math.max(check.maxRelativeError(), rowError);
        out.println(worst < 1e-6 ? "The chain rule and finite differences agree."
                : "The largest relative error is " + String.format(Locale.ROOT, "%.1e", worst) + ": finite differences are"
                + " unreliable here (a kink or a steep region), or this is a bug; please report it.");
    }

    ObjectNode json(double lossValue, GradientCheck check, double rowError) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("formula", at.formula().text());
        ModelFile.putParams(root, at);
        ObjectNode derivatives = root.putObject("derivatives");
        ObjectNode latex = root.putObject("derivatives_latex");
        for (String name : at.parameterNames()) {
            Expr d = at.formula().derivative(name);
            derivatives.put(name, Printer.readable(d));
            latex.put(name, Printer.latex(d));
        }
        root.put("loss", lossValue);
        ObjectNode analytic = root.putObject("analytic");
        ObjectNode numeric = root.putObject("numeric");
        ObjectNode relative = root.putObject("relative_errors");
        for (int k = 0; k < check.analytic().length; k++) {
            String name = at.parameterNames().get(k);
            analytic.put(name, check.analytic()[k]);
            numeric.put(name, check.numeric()[k]);
            relative.put(name, check.relativeErrors()[k]);
        }
        root.put("max_relative_error", check.maxRelativeError());
        root.put("row_derivatives_max_relative_error", rowError);
        return root;
    }

    /** The whole loss's gradient (reverse mode) against central differences. */
    GradientCheck lossCheck(Objective objective) {
        return GradientCheck.at(objective, at);
    }

    /**
     * The largest relative disagreement, over the first rows and the parameters, between {@code dy_pred/dtheta}
     * evaluated from its symbolic form, by reverse mode, and by central differences of the prediction.
     */
    double rowCheck() {
        int p = at.parameterNames().size();
        int d = data.featureCount();
        int rows = Math.min(CHECKED_ROWS, data.rowCount());
        double[] jacobian = new double[rows * p];
        Tape tape = new Tape(at.program());
        tape.setParameters(at.parameters());
        tape.jacobian(data.featureData(), d, 0, rows, jacobian);
        double worst = 0;
        for (int k = 0; k < p; k++) {
            Tape symbolic = new Tape(Program.compile(at.formula().derivative(at.parameterNames().get(k)),
                    at.parameterNames(), at.columns()));
            symbolic.setParameters(at.parameters());
            for (int i = 0; i < rows; i++) {
                int parameter = k;
                double[] row = data.row(i);
                double exact = symbolic.forward(data.featureData(), i * d);
                double reverse = jacobian[i * p + k];
                if (!Double.isFinite(exact)) {
                    continue; // the derivative's formula is undefined here (x^b log x at x = 0), though its limit is not
                }
                double numeric = GradientCheck.central(t -> {
                    double[] theta = at.parameters();
                    theta[parameter] = t;
                    return at.withParameters(theta).predict(row);
                }, at.parameters()[k], exact);
                worst = Math.max(worst, GradientCheck.relativeError(exact, reverse));
                worst = Math.max(worst, GradientCheck.relativeError(exact, numeric));
            }
        }
        return worst;
    }
}
