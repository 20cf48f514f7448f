package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.expr.Formula;
import dev.descent.io.ModelFile;
import dev.descent.io.SavedFile;
import dev.descent.io.SavedFormula;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.SquaredError;
import dev.descent.model.FormulaModel;
import dev.descent.model.Model;
import dev.descent.expr.Printer;
import dev.descent.solve.CurveFit;
import dev.descent.solve.NotFiniteException;
import dev.descent.cli.plot.FitPlots;
import dev.descent.train.DivergenceException;
import dev.descent.train.Checkpoint;
import dev.descent.train.Fit;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.ParameterException;

/**
 * {@code fit --model FORMULA}: a formula model, trained by any optimizer or fitted by
 * Levenberg-Marquardt ({@code --optimizer lm}), with the least-squares statistics curve-fitting
 * users expect.
 */
final class FormulaFit {
    /** Levenberg-Marquardt's default tolerance: on to the last digits double precision gives. */
    private static final double LM_TOLERANCE = 1e-15;

    private final FitCommand command;
    private final FormulaOptions options;
    private final TrainingOptions training;

    FormulaFit(FitCommand command) {
        this.command = command;
        this.options = command.formula;
        this.training = command.training;
    }

    int run() throws Exception {
        refuseLinearOptions();
        if (command.history != null) {
            Check.writable(command.spec, "--history", command.history);
        }
        if (command.out != null) {
            Check.writable(command.spec, "--out", command.out);
        }
        Check.given(command.spec, "--target=COLUMN", command.data.target);
        String target = command.data.target;
        List<String> header = CsvDatasetReader.header(command.dataFile);
        List<String> dataColumns = new ArrayList<>(header);
        if (!dataColumns.remove(target)) {
            throw new DataException(command.dataFile + ": no target column \"" + target + "\"; the header has " + header);
        }
        FormulaSetup setup = FormulaSetup.of(command.spec, options.model, dataColumns, target, command.dataFile.toString());
        Formula formula = setup.formula();
        List<String> columns = setup.columns();
        List<String> parameters = setup.parameters();
        if (target.equals(options.sigma)) {
            throw new ParameterException(command.spec.commandLine(), "--sigma " + target + " is the target; give the"
                    + " column of the target's standard deviations");
        }
        if (options.sigma != null && !dataColumns.contains(options.sigma)) {
            throw new DataException(command.dataFile + ": no --sigma column \"" + options.sigma + "\"; the header has "
                    + header);
        }
        Loss loss = training.lossFunction();
        boolean lm = training.optimizer == TrainingOptions.OptimizerName.lm;
        if (lm) {
            refuseWithLm(loss);
            if (command.history != null) {
                throw new ParameterException(command.spec.commandLine(), "--history records training's epochs;"
                        + " --optimizer lm keeps none");
            }
        } else {
            refuseWithoutLm();
        }
        Map<String, Double> given = options.initialValues(parameters, columns);
        double[][] bounds = options.bounds(parameters, columns);

        long loadStart = System.nanoTime();
        List<String> read = new ArrayList<>(columns);
        if (options.sigma != null && !read.contains(options.sigma)) {
            read.add(options.sigma);
        }
        command.data.features = read;
        Dataset loaded = command.data.load(command.dataFile, false);
        double[] sigma = options.sigma == null ? null : sigma(loaded, read.indexOf(options.sigma));
        Dataset data = read.size() == columns.size() ? loaded : loaded.select(columns);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Check.targets(command.dataFile, data, loss, "the " + loss.name() + " loss");

        SavedFormula warm = warmStart(formula, columns);
        double[] start = new double[parameters.size()];
        List<String> defaulted = new ArrayList<>();
        for (int k = 0; k < start.length; k++) {
            String name = parameters.get(k);
            if (warm != null) {
                start[k] = warm.model().parameter(name);
            } else if (given.containsKey(name)) {
                start[k] = given.get(name);
            } else {
                start[k] = 1;
                defaulted.add(name);
            }
        }
        if (bounds != null) {
            for (int k = 0; k < start.length; k++) {
                if (!(start[k] >= bounds[0][k] && start[k] <= bounds[1][k])) {
                    throw new ParameterException(command.spec.commandLine(), "the start " + parameters.get(k) + " = "
                            + start[k] + " is outside --bounds " + parameters.get(k) + "=" + bounds[0][k] + ":"
                            + bounds[1][k] + "; give --init " + parameters.get(k) + "=... inside them");
                }
            }
        }
        FormulaModel initial = FormulaModel.of(formula, dataColumns, start);
        warnOfLikelyColumns(defaulted, dataColumns);
        if (command.plot.wanted()) {
            command.plot.pair(parameters, start, List.of()); // a --contour mistake, found before training
        }
        warnOfEAsBase(formula, parameters);
        if (lm && data.rowCount() <= parameters.size()) {
            throw new DataException(command.dataFile + ": " + data.rowCount() + " rows cannot determine "
                    + parameters.size() + " parameters; least squares needs more rows than parameters");
        }

        long trainStart = System.nanoTime();
        CurveFit.Result curve = null;
        Fit fit = null;
        Trainer trainer = null;
        FormulaModel fitted;
        if (lm) {
            int iterations = Check.atLeast(command.spec, "--epochs", training.epochs, 1);
            double tolerance = training.tol > 0 ? training.tol : LM_TOLERANCE;
            String where = initial.whereNotFinite(data.featureData());
            if (where != null) {
                throw new DivergenceException("the starting parameters take the formula out of the real numbers " + where, 0);
            }
            try {
                curve = CurveFit.fit(initial, data, sigma, bounds == null ? null : bounds[0],
                        bounds == null ? null : bounds[1], iterations, tolerance);
            } catch (NotFiniteException e) {
                throw new DivergenceException("Levenberg-Marquardt stopped: " + e.getMessage(), 0);
            }
            fitted = curve.model();
        } else {
            trainer = training.trainer(data, false, command.checkpoints.saving(data.fingerprint(), parameters,
                    command.history != null || command.plot.wanted()));
            Checkpoint goOn = command.checkpoints.from(data.fingerprint(), parameters);
            boolean resume = warm != null && warm.state() != null && training.optimizer.name().equals(warm.optimizer())
                    && loss.name().equals(warm.loss());
            try (TrainingProgress progress = new TrainingProgress(trainer.epochs())) {
                fit = goOn != null ? trainer.resume(data, initial, goOn, progress)
                        : trainer.fit(data, initial, resume ? warm.state() : null, progress);
            }
            fitted = (FormulaModel) fit.model();
            Penalty penalty = trainer.penalty();
            if (loss instanceof SquaredError && penalty.isNone() && data.rowCount() > parameters.size()) {
                try {
                    curve = CurveFit.at(fitted, data, null);
                } catch (NotFiniteException e) {
                    warn("no standard errors: " + e.getMessage());
                }
            }
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        if (curve != null && !curve.dependent().isEmpty()) {
            warn("the data cannot tell " + String.join(", ", curve.dependent()) + " apart from the parameters before"
                    + (curve.dependent().size() == 1 ? " it" : " them") + " (their derivatives over the rows are linearly"
                    + " dependent): the standard errors are infinite and the estimates one choice among many");
        }
        double lossValue = new Objective(loss, data, trainer == null ? Penalty.NONE : trainer.penalty()).value(fitted);
        double rmse = Math.sqrt(new Objective(Loss.mse(), data).value(fitted));
        Outcome outcome = new Outcome(formula, data, initial, defaulted, sigma, fitted, curve, fit, trainer, loss,
                lossValue, rmse, HeldOut.of(trainer, data, fitted, loss), loadSeconds, trainSeconds);
        if (command.history != null) {
            HistoryCsv.write(command.history, fit.history(), fitted.parameterNames());
        }
        if (command.out != null) {
            ModelFile.save(command.out, new SavedFormula(fitted, target, loss.name(), training.optimizer.name(),
                    fit == null ? null : fit.state(), summary(outcome)));
        }
        command.plot.finish(command.spec.commandLine().getOut(), command.format, json(outcome),
                w -> printText(w, outcome), () -> pictures(outcome, loss), "Descent: " + outcome.data().targetName()
                        + " = " + formula.text() + " on " + command.dataFile, outcome.data(), List.of());
        return Descent.OK;
    }

    /** What the pictures are drawn from: the path through every epoch (start and end for lm), the loss surface. */
    private FitPlots.Inputs pictures(Outcome o, Loss loss) {
        FormulaModel fitted = o.fitted();
        FitPlots.Track track = FitPlots.Track.of(o.initial().parameters(), o.fit() == null ? null : o.fit().history(),
                o.trainer() != null && o.trainer().validationFraction() > 0, p -> p, fitted.parameters());
        List<double[]> path = track.path();
        double[] losses = track.losses();
        double[] validation = track.validation();
        int[] pair = command.plot.pair(fitted.parameterNames(), fitted.parameters(), List.of());
        Dataset data = o.data();
        ToDoubleFunction<FormulaModel> surface = surface(o, loss);
        double[] theta = fitted.parameters();
        double[] x = fitted.columns().size() == 1 ? data.featureData() : null;
        return new FitPlots.Inputs(fitted.parameterNames(), path, losses, validation, data.targetName(),
                data.targetData(), fitted.predictions(data.featureData()), pair,
                pair == null ? null : (u, v) -> {
                    double[] at = theta.clone();
                    at[pair[0]] = u;
                    at[pair[1]] = v;
                    return surface.applyAsDouble(fitted.withParameters(at));
                },
                x == null ? null : fitted.columns().get(0), x, x == null ? null : t -> fitted.predict(t),
                FitPlots.Fits.of(fitted::withParameters, data::row));
    }

    /**
     * The loss a fit minimised, as its surface is drawn: the trainer's, penalty included, on the rows it passed over;
     * for Levenberg-Marquardt with --sigma, the weighted sum of squares {@code sum ((y - f) / sigma)^2}. On at most
     * {@value FitPlots#CONTOUR_ROWS} rows, evenly spread.
     */
    private static ToDoubleFunction<FormulaModel> surface(Outcome o, Loss loss) {
        if (o.sigma() == null) {
            ToDoubleFunction<Model> objective = FitPlots.surfaceLoss(o.data(), o.trainer(), loss,
                    o.trainer() == null ? Penalty.NONE : o.trainer().penalty(), FitPlots.CONTOUR_ROWS);
            return objective::applyAsDouble;
        }
        int[] rows = FitPlots.evenly(o.data().rowCount(), FitPlots.CONTOUR_ROWS);
        Dataset sampled = o.data().rows(rows);
        return model -> {
            double[] predicted = model.predictions(sampled.featureData());
            double sum = 0;
            for (int k = 0; k < rows.length; k++) {
                double r = (sampled.target(k) - predicted[k]) / o.sigma()[rows[k]];
                sum += r * r;
            }
            return sum;
        };
    }

    /** A formula fit's results. */
    private record Outcome(Formula formula, Dataset data, FormulaModel initial, List<String> defaulted,
                           double[] sigma, FormulaModel fitted, CurveFit.Result curve, Fit fit, Trainer trainer,
                           Loss loss, double lossValue, double rmse, HeldOut validation, double loadSeconds,
                           double trainSeconds) {
        int epochs() {
            return fit != null ? fit.epochs() : curve.iterations();
        }

        String stopKey() {
            return fit != null ? fit.stopReason().key() : curve.stop().key();
        }

        String stopDescription() {
            return fit != null ? fit.stopReason().description() : curve.stop().description();
        }
    }

    /**
     * A name the data lack is a parameter, so a column misspelt in the formula ({@code X} for {@code x}) would silently
     * be fitted as one: a parameter without --init whose name matches a column but for case, '_' or '.' is pointed out.
     */
    private void warnOfLikelyColumns(List<String> defaulted, List<String> dataColumns) {
        for (String name : defaulted) {
            for (String column : dataColumns) {
                if (plain(name).equals(plain(column))) {
                    warn(name + " is not a column of " + command.dataFile + ", so it is fitted as a parameter, from 1;"
                            + " did you mean the column " + column + "?");
                }
            }
        }
    }

    /** {@code e^x} fits a parameter called e: the exponential is {@code exp(x)}. */
    private void warnOfEAsBase(Formula formula, List<String> parameters) {
        if (parameters.contains("e") && Printer.formula(formula.tree()).matches(".*(?<![A-Za-z0-9_])e\\^.*")) {
            warn("e is a parameter in " + formula.text() + "; for the exponential function write exp(...)");
        }
    }

    private void warn(String message) {
        PrintWriter err = command.spec.commandLine().getErr();
        err.println(command.spec.qualifiedName() + ": warning: " + message);
        err.flush();
    }

    private static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace(".", "");
    }

