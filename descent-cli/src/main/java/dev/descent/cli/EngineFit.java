package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.io.ModelFile;
import dev.descent.expr.Formula;
import dev.descent.expr.FormulaException;
import dev.descent.io.SavedFormula;
import dev.descent.io.SavedModel;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.SquaredError;
import dev.descent.model.FormulaModel;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.Optimizer;
import dev.descent.train.Recipe;
import dev.descent.train.Trainer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/**
 * {@code fit DATA --engine spark}: the same training on an engine that reads the data itself (Spark, from a file, a
 * folder or a URI), the fitted model (linear, softmax or formula) written as a local fit writes it. What needs the
 * rows in this JVM (plots, a held-out split, checkpoints, Levenberg-Marquardt) is refused with the reason.
 */
final class EngineFit {
    private final FitCommand command;

    EngineFit(FitCommand command) {
        this.command = command;
    }

    int run() throws Exception {
        refuseWhatNeedsTheRowsHere();
        TrainingOptions training = command.training;
        String format = command.data.inputFormat.format(command.dataFile).name();
        boolean libsvm = format.equals("libsvm");
        if (libsvm) {
            Check.unused(command.spec, InputFormatOption.NO_COLUMNS, List.of("--target", "--features"));
        } else {
            Check.given(command.spec, "--target=COLUMN", command.data.target);
        }
        Loss loss = training.lossFunction();
        Penalty penalty = training.penalty();
        boolean squared = loss instanceof SquaredError;
        boolean formula = command.formula.model != null;
        if (command.formula.partsWithoutModel()) {
            throw new ParameterException(command.spec.commandLine(), "--init, --bounds and --sigma belong to a formula"
                    + " model: give --model (or --init-weights and --init-bias for a linear one)");
        }
        if (formula) {
            Check.unused(command.spec, "--model gives the model; its parameters start from --init", List.of(
                    "--init-weights", "--init-bias", "--no-intercept", "--standardize"));
            Check.unused(command.spec, "--model gives the model; it trains by --optimizer", List.of("--solver"));
        }
        boolean solve = switch (command.solver) {
            case gd -> false;
            case normal -> true;
            case exact -> throw new ParameterException(command.spec.commandLine(), "--solver exact answers for the"
                    + " numbers as written, in one JVM; on " + command.engine + " use --solver normal");
            case auto -> throw new ParameterException(command.spec.commandLine(), "--solver auto chooses by the data"
                    + " in one JVM; on " + command.engine + " give --solver normal (least squares, up to "
                    + Engine.MAX_SOLVED_PARAMETERS + " parameters) or an --optimizer");
        };
        if (solve) {
            if (!squared || penalty.l1() > 0 || command.start.noIntercept) {
                throw new ParameterException(command.spec.commandLine(), "--solver normal solves least squares with an"
                        + " intercept: use --loss mse or sse, with --l2 at most, and no --no-intercept");
            }
            Check.unused(command.spec, "--solver normal trains nothing", command.trainingOnlyOptions());
            Check.unused(command.spec, "--history records training's epochs; --solver normal has none",
                    List.of("--history"));
        }
        if (!solve && "auto".equals(training.lr)) {
            throw new ParameterException(command.spec.commandLine(), "--lr auto measures the curvature in one JVM;"
                    + " with --engine " + command.engine + " give a number");
        }
        if (training.optimizer == TrainingOptions.OptimizerName.lm) {
            throw new ParameterException(command.spec.commandLine(), "--optimizer lm fits a formula model in one JVM");
        }
        if (training.optimizer == TrainingOptions.OptimizerName.sgd && training.batchSize == null) {
            throw new ParameterException(command.spec.commandLine(), "--optimizer sgd on " + command.engine + ": a batch"
                    + " of one row would be one job per row; give --batch-size (rows per update)");
        }
        // the local trainer's own checks of the options (and their messages), before any work: it trains nothing here
        Trainer checked = solve ? null : training.trainer(null, !command.start.noIntercept);
        long batch = checked == null ? 0 : checked.batchSize();
        if (command.out != null) {
            Check.writable(command.spec, "--out", command.out);
        }
        if (command.history != null) {
            Check.writable(command.spec, "--history", command.history);
        }
        Optimizer optimizer = checked == null ? null : checked.optimizer();
        Engine engine = Engine.named(command.engine.name()).orElseThrow(() -> new DescentException("--engine "
                + command.engine + " needs the descent-" + command.engine + " module on the class path: run this"
                + " command through ./descent from a checkout (it builds the module), or through spark-submit with"
                + " descent-spark.jar (see the README)"));
        LossOption option = training.loss;
        double delta = training.delta;
        double quantile = training.quantile;
        Recipe<Loss> recipe = () -> option.loss(delta, quantile);
        // the data's path as the user wrote it: a URI's "//" survives, which a Path would fold
        String data = command.spec.commandLine().getParseResult().matchedPositional(0).originalStringValues().get(0);
        Engine.Job job = new Engine.Job(data, format, libsvm ? null : command.data.target, command.data.features,
                command.master, command.conf, recipe, penalty, optimizer,
                checked == null ? null : checked.schedule(), training.epochs, batch, training.seed, training.tol,
                training.gradientTol, command.standardize, solve, formula ? null : (features, classes) ->
                        classes.isEmpty() ? command.start.model(features) : command.start.classModel(features, classes),
                formula ? formulaStart(data) : null);
        long start = System.nanoTime();
        Engine.Trained trained;
        try (TrainingProgress progress = new TrainingProgress(training.epochs)) {
            trained = engine.fit(job, progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode summary = summary(trained, loss, solve, optimizer, batch, seconds);
        if (trained.model() instanceof FormulaModel fitted) {
            if (command.history != null) {
                HistoryCsv.write(command.history, trained.history(), fitted.parameterNames());
            }
            if (command.out != null) {
                ModelFile.save(command.out, new SavedFormula(fitted, trained.target(), loss.name(),
                        training.optimizer.name(), trained.state(), summary));
            }
        } else {
            LinearModel fitted = (LinearModel) trained.model();
            if (command.history != null) {
                HistoryCsv.write(command.history, trained.history(), fitted, (form, p) ->
                        trained.standardization() == null ? p
                                : trained.standardization().toOriginal(form.withParameters(p)).parameters());
            }
            if (command.out != null) {
                ModelFile.save(command.out, new SavedModel(fitted, 1, trained.target(), loss.name(),
                        trained.standardization(), solve ? null : training.optimizer.name(), trained.state(),
                        trained.last(), summary));
            }
        }
        PrintWriter out = command.spec.commandLine().getOut();
        if (command.format == OutputFormat.json) {
            // the local output's keys: the loss's name and value apart
            ObjectNode json = summary.deepCopy();
            json.put("loss_name", loss.name()).put("loss", trained.loss());
            json.put("data", data).put("target", trained.target());
            if (trained.model() instanceof FormulaModel fitted) {
                json.put("model", fitted.formula().text());
                fitted.columns().forEach(json.putArray("features")::add);
                ModelFile.putParams(json, fitted);
            } else {
                LinearModel fitted = (LinearModel) trained.model();
                fitted.featureNames().forEach(json.putArray("features")::add);
                ModelFile.putParameters(json, fitted);
                json.put("intercept", fitted.hasIntercept());
            }
            out.println(Text.json(json));
        } else {
            print(out, trained, solve, optimizer, batch, data);
        }
        out.flush();
        return Descent.OK;
    }

    /**
     * A formula's start over the data's columns, once the engine has them: the formula's own checks and messages, its
     * parameters from --init or 1, as a local fit starts them.
     */
    private Engine.FormulaStart formulaStart(String data) {
        String text = command.formula.model;
        String target = command.data.target;
        return columns -> {
            List<String> dataColumns = List.copyOf(columns);
            FormulaSetup setup = FormulaSetup.of(command.spec, text, dataColumns, target, data);
            Map<String, Double> given = command.formula.initialValues(setup.parameters(), setup.columns());
            double[] start = setup.parameters().stream().mapToDouble(name -> given.getOrDefault(name, 1.0)).toArray();
            FormulaModel model = FormulaModel.of(setup.formula(), dataColumns, start);
            return new Engine.Start(model, model.columns(), () -> FormulaModel.of(parsed(text), dataColumns, start));
        };
    }

    /** {@code text} as a formula, on a worker: the driver parsed it already, so it parses. */
    private static Formula parsed(String text) {
        try {
            return Formula.parse(text);
        } catch (FormulaException e) {
            throw new IllegalStateException(e);
        }
    }

    private void print(PrintWriter out, Engine.Trained trained, boolean solve, Optimizer optimizer, long batch,
                       String data) {
        TrainingOptions training = command.training;
        String how = solve ? "Least squares by the normal equations (X^T X summed over the partitions, Cholesky,"
                + " refined by gradient passes)"
                : String.format(Locale.ROOT, "%s, %d epochs (%s) at learning rate %s on %s%s%s,", training.optimizer,
                        trained.history().epochs(), trained.stopReason().description(),
                        Text.number(optimizer.learningRate()), training.loss.label,
                        batch > 0 ? ", sampled batches of " + batch + " rows on average" : "",
                        command.standardize ? ", standardised" : "");
        out.printf(Locale.ROOT, "%s on %s, %s: %,d rows, target %s%n", how, command.engine, data, trained.rows(),
                trained.target());
        out.println();
        Model fitted = trained.model();
        List<String> names = fitted.parameterNames();
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %24s%n", "parameter", "value");
        double[] p = fitted.parameters();
        for (int k = 0; k < p.length; k++) {
            out.printf(Locale.ROOT, "%-" + width + "s  %24s%n", names.get(k), Double.toString(p[k]));
        }
        out.println();
        out.printf(Locale.ROOT, "%s%s %s%n", training.loss.label, training.penalty().isNone() ? "" : " (with penalty)",
                Text.number(trained.loss()));
        if (command.history != null) {
            out.println("Wrote the history of " + trained.history().epochs() + " epochs to " + command.history + ".");
        }
        if (command.out != null) {
            out.println("Wrote the model to " + command.out + ".");
        }
    }

    /**
     * The run's settings and outcome, as a local fit's model file records them (the loss by name), with the engine's
     * own keys: {@code engine}, {@code master}, {@code train_seconds}.
     */
    private ObjectNode summary(Engine.Trained trained, Loss loss, boolean solve, Optimizer optimizer, long batch,
                               double seconds) {
        TrainingOptions training = command.training;
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("engine", command.engine.name());
        if (command.master != null) {
            node.put("master", command.master);
        }
        node.put("solver", solve ? "normal" : "gd");
        node.put("loss", loss.name());
        node.put("l1", training.l1);
        node.put("l2", training.l2);
        node.put("standardized", command.standardize);
        node.put("rows", trained.rows());
        if (!solve) {
            node.put("optimizer", training.optimizer.name());
            node.put("learning_rate", optimizer.learningRate());
            node.put("schedule", training.schedule);
            node.put("batch_size", batch);
            node.put("seed", training.seed);
            node.put("max_epochs", training.epochs);
            node.put("epochs", trained.history().epochs());
            node.put("stop_reason", trained.stopReason().key());
        }
        node.put("final_loss", trained.loss());
        node.put("train_seconds", seconds);
        return node;
    }

    /** What needs the rows in this JVM, or a file read here, is refused with the reason. */
    private void refuseWhatNeedsTheRowsHere() {
        String engine = "--engine " + command.engine;
        Check.unused(command.spec, engine + " reads and trains on the cluster; the rows never come to this JVM",
                List.of("--stream", "--cache", "--float", "--degree", "--validation", "--patience", "--plot", "--report",
                        "--contour", "--init-model", "--time-limit"));
        Check.unused(command.spec, "--bounds and --sigma go with --optimizer lm, which fits in one JVM",
                List.of("--bounds", "--sigma"));
        Check.unused(command.spec, engine + " draws each batch as a sample of every partition",
                List.of("--shuffle"));
        if (command.data.missing != DataOptions.MissingChoice.error) {
            throw new ParameterException(command.spec.commandLine(), engine + " refuses a null or NaN, naming its row:"
                    + " drop or fill them with Spark first (--missing " + command.data.missing + " is not taken)");
        }
    }
}
