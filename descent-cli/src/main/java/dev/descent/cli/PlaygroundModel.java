package dev.descent.cli;

import dev.descent.cli.plot.FitPlots;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.Standardization;
import dev.descent.expr.Formula;
import dev.descent.expr.FormulaException;
import dev.descent.expr.Printer;
import dev.descent.model.FormulaModel;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.solve.Curvature;
import dev.descent.solve.LeastSquares;
import dev.descent.train.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * What a playground run trains, over one data set: the linear model (on standardised features when asked, so the
 * trainer's coordinates are not the page's) or a typed formula. The page sees parameters in the data's own units,
 * named as the lesson names them ({@code a}, {@code b}; {@code a1 .. ad} for several features), each with its
 * {@code dy_pred/dθ} as text.
 */
final class PlaygroundModel {
    /** Rows a loss surface is computed on, evenly spread: a tab waits for it. */
    static final int SURFACE_ROWS = 5_000;
    private final Dataset shownRows;
    private final Dataset training;
    private final Model start;
    private final Standardization scaling;
    private final List<String> names;
    private final List<String> factors;
    private final String text;
    private final int[] contour;

    private PlaygroundModel(Dataset shownRows, Dataset training, Model start, Standardization scaling, List<String> names,
                            List<String> factors, String text, int[] contour) {
        this.shownRows = shownRows;
        this.training = training;
        this.start = start;
        this.scaling = scaling;
        this.names = names;
        this.factors = factors;
        this.text = text;
        this.contour = contour;
    }

    /** The model {@code settings} ask for over {@code data}; a mistake in them is an IllegalArgumentException naming it. */
    static PlaygroundModel of(PlaygroundSettings settings, Dataset data) {
        return settings.model().isEmpty() ? linear(settings, data) : formula(settings, data);
    }

    private static PlaygroundModel linear(PlaygroundSettings settings, Dataset data) {
        List<String> columns = data.featureNames();
        int d = columns.size();
        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder(data.targetName()).append(" =");
        for (int j = 0; j < d; j++) {
            names.add(d == 1 ? "a" : "a" + (j + 1));
            text.append(j == 0 ? " " : " + ").append(names.get(j)).append(' ').append(columns.get(j));
        }
        names.add("b");
        text.append(" + b");
        double[] values = new double[d + 1];
        Arrays.fill(values, -1);
        values[d] = 1;
        start(settings.init(), names, values);
        LinearModel user = LinearModel.of(columns, Arrays.copyOf(values, d), values[d]);
        List<String> factors = new ArrayList<>(columns);
        factors.add("1");
        int[] contour = contour(settings, names, new int[] {0, d});
        if (!settings.standardize()) {
            return new PlaygroundModel(data, data, user, null, names, factors, text.toString(), contour);
        }
        Standardization scaling = Standardization.learn(data, true);
        return new PlaygroundModel(data, scaling.apply(data), scaling.toStandardized(user), scaling, names, factors,
                text.toString(), contour);
    }

