package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.io.ModelFile;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import dev.descent.solve.LeastSquares;
import dev.descent.train.Fit;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Fits a linear model to a CSV file, by gradient descent or exactly, and compares the two. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "Fit a linear model to a CSV file by gradient descent (or exactly) and show how far it is from the optimum.",
        description = {"Reads DATA (a CSV file with a header row), predicts --target from the other columns (or"
                + " --features) with y = w . x + b, and trains by full-batch gradient descent: one update per epoch."
                + " It also solves the least-squares problem exactly and reports how far gradient descent still is from"
                + " that optimum. With --solver exact it only solves."})
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "The CSV file to fit.")
    Path dataFile;

    @Mixin
    DataOptions data;

    @Mixin
    StartOptions start;

    @Option(names = "--solver", defaultValue = "gd",
            description = "gd (gradient descent) or exact (least squares by QR). Default: ${DEFAULT-VALUE}.")
    Solver solver;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--epochs", defaultValue = "1000", description = "Number of updates. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--loss", defaultValue = "mse",
            description = "mse (mean of squared errors) or sse (their sum). Default: ${DEFAULT-VALUE}.")
    LossOption loss;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Write the loss and parameters after every epoch to FILE (CSV: epoch,loss,bias,<features>).")
    Path history;

    @Option(names = "--out", paramLabel = "MODEL.json", description = "Write the fitted model to this JSON file.")
    Path out;

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    enum Solver {
        gd, exact
    }

    @Override
    public Integer call() throws Exception {
        Check.positive(spec, "--lr", lr);
        Check.atLeast(spec, "--epochs", epochs, 0);
        if (history != null) {
            Check.writable(spec, "--history", history);
            if (solver == Solver.exact) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--history records gradient descent's epochs; --solver exact has none");
            }
        }
        if (out != null) {
            Check.writable(spec, "--out", out);
        }
        Dataset dataset = data.load(dataFile);
        LinearModel initial = start.model(dataset.featureNames());
        Objective objective = new Objective(loss.loss, dataset);

        LinearModel optimum = null;
        String noOptimum = null;
        try {
            optimum = LeastSquares.fit(dataset, !start.noIntercept);
        } catch (DataException e) {
            if (solver == Solver.exact) {
                throw new DataException(dataFile + ": " + e.getMessage());
            }
            noOptimum = e.getMessage();
        }

        LinearModel fitted;
        Fit fit = null;
        if (solver == Solver.exact) {
            fitted = optimum;
        } else {
            fit = new Trainer(loss.loss, new GradientDescent(lr), epochs).fit(dataset, initial);
            fitted = (LinearModel) fit.model();
        }
        Result result = new Result(dataset, fitted, objective.value(fitted),
                Math.sqrt(new Objective(Loss.mse(), dataset).value(fitted)), optimum,
                optimum == null ? Double.NaN : objective.value(optimum), noOptimum);

        if (history != null) {
            HistoryCsv.write(history, fit.history(), fitted);
        }
        if (out != null) {
            ModelFile.save(out, fitted, dataset.targetName(), trainingSummary(result));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(result)));
        } else {
            printText(stdout, result);
        }
        stdout.flush();
        return Descent.OK;
    }

    /** What a fit produced, and the exact optimum it is measured against (null when there is none). */
    private record Result(Dataset data, LinearModel fitted, double loss, double rmse, LinearModel optimum,
                          double optimumLoss, String noOptimum) {
    }

    private ObjectNode trainingSummary(Result r) {
        ObjectNode training = new ObjectMapper().createObjectNode();
        training.put("solver", solver.name());
        training.put("loss", loss.name());
        training.put("rows", r.data().rowCount());
        if (solver == Solver.gd) {
            training.put("learning_rate", lr);
            training.put("epochs", epochs);
        }
        training.put("final_loss", r.loss());
        return training;
    }

    private ObjectNode json(Result r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("solver", solver.name());
        root.put("data", dataFile.toString());
        root.put("rows", r.data().rowCount());
        root.put("target", r.data().targetName());
        ArrayNode features = root.putArray("features");
        r.data().featureNames().forEach(features::add);
        ArrayNode weights = root.putArray("weights");
        for (double w : r.fitted().weights()) {
            weights.add(w);
        }
        root.put("bias", r.fitted().bias());
        root.put("intercept", r.fitted().hasIntercept());
        root.put("loss_name", loss.name());
        root.put("loss", r.loss());
        root.put("rmse", r.rmse());
        root.put("epochs", solver == Solver.gd ? epochs : 0);
        if (solver == Solver.gd) {
            root.put("learning_rate", lr);
        }
        if (r.optimum() != null) {
            ArrayNode optimumWeights = root.putArray("optimum_weights");
            for (double w : r.optimum().weights()) {
                optimumWeights.add(w);
            }
            root.put("optimum_bias", r.optimum().bias());
            root.put("optimum_loss", r.optimumLoss());
            root.put("distance_to_optimum", Text.distance(r.fitted().parameters(), r.optimum().parameters()));
        }
        return root;
    }

    private void printText(PrintWriter stdout, Result r) {
        Dataset d = r.data();
        String how = solver == Solver.exact ? "Exact least squares (Householder QR, iteratively refined)"
                : String.format(Locale.ROOT, "Gradient descent, %d epochs at learning rate %s on %s,", epochs,
                Text.number(lr), loss.label);
        stdout.printf(Locale.ROOT, "%s on %s: %d rows, target %s%n%n", how, dataFile, d.rowCount(), d.targetName());
        List<String> names = r.fitted().parameterNames();
        double[] fitted = r.fitted().parameters();
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        if (solver == Solver.exact || r.optimum() == null) {
            stdout.printf(Locale.ROOT, "%-" + width + "s  %24s%n", "parameter", "value");
            for (int k = 0; k < names.size(); k++) {
                stdout.printf(Locale.ROOT, "%-" + width + "s  %24s%n", names.get(k), Double.toString(fitted[k]));
            }
        } else {
            double[] optimum = r.optimum().parameters();
            stdout.printf(Locale.ROOT, "%-" + width + "s  %18s  %18s  %14s%n", "parameter", "fitted", "optimum", "gap");
            for (int k = 0; k < names.size(); k++) {
                stdout.printf(Locale.ROOT, "%-" + width + "s  %18.10g  %18.10g  %14.6g%n", names.get(k), fitted[k], optimum[k],
                        fitted[k] - optimum[k]);
            }
        }
        stdout.println();
        stdout.printf(Locale.ROOT, "%s %s   RMSE %s%n", loss.label, Text.number(r.loss()), Text.number(r.rmse()));
        if (solver == Solver.gd) {
            if (r.optimum() == null) {
                stdout.println("There is no unique optimum to compare with: " + r.noOptimum());
            } else {
                stdout.printf(Locale.ROOT, "The exact optimum's %s is %s.%n", loss.label, Text.number(r.optimumLoss()));
                stdout.println(Text.gap(names, fitted, r.optimum().parameters(), r.loss(), r.optimumLoss(), epochs));
            }
        }
        if (history != null) {
            stdout.println("Wrote the history of " + epochs + " epochs to " + history + ".");
        }
        if (out != null) {
            stdout.println("Wrote the model to " + out + ".");
        }
    }
}
