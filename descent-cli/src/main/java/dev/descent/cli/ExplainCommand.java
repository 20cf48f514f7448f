package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.loss.Reduction;
import dev.descent.model.FormulaModel;
import dev.descent.model.LinearModel;
import dev.descent.train.DivergenceException;
import dev.descent.train.GradientCheck;
import dev.descent.train.Objective;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Derives the gradient of squared loss on a linear model step by step, then checks it numerically. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        header = "Derive the gradient of the squared loss step by step (the chain rule), then check it by finite differences.",
        description = {"Answers the lesson's two questions: why dL/da is x * dL/db, and how the gradient generalises to"
                + " many parameters, (2/n) X^T (y_pred - y). Then computes the gradient on data both ways, analytically and"
                + " by central differences, and prints the relative error per parameter.",
                "Without --data it uses the lesson's data (30 points from y = 3x + 8, seed 42) at a = -1, b = 1."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            converter = InputFile.class, description = "A CSV file to check on instead of the lesson's data.")
    Path dataFile;

    @Mixin
    DataOptions data;

    @Mixin
    StartOptions start;

    @Option(names = "--loss", defaultValue = "mse",
            description = "mse (mean of squared errors) or sse (their sum). Default: ${DEFAULT-VALUE}.")
    SquaredLossOption loss;

    @Option(names = "--lr", defaultValue = "0.01",
            description = "A learning rate to translate into other tools' conventions. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Mixin
    FormulaOptions formula;

    @Option(names = "--latex", description = "With --model, print the derivatives as LaTeX.")
    boolean latex;

    @Override
    public Integer call() throws Exception {
        if (formula.model != null) {
            return explainFormula();
        }
        Check.unused(spec, "--latex prints a formula's derivatives: give --model", List.of("--latex"));
        if (formula.partsWithoutModel()) {
            throw new ParameterException(spec.commandLine(), "--init belongs to a formula model: give --model");
        }
        Dataset dataset;
        LinearModel at;
        String where;
        if (dataFile == null) {
            Check.unused(spec, "without --data the lesson's data is used", List.of("--target", "--features", "--degree",
                    "--cache", "--input-format"));
            dataset = LessonData.lesson();
            boolean defaults = start.initWeights == null && start.initBias == 0 && !start.noIntercept;
            at = defaults ? LinearModel.of(List.of("x"), new double[] {-1}, 1) : start.model(dataset.featureNames());
            where = "the lesson's data (30 points from y = 3x + 8, seed 42; the lesson's a is the weight of x, b the bias)";
        } else {
            dataset = data.load(dataFile, false);
            at = start.model(dataset.featureNames());
            where = dataFile + " (" + dataset.rowCount() + " rows)";
        }
        Check.positive(spec, "--lr", lr);
        Objective objective = new Objective(loss.loss, dataset);
        GradientCheck check = GradientCheck.at(objective, at);
        Conditioning conditioning = Conditioning.of(dataset, at.hasIntercept(), loss.loss.reduction());
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            ObjectNode json = json(at, objective.value(at), check);
            conditioning.addTo(json);
            out.println(Text.json(json));
        } else {
            out.print(derivation(loss.loss.reduction()));
            printCheck(out, where, at, objective.value(at), check);
            out.print(conventions(loss.loss.reduction(), lr, dataset.rowCount()));
            conditioning.print(out);
        }
        out.flush();
        return Descent.OK;
    }

    /** Derivatives of any formula, shown and checked (the lesson's data unless --data gives others). */
    private int explainFormula() throws Exception {
        Check.unused(spec, "explain checks derivatives at one point", List.of("--bounds", "--sigma", "--lr"));
        Check.unused(spec, "--model gives the model; its parameters start from --init", List.of("--init-weights",
                "--init-bias", "--no-intercept", "--features", "--degree"));
        Dataset dataset;
        String where;
        FormulaSetup setup;
        if (dataFile == null) {
            Check.unused(spec, "without --data the lesson's data is used", List.of("--target", "--cache", "--input-format"));
            dataset = LessonData.lesson();
            setup = FormulaSetup.of(spec, formula.model, dataset.featureNames(), dataset.targetName(), "the lesson's data");
            where = "the lesson's data (30 points from y = 3x + 8, seed 42)";
        } else {
            Check.given(spec, "--target=COLUMN", data.target);
            List<String> columns = new ArrayList<>(CsvDatasetReader.header(dataFile));
            columns.remove(data.target);
            setup = FormulaSetup.of(spec, formula.model, columns, data.target, dataFile.toString());
            data.features = setup.columns();
            dataset = data.load(dataFile, false);
            where = dataFile + " (" + dataset.rowCount() + " rows)";
        }
        dataset = dataset.select(setup.columns());
        Map<String, Double> given = formula.initialValues(setup.parameters(), setup.columns());
        double[] start = new double[setup.parameters().size()];
        for (int k = 0; k < start.length; k++) {
            start[k] = given.getOrDefault(setup.parameters().get(k), 1.0);
        }
        FormulaModel at = FormulaModel.of(setup.formula(), setup.columns(), start);
        FormulaExplain explain = new FormulaExplain(at, dataset, loss.loss.reduction(), where);
        Objective objective = new Objective(loss.loss, dataset);
        double lossValue = objective.value(at);
        if (!Double.isFinite(lossValue)) {
            throw new DivergenceException("the starting parameters take the formula out of the real numbers "
                    + at.whereNotFinite(dataset.featureData()), 0);
        }
        GradientCheck check = explain.lossCheck(objective);
        double rowError = explain.rowCheck();
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(Text.json(explain.json(lossValue, check, rowError)));
        } else {
            explain.print(out, latex, lossValue, check, rowError);
        }
        out.flush();
        return Descent.OK;
    }

    private ObjectNode json(LinearModel at, double lossValue, GradientCheck check) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode names = root.putArray("parameters");
        at.parameterNames().forEach(names::add);
        ArrayNode values = root.putArray("at");
        for (double v : at.parameters()) {
            values.add(v);
        }
        root.put("loss_name", loss.name());
        root.put("loss", lossValue);
        ArrayNode analytic = root.putArray("analytic");
        ArrayNode numeric = root.putArray("numeric");
        ArrayNode relative = root.putArray("relative_errors");
        for (int k = 0; k < check.analytic().length; k++) {
            analytic.add(check.analytic()[k]);
            numeric.add(check.numeric()[k]);
            relative.add(check.relativeErrors()[k]);
        }
        root.put("max_relative_error", check.maxRelativeError());
        return root;
    }

    private static String derivation(Reduction reduction) {
        boolean mean = reduction == Reduction.MEAN;
        String lossFormula = mean ? "L = mean((y_pred - y)^2) = (1/n) sum_i (y_pred_i - y_i)^2   (MSE)"
                : "L = sum((y_pred - y)^2) = sum_i (y_pred_i - y_i)^2   (SSE)";
        String k = mean ? "(2/n)" : "2";
        String average = mean
                ? "   The loss is a mean, so its gradient is the mean of the per-sample gradients:\n"
                + "     dL/da = (1/n) sum_i 2 (y_pred_i - y_i) x_i = mean(dyda)      dL/db = mean(dydb)\n"
                + "   That 1/n is why the lesson calls .mean(). With SSE (a sum, --loss sse) there is no 1/n:\n"
                + "   its gradient is n times larger, so a learning rate n times smaller takes the same steps.\n"
                : "   The loss is a sum, so its gradient is the sum of the per-sample gradients:\n"
                + "     dL/da = sum_i 2 (y_pred_i - y_i) x_i = sum(dyda)      dL/db = sum(dydb)\n"
                + "   There is no 1/n: that comes only with MSE (a mean, the lesson's), whose gradient is this one\n"
                + "   divided by n. So SSE at learning rate lr/n takes exactly MSE's steps at lr.\n";
        return "Why the gradient is what it is: the linear model with squared error\n\n"
                + "  model   y_pred = a*x + b                 (the lesson's lin(a, b, x); a is a weight, b the bias)\n"
                + "  loss    " + lossFormula + "\n\n"
                + "1. How the loss changes with one prediction\n"
                + "     dL_i/dy_pred = 2 (y_pred - y)\n\n"
                + "2. How the prediction changes with each parameter, and the chain rule\n"
                + "     dy_pred/db = 1   so  dL_i/db = 2 (y_pred - y) * 1 = 2 (y_pred - y)      (the lesson's dydb)\n"
                + "     dy_pred/da = x   so  dL_i/da = 2 (y_pred - y) * x = x * dL_i/db          (the lesson's dyda)\n"
                + "   This is the chain rule, dL/da = dL/dy_pred * dy_pred/da: a and b reach the loss only through\n"
                + "   y_pred, and y_pred moves x times as fast with a as with b. Hence dyda = x * dydb.\n\n"
                + "3. Combining the samples\n"
                + average + "\n"
                + "4. Any number of features: the vector form\n"
                + "   With the features as the rows of X (n x d) and the errors r = y_pred - y:\n"
                + "     grad_w = " + k + " X^T r        grad_b = " + k + " sum_i r_i = " + k + " 1^T r\n"
                + "   Treating the bias as the weight of a column of ones, A = [X 1], makes it one formula:\n"
                + "     grad = " + k + " A^T (y_pred - y)\n"
                + "   Each weight follows the same chain rule as a: dL/dw_j = " + (mean ? "mean" : "sum")
                + "(2 r x_j). Descent computes all of it\n"
                + "   in one pass over the rows: r_i = x_i . w + b - y_i, then grad += r_i * [x_i 1].\n\n";
    }

    /** How other tools write the same loss, and the learning rate that takes the same steps there. */
    private static String conventions(Reduction reduction, double lr, int n) {
        double mseRate = reduction == Reduction.MEAN ? lr : lr * n;
        return String.format(Locale.ROOT, "%n5. The same loss in other tools, and the learning rate that takes the same steps%n"
                + "   Descent and fast.ai: L = mean((y_pred - y)^2)       (--loss mse; --l2 a adds a/2 ||w||^2, --l1 a adds a ||w||_1)%n"
                + "   scikit-learn SGD:    L = mean((y_pred - y)^2) / 2 + alpha * penalty(w)%n"
                + "   Spark MLlib:         L = sum((y_pred - y)^2) / (2n) + regParam * penalty(w)%n"
                + "   Halving the loss halves its gradient, so the same step needs twice the rate, and the penalties%n"
                + "   convert as alpha = a / 2 (L2 penalty ||w||^2 / 2, L1 ||w||_1). SSE's gradient is n times MSE's.%n"
                + "   Here (n = %d), Descent's --lr %s on %s takes the steps of:%n"
                + "     Descent --loss mse --lr %s,  --loss sse --lr %s%n"
                + "     scikit-learn SGDRegressor(eta0=%s, learning_rate='constant'), on the full batch%n"
                + "     Spark MLlib stepSize=%s at its first iteration (it then divides the rate by sqrt(t))%n",
                n, Text.number(lr), reduction == Reduction.MEAN ? "MSE" : "SSE", Text.number(mseRate),
                Text.number(mseRate / n), Text.number(2 * mseRate), Text.number(2 * mseRate));
    }

    private static void printCheck(PrintWriter out, String where, LinearModel at, double lossValue, GradientCheck check) {
        List<String> names = at.parameterNames();
        double[] values = at.parameters();
        StringBuilder point = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            point.append(k == 0 ? "" : ", ").append(names.get(k)).append(" = ").append(Text.number(values[k]));
        }
        out.printf(Locale.ROOT, "Check on %s at %s (loss %s):%n", where, point, Text.number(lossValue));
        out.println("  analytic: the formula above; numeric: (L(theta + h) - L(theta - h)) / 2h, h = 6.1e-6 max(1, |theta|)"
                + " (or 6.1e-6 |theta| for |theta| < 1, where that agrees better)");
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%n%-" + width + "s  %22s  %22s  %14s%n", "parameter", "analytic", "numeric", "relative error");
        for (int k = 0; k < names.size(); k++) {
            out.printf(Locale.ROOT, "%-" + width + "s  %22.15g  %22.15g  %14.2e%n", names.get(k), check.analytic()[k],
                    check.numeric()[k], check.relativeErrors()[k]);
        }
        double worst = check.maxRelativeError();
        out.println();
        if (worst < 1e-6) {
            out.printf(Locale.ROOT, "The largest relative error is %.1e: the chain rule and finite differences agree.%n", worst);
        } else {
            out.printf(Locale.ROOT, "The largest relative error is %.1e: the two disagree, which is a bug; please report it.%n",
                    worst);
        }
    }
}