    private static PlaygroundModel formula(PlaygroundSettings settings, Dataset data) {
        Formula formula;
        try {
            formula = Formula.parse(settings.model());
        } catch (FormulaException e) {
            throw new IllegalArgumentException("model: " + e.getMessage());
        }
        List<String> columns = data.featureNames();
        if (formula.names().contains(data.targetName())) {
            throw new IllegalArgumentException("model " + formula.text() + " names the target " + data.targetName()
                    + "; the formula predicts it from " + String.join(", ", columns));
        }
        if (formula.columns(columns).isEmpty()) {
            throw new IllegalArgumentException("model " + formula.text() + " names no column of the data (its columns are "
                    + String.join(", ", columns) + ")");
        }
        List<String> parameters = formula.parameters(columns);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("model " + formula.text() + " has no parameter to fit: every name is a"
                    + " column of the data");
        }
        if (settings.standardize()) {
            throw new IllegalArgumentException("standardize applies to the linear model; a formula reads its columns as"
                    + " they are (as fit refuses --standardize with --model)");
        }
        double[] values = new double[parameters.size()];
        Arrays.fill(values, 1);
        start(settings.init(), parameters, values);
        FormulaModel model = FormulaModel.of(formula, columns, values);
        Dataset rows = data.select(model.columns());
        List<String> factors = parameters.stream().map(p -> Printer.readable(formula.derivative(p))).toList();
        if (parameters.size() < 2 && settings.contour() != null) {
            throw new IllegalArgumentException("contour: " + formula.text() + " has one parameter, and no surface over"
                    + " two");
        }
        int[] contour = parameters.size() < 2 ? null : contour(settings, parameters, new int[] {0, 1});
        return new PlaygroundModel(rows, rows, model, null, parameters, factors,
                data.targetName() + " = " + formula.text(), contour);
    }

    /** Reads {@code init} ({@code a=1, b=0.1}) into {@code values}, in the order of {@code names}. */
    private static void start(String init, List<String> names, double[] values) {
        if (init.isEmpty()) {
            return;
        }
        Map<String, Double> given = new LinkedHashMap<>();
        for (String item : init.split("[,;]")) {
            String[] parts = item.split("=", -1);
            String name = parts[0].strip();
            double value = parts.length == 2 ? number(parts[1].strip()) : Double.NaN;
            if (!Double.isFinite(value) || name.isEmpty()) {
                throw new IllegalArgumentException("init " + item.strip() + ": expected NAME=VALUE with a finite value,"
                        + " such as " + names.get(0) + "=1");
            }
            if (!names.contains(name)) {
                throw new IllegalArgumentException("init names " + name + ", which is not a parameter; the parameters are "
                        + String.join(", ", names));
            }
            given.put(name, value);
        }
        given.forEach((name, value) -> values[names.indexOf(name)] = value);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int[] contour(PlaygroundSettings settings, List<String> names, int[] otherwise) {
        return settings.contour() == null ? otherwise : pair(settings.contour(), names);
    }

    /** The indices of two parameters named in {@code pair}; a name that is not one is an IllegalArgumentException. */
    static int[] pair(List<String> pair, List<String> names) {
        int[] chosen = new int[2];
        for (int i = 0; i < 2; i++) {
            chosen[i] = names.indexOf(pair.get(i));
            if (chosen[i] < 0) {
                throw new IllegalArgumentException("contour names " + pair.get(i) + ", which is not a parameter; the"
                        + " parameters are " + String.join(", ", names));
            }
        }
        return chosen;
    }

    /** The rows the page's model reads, in the data's units: every column for the linear model, a formula's own. */
    Dataset shownRows() {
        return shownRows;
    }

    /** The rows the trainer passes over (standardised, when asked). */
    Dataset training() {
        return training;
    }

    /** The model at the start, in the trainer's coordinates. */
    Model start() {
        return start;
    }

    List<String> names() {
        return names;
    }

    /** Each parameter's {@code dy_pred/dθ}, as text: the chain rule's second factor. */
    List<String> factors() {
        return factors;
    }

    /** The model as the page writes it: {@code y = a x + b}. */
    String text() {
        return text;
    }

    /**
     * The two parameters whose loss surface is drawn first (indices into {@link #names}), or null for a single
     * parameter.
     */
    int[] contour() {
        return contour;
    }

    /** The column a curve is drawn over when the model reads one, or -1 (predicted against actual). */
    int curveColumn() {
        return shownRows.featureCount() == 1 ? 0 : -1;
    }

    /** {@code trained}'s parameters in the data's units. */
    double[] user(Model trained) {
        return scaling == null ? trained.parameters() : scaling.toOriginal((LinearModel) trained).parameters();
    }

    /** The model over {@link #shownRows} at {@code user}'s parameters. */
    Model shown(double[] user) {
        return scaling == null ? start.withParameters(user) : scaling.toOriginal((LinearModel) start).withParameters(user);
    }

    /**
     * The loss the trainer minimises ({@code loss}, from {@link #surfaceLoss}), at parameters in the data's units, with
     * {@code p} and {@code q} set to the operator's arguments and the rest as in {@code held}: the loss surface the page
     * draws. The L2 penalty is on the trainer's coordinates, so it is evaluated there.
     */
    DoubleBinaryOperator surface(ToDoubleFunction<Model> loss, double[] held, int p, int q) {
        return (u, v) -> {
            double[] at = held.clone();
            at[p] = u;
            at[q] = v;
            Model model = shown(at);
            return loss.applyAsDouble(scaling == null ? model : scaling.toStandardized((LinearModel) model));
        };
    }

    /** The trainer's loss and penalty, on at most {@value #SURFACE_ROWS} rows: a surface is 1,681 evaluations. */
    ToDoubleFunction<Model> surfaceLoss(PlaygroundSettings settings) {
        return FitPlots.surfaceLoss(training, null, settings.loss(), settings.penalty(), SURFACE_ROWS);
    }

    /** The least-squares parameters in the data's units (the linear model), or null (a formula, or none unique). */
    double[] optimum() {
        if (!(start instanceof LinearModel)) {
            return null;
        }
        try {
            return LeastSquares.fit(shownRows, true).parameters();
        } catch (DataException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * The loss's curvature L in the trainer's coordinates, which bounds the stable learning rate of gradient descent by
     * 2/L: exact for the linear model; for a formula, the largest eigenvalue of its Hessian at the start, by power
     * iteration on central differences of the gradient. NaN for a loss that is not smooth.
     */
    double curvature(PlaygroundSettings settings) {
        if (Double.isNaN(settings.loss().curvatureBound())) {
            return Double.NaN;
        }
        if (start instanceof LinearModel) {
            return Curvature.smoothness(training, true, settings.loss(), settings.penalty());
        }
        Objective objective = settings.objective(training);
        double[] theta = start.parameters();
        int p = theta.length;
        double[] v = new double[p];
        Arrays.fill(v, 1 / Math.sqrt(p));
        double[] plus = new double[p];
        double[] minus = new double[p];
        double eigenvalue = Double.NaN;
        for (int iteration = 0; iteration < 100; iteration++) {
            double h = 1e-5 * Math.max(1, norm(theta));
            double[] up = theta.clone();
            double[] down = theta.clone();
            for (int k = 0; k < p; k++) {
                up[k] += h * v[k];
                down[k] -= h * v[k];
            }
            objective.valueAndGradient(start, up, plus);
            objective.valueAndGradient(start, down, minus);
            double[] hv = new double[p];
            for (int k = 0; k < p; k++) {
                hv[k] = (plus[k] - minus[k]) / (2 * h);
            }
            double length = norm(hv);
            if (!(length > 0) || !Double.isFinite(length)) {
                return Double.NaN;
            }
            double previous = eigenvalue;
            eigenvalue = length;
            for (int k = 0; k < p; k++) {
                v[k] = hv[k] / length;
            }
            if (Math.abs(eigenvalue - previous) <= 1e-6 * eigenvalue) {
                break;
            }
        }
        return eigenvalue;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Where {@code model} first fails to predict a number on the training rows, for a message; null if nowhere. */
    String whereNotFinite(Model model) {
        return model instanceof FormulaModel formula ? formula.whereNotFinite(training.featureData()) : null;
    }
}
