package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.data.Rows;
import dev.descent.io.ModelFile;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.metric.ClassificationMetrics;
import dev.descent.metric.MulticlassMetrics;
import dev.descent.metric.RegressionMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores a saved model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score a saved model on a CSV or LIBSVM file with known targets.",
        description = {"Regression models: MSE, RMSE, MAE and R^2. Classification models (logistic or hinge): log-loss"
                + " (logistic only), accuracy, precision, recall, F1 and ROC AUC, with label 1 as the positive class."
                + " Softmax models: log-loss, accuracy, and precision, recall, F1 and ROC AUC (one class against the"
                + " rest) averaged over the classes with equal weight, then each class's precision, recall, F1 and"
                + " support.",
                "", "A LIBSVM file (see --input-format) gives its label first on each line and feature fk by index k,"
                + " for a model fitted on one: indices it lacks are zeros, an index past the model's features is an"
                + " error."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.json",
            converter = InputFile.class, description = "A model written by 'descent fit --out'.")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "DATA",
            converter = InputFile.class, description = "The CSV or LIBSVM file to score on.")
    Path dataFile;

    @Mixin
    InputFormatOption inputFormat;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "The column with the true values (required for a CSV file; a LIBSVM file has them first on"
                    + " each line).")
    String target;

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        boolean sparse = inputFormat.sparse(dataFile);
        if (sparse) {
            Check.unused(spec, InputFormatOption.NO_COLUMNS, List.of("--target"));
        } else {
            Check.given(spec, "--target=COLUMN", target);
        }
        ModelData.Scored scored = ModelData.score(modelFile, ModelFile.readAny(modelFile), dataFile, sparse, target);
        if (scored.notFinite() != null) {
            throw new DescentException(dataFile + ": the formula gives no number " + scored.notFinite()
                    + ", so no score is defined; drop such rows or fit a model defined on them");
        }
        Rows data = scored.data();
        List<String> classes = scored.classes();
        Loss loss = LossOption.named(modelFile, scored.loss());
        boolean logistic = loss instanceof Logistic;
        boolean classifier = loss.classifies();
        if (classifier && classes.isEmpty()) {
            Check.targets(dataFile, data, loss, "a " + scored.loss() + " model");
        }
        double[] outputs = scored.predictions().outputs();
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("rows", data.rowCount());
        if (!classes.isEmpty()) {
            MulticlassMetrics m = MulticlassMetrics.of(outputs, data.targetData(), classes.size());
            classification(json, m.logLoss(), m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc());
            ObjectNode perClass = json.putObject("per_class");
            for (int c = 0; c < classes.size(); c++) {
                MulticlassMetrics.PerClass figures = m.perClass().get(c);
                ObjectNode node = perClass.putObject(classes.get(c));
                figure(node, "precision", figures.precision());
                figure(node, "recall", figures.recall());
                figure(node, "f1", figures.f1());
                node.put("support", figures.support());
            }
        } else if (classifier) {
            ClassificationMetrics m = ClassificationMetrics.of(outputs, data.targetData(), logistic);
            classification(json, m.logLoss(), m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc());
        } else {
            RegressionMetrics m = RegressionMetrics.of(outputs, data.targetData());
            figure(json, "mse", m.mse());
            figure(json, "rmse", m.rmse());
            figure(json, "mae", m.mae());
            figure(json, "r2", m.r2());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            stdout.println(Text.json(json));
        } else {
            stdout.printf(Locale.ROOT, "%s on %s (%d rows, target %s):%n", modelFile, dataFile, data.rowCount(),
                    data.targetName());
            json.properties().forEach(e -> {
                if (!e.getValue().isObject() && !e.getKey().equals("rows")) {
                    stdout.printf(Locale.ROOT, "  %-9s %s%n", e.getKey(), text(e.getValue()));
                }
            });
            if (json.has("per_class")) {
                printPerClass(stdout, json.path("per_class"));
            }
        }
        stdout.flush();
        return Descent.OK;
    }

    /** The classification figures, in their order; a log-loss only where the scores are log-odds (not NaN). */
    private static void classification(ObjectNode json, double logLoss, double accuracy, double precision, double recall,
                                       double f1, double rocAuc) {
        if (!Double.isNaN(logLoss)) {
            figure(json, "log_loss", logLoss);
        }
        figure(json, "accuracy", accuracy);
        figure(json, "precision", precision);
        figure(json, "recall", recall);
        figure(json, "f1", f1);
        figure(json, "roc_auc", rocAuc);
    }

        /** A metric, or null where it is undefined (a precision with no row predicted in the class, say). */
    private static void figure(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static String text(JsonNode figure) {
        return figure.isNull() ? "undefined" : Text.number(figure.asDouble());
    }

    private static void printPerClass(PrintWriter stdout, JsonNode perClass) {
        int width = 5;
        for (Map.Entry<String, JsonNode> c : perClass.properties()) {
            width = Math.max(width, c.getKey().length());
        }
        stdout.printf(Locale.ROOT, "%n  %-" + width + "s  %9s  %9s  %9s  %7s%n", "class", "precision", "recall", "f1", "support");
        for (Map.Entry<String, JsonNode> c : perClass.properties()) {
            JsonNode f = c.getValue();
            stdout.printf(Locale.ROOT, "  %-" + width + "s  %9s  %9s  %9s  %7d%n", c.getKey(),
                    text(f.path("precision")), text(f.path("recall")), text(f.path("f1")), f.path("support").asInt());
        }
    }
}