    private void refuseLinearOptions() {
        Check.unused(command.spec, "--model gives the model; its parameters start from --init", List.of("--init-weights",
                "--init-bias", "--no-intercept"));
        Check.unused(command.spec, "--model reads the data columns the formula names", List.of("--features", "--degree"));
        Check.unused(command.spec, "--standardize rescales a linear model's features; a formula's parameters would change"
                + " meaning (scale inside the formula instead, such as a*exp(b*x/1000))", List.of("--standardize"));
        Check.unused(command.spec, "--float stores features for the linear kernel; a formula model trains on doubles",
                List.of("--float"));
        if (command.data.sparse(command.dataFile)) {
            throw new ParameterException(command.spec.commandLine(), "--model reads named columns of a CSV file; "
                    + command.dataFile + " is read as LIBSVM rows (see --input-format)");
        }
        if (command.solver != FitCommand.Solver.gd) {
            throw new ParameterException(command.spec.commandLine(), "--solver " + command.solver + " solves linear least"
                    + " squares; a formula is fitted by --optimizer (lm for Levenberg-Marquardt)");
        }
    }

    private void refuseWithLm(Loss loss) {
        if (!(loss instanceof SquaredError)) {
            throw new ParameterException(command.spec.commandLine(), "--optimizer lm minimises a sum of squares: use"
                    + " --loss mse or sse (it was --loss " + training.loss + ")");
        }
        Check.unused(command.spec, "--optimizer lm takes whole steps over every row, sized by its own damping",
                List.of("--lr", "--batch-size", "--shuffle", "--schedule", "--momentum", "--weight-decay", "--l1", "--l2",
                        "--validation", "--patience", "--gradient-tol", "--time-limit", "--seed"));
        command.checkpoints.refuseWithout("--optimizer lm");
    }

    private void refuseWithoutLm() {
        Check.unused(command.spec, "--bounds and --sigma go with --optimizer lm", List.of("--bounds", "--sigma"));
        if ("auto".equals(training.lr)) {
            throw new ParameterException(command.spec.commandLine(), "--lr auto computes 1/L for a linear model; give a"
                    + " formula a rate, or use --optimizer lbfgs or lm, which choose their own steps");
        }
    }

    /** The saved formula to start from, when --init-model gives one; it must be this formula over these columns. */
    private SavedFormula warmStart(Formula formula, List<String> columns) throws DescentException {
        if (command.initModel == null) {
            return null;
        }
        if (!options.init.isEmpty()) {
            throw new ParameterException(command.spec.commandLine(), "--init-model gives the starting values: drop --init");
        }
        SavedFile saved = ModelFile.readAny(command.initModel);
        if (!(saved instanceof SavedFormula f)) {
            throw new ParameterException(command.spec.commandLine(), "--init-model " + command.initModel + " is a linear"
                    + " model; --model " + formula.text() + " starts from a formula model's file");
        }
        if (!f.model().formula().tree().equals(formula.tree()) || !f.model().columns().equals(columns)) {
            throw new ParameterException(command.spec.commandLine(), "--init-model " + command.initModel + " fits "
                    + f.model().formula().text() + " over " + f.model().columns() + ", not " + formula.text() + " over "
                    + columns);
        }
        return f;
    }

    private double[] sigma(Dataset loaded, int column) throws DataException {
        double[] sigma = new double[loaded.rowCount()];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = loaded.feature(i, column);
            if (!(sigma[i] > 0) || !Double.isFinite(sigma[i])) {
                throw new DataException(command.dataFile + ": row " + (i + 1) + " has --sigma " + options.sigma + " = "
                        + sigma[i] + "; weights 1/sigma^2 need every sigma finite and above 0");
            }
        }
        return sigma;
    }

    private String optimizerLabel() {
        return training.optimizer == TrainingOptions.OptimizerName.lm ? "Levenberg-Marquardt" : training.optimizer.name();
    }

    private ObjectNode summary(Outcome o) {
        ObjectNode summary = new ObjectMapper().createObjectNode();
        summary.put("optimizer", training.optimizer.name());
        summary.put("loss", o.loss().name());
        summary.put("rows", o.data().rowCount());
        summary.put("data_fingerprint", o.data().fingerprint());
        summary.put("epochs", o.epochs());
        summary.put("stop_reason", o.stopKey());
        summary.put("final_loss", o.lossValue());
        return summary;
    }

    private ObjectNode json(Outcome o) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("formula", o.formula().text());
        root.put("data", command.dataFile.toString());
        if (command.data.missingJson() != null) {
            root.set("missing", command.data.missingJson());
        }
        root.put("rows", o.data().rowCount());
        root.put("target", o.data().targetName());
        ArrayNode features = root.putArray("features");
        o.fitted().columns().forEach(features::add);
        ModelFile.putParams(root, o.fitted());
        ArrayNode defaulted = root.putArray("defaulted_params");
        o.defaulted().forEach(defaulted::add);
        ObjectNode start = root.putObject("initial_params");
        double[] initial = o.initial().parameters();
        for (int k = 0; k < initial.length; k++) {
            start.put(o.initial().parameterNames().get(k), initial[k]);
        }
        root.put("optimizer", training.optimizer.name());
        root.put("loss_name", o.loss().name());
        root.put("loss", o.lossValue());
        root.put("rmse", o.rmse());
        if (o.validation() != null) {
            o.validation().put(root);
        }
        root.put("epochs", o.epochs());
        root.put("stop_reason", o.stopKey());
        if (o.trainer() != null) {
            root.put("learning_rate", o.trainer().optimizer().learningRate());
            root.put("batch_size", o.trainer().batchSize());
            root.put("max_epochs", o.trainer().epochs());
        }
        CurveFit.Result c = o.curve();
        if (c != null) {
            List<String> names = o.fitted().parameterNames();
            ObjectNode errors = root.putObject("standard_errors");
            double[] se = c.standardErrors();
            for (int k = 0; k < se.length; k++) {
                if (Double.isFinite(se[k])) {
                    errors.put(names.get(k), se[k]);
                } else {
                    errors.putNull(names.get(k)); // JSON has no infinity; null, as evaluate writes an undefined figure
                }
            }
            matrix(root.putArray("covariance"), c.covariance(), names.size());
            matrix(root.putArray("correlation"), c.correlation(), names.size());
            root.put("residual_sum_of_squares", c.residualSumOfSquares());
            root.put("residual_standard_deviation", c.residualStandardDeviation());
            root.put("degrees_of_freedom", c.degreesOfFreedom());
        }
        root.put("load_seconds", o.loadSeconds());
        root.put("train_seconds", o.trainSeconds());
        return root;
    }

    private static void matrix(ArrayNode into, double[] values, int p) {
        for (int i = 0; i < p; i++) {
            ArrayNode row = into.addArray();
            for (int k = 0; k < p; k++) {
                if (Double.isFinite(values[i * p + k])) {
                    row.add(values[i * p + k]);
                } else {
                    row.addNull();
                }
            }
        }
    }

    private void printText(PrintWriter out, Outcome o) {
        String batches = o.trainer() != null && o.trainer().batchSize() > 0 ? ", batches of " + o.trainer().batchSize() : "";
        String rate = o.trainer() != null ? " at learning rate " + Text.number(o.trainer().optimizer().learningRate()) : "";
        out.printf(Locale.ROOT, "%s, %d %s (%s)%s%s on %s: %d rows, target %s%n", optimizerLabel(), o.epochs(),
                o.fit() != null ? "epochs" : "iterations", o.stopDescription(), rate, batches, command.dataFile,
                o.data().rowCount(), o.data().targetName());
        if (command.data.missingText() != null) {
            out.println(command.data.missingText());
        }
        out.printf(Locale.ROOT, "Model: %s = %s%n", o.data().targetName(), o.formula().text());
        if (!o.defaulted().isEmpty()) {
            out.printf(Locale.ROOT, "Started at 1 (no --init given): %s%n", String.join(", ", o.defaulted()));
        }
        out.println();
        List<String> names = o.fitted().parameterNames();
        double[] values = o.fitted().parameters();
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        CurveFit.Result c = o.curve();
        if (c == null) {
            out.printf(Locale.ROOT, "%-" + width + "s  %24s%n", "parameter", "estimate");
            for (int k = 0; k < names.size(); k++) {
                out.printf(Locale.ROOT, "%-" + width + "s  %24s%n", names.get(k), Double.toString(values[k]));
            }
        } else {
            double[] se = c.standardErrors();
            out.printf(Locale.ROOT, "%-" + width + "s  %24s  %14s  %10s%n", "parameter", "estimate", "std. error", "t value");
            for (int k = 0; k < names.size(); k++) {
                out.printf(Locale.ROOT, "%-" + width + "s  %24s  %14.6g  %10.4g%n", names.get(k), Double.toString(values[k]),
                        se[k], values[k] / se[k]);
            }
            out.println();
            out.printf(Locale.ROOT, "Residual sum of squares %s, residual standard deviation %s on %d degrees of freedom%n",
                    Text.number(c.residualSumOfSquares()), Text.number(c.residualStandardDeviation()), c.degreesOfFreedom());
        }
        out.printf(Locale.ROOT, "%s %s   RMSE %s%n", training.loss.label, Text.number(o.lossValue()), Text.number(o.rmse()));
        if (o.validation() != null) {
            o.validation().print(out, training.loss.label);
        }
        if (command.history != null) {
            out.println("Wrote the history of " + o.epochs() + " epochs to " + command.history + ".");
        }
        if (command.out != null) {
            out.println("Wrote the model to " + command.out + ".");
        }
    }
}
