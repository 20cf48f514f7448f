package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.DataException;
import dev.descent.data.ClassLabels;
import dev.descent.data.DenseRows;
import dev.descent.data.FloatDataset;
import dev.descent.data.LabelledDataset;
import dev.descent.data.Rows;
import dev.descent.data.SparseDataset;
import dev.descent.data.Standardization;
import dev.descent.io.ModelFile;
import dev.descent.io.SavedModel;
import dev.descent.kernel.DenseKernel;
import dev.descent.kernel.PassWarmUp;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;
import dev.descent.loss.ScalarLoss;
import dev.descent.loss.Softmax;
import dev.descent.loss.SquaredError;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.solve.LeastSquares;
import dev.descent.solve.NormalEquations;
import dev.descent.cli.plot.FitPlots;
import dev.descent.cli.plot.Report;
import dev.descent.data.Dataset;
import java.io.StringWriter;
import dev.descent.train.Checkpoint;
import dev.descent.train.DivergenceException;
import dev.descent.train.Fit;
import dev.descent.train.History;
import dev.descent.train.Objective;
import dev.descent.train.StopReason;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Fits a linear model to a CSV or LIBSVM file, by gradient descent (any optimizer) or exactly, and compares the two. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "Fit a linear model (or any formula, with --model) to a CSV file by gradient descent, or exactly.",
        description = {"Reads DATA (a CSV file with a header row), predicts --target from the other columns (or"
                + " --features) with y = w . x + b, and trains it with the chosen loss, penalty and optimizer. For squared"
                + " loss (with --l2 at most) it also solves the problem exactly and reports how far training still is from"
                + " that optimum. With --solver exact it only solves.",
                "", "A LIBSVM file (see --input-format) is read as sparse rows and trained by gradient descent, with any"
                + " loss but softmax; its label is the target and feature k is named fk.",
                "", "With --model FORMULA (such as \"a*exp(b*x) + c\") the model is the formula: the columns it names are"
                + " data, its other names parameters, starting from --init (or 1). Any optimizer trains it; --optimizer lm"
                + " fits it by Levenberg-Marquardt with the exact Jacobian, and least-squares fits report standard"
                + " errors, t values, covariance and correlation."})
final class FitCommand implements Callable<Integer> {
    /**
     * Beyond this many design values (32 MB), the yardstick optimum beside training comes from the normal equations,
     * which hold p x p numbers, not from QR, which holds two copies of the design.
     */
    private static final long QR_REFERENCE_VALUES = 1L << 22;
    /** A data file at least this large (its cache about half) takes longer to read than the warm-ups beside it take. */
    private static final long LARGE_FILE_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", arity = "0..1",
            converter = InputFile.class, description = "The CSV or LIBSVM file to fit (with --engine spark also Parquet, a"
                    + " folder or a URI; none with --resume).")
    Path dataFile;

    @Mixin
    CheckpointOptions checkpoints;

    @Mixin
    DataOptions data;

    @Mixin
    StartOptions start;

    @Mixin
    TrainingOptions training;

    @Mixin
    FormulaOptions formula;

    @Mixin
    PlotOptions plot;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "Where to train: local (this JVM) or spark (Apache Spark reads DATA, a file, folder or URI,"
                    + " and trains on its executors; needs the descent-spark module, see the README). Default:"
                    + " ${DEFAULT-VALUE}.")
    EngineName engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: Spark's master (local[*], spark://HOST:7077, yarn, k8s://...). Default:"
                    + " spark-submit's, else local[*].")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "With --engine spark: a Spark setting, passed through (repeat for more).")
    Map<String, String> conf = new LinkedHashMap<>();

    enum EngineName {
        local, spark
    }

    @Option(names = "--stream",
            description = "Train on mini-batches while reading the CSV file in chunks of 65,536 rows, afresh every"
                    + " epoch: memory does not grow with the file (for files larger than the heap). Needs --batch-size.")
    boolean stream;

    @Option(names = "--solver", defaultValue = "gd",
            description = "gd (train with --optimizer); exact (least squares by QR, refined against the numbers as written);"
                    + " normal (least squares by the normal equations: one pass over the rows, fast for few features);"
                    + " auto (the fastest route to the optimum: normal, or QR where the normal equations cannot, for"
                    + " squared loss with at most " + AutoSolver.MAX_NORMAL_PARAMETERS + " parameters; else lbfgs for"
                    + " smooth losses; else --optimizer). exact and normal take mse or sse, --l2 allowed."
                    + " Default: ${DEFAULT-VALUE}.")
    Solver solver;

    @Option(names = "--standardize",
            description = "Train on standardised features (mean 0, standard deviation 1, learned on this data); the"
                    + " reported and saved weights are on the original scale.")
    boolean standardize;

    @Option(names = "--float",
            description = "Store the features as float32: half the memory (1,000,000 x 32 take 128 MB instead of 256) and"
                    + " half the bytes each epoch reads. Each feature is rounded once, from its text, to a 24-bit mantissa"
                    + " (about 7 significant digits); the target stays double and all arithmetic is in double. Not with"
                    + " --solver exact, --cache, --degree, --loss softmax or LIBSVM files.")
    boolean floats;

    @Option(names = "--init-model", paramLabel = "FILE",
            description = "Start from a saved model and, when it was trained with the same optimizer, its optimizer state.")
    Path initModel;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Write the loss and parameters after every epoch to FILE (CSV: epoch,loss,bias,<features>).")
    Path history;

    @Option(names = "--out", paramLabel = "MODEL.json", description = "Write the fitted model to this JSON file.")
    Path out;

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    enum Solver {
        gd, exact, normal, auto;

        /** Whether this route solves for the optimum instead of training towards it. */
        boolean solves() {
            return this == exact || this == normal;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (engine != EngineName.local) {
            Check.unused(spec, "--engine " + engine + " keeps no checkpoints: Spark reruns a failed task itself",
                    List.of("--checkpoint", "--checkpoint-every", "--resume"));
        }
        if (checkpoints.resumesAlone(dataFile)) {
            return checkpoints.rerun();
        }
        if (dataFile == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'DATA'");
        }
        checkpoints.check();
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("--history", history);
        outputs.put("--report", plot.report);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("the data file", dataFile);
        inputs.put("--init-model", initModel);
        Check.outputs(spec, outputs, inputs);
        plot.check();
        if (engine != EngineName.local) {
            return new EngineFit(this).run();
        }
        Check.unused(spec, "--master and --conf set up --engine spark", List.of("--master", "--conf"));
        if (stream) {
            return new StreamFit(this).run();
        }
        if (formula.model != null) {
            return new FormulaFit(this).run();
        }
        if (formula.partsWithoutModel()) {
            throw new ParameterException(spec.commandLine(), "--init, --bounds and --sigma belong to a formula model:"
                    + " give --model (or --init-weights and --init-bias for a linear one)");
        }
        if (training.optimizer == TrainingOptions.OptimizerName.lm) {
            throw new ParameterException(spec.commandLine(), "--optimizer lm fits a formula model (--model); a linear"
                    + " model's least squares are solved exactly by --solver exact");
        }
        if (history != null) {
            Check.writable(spec, "--history", history);
            if (solver.solves()) {
                throw new ParameterException(spec.commandLine(), "--history records training's epochs; --solver " + solver
                        + " has none");
            }
        }
        if (out != null) {
            Check.writable(spec, "--out", out);
        }
        Loss loss = training.lossFunction();
        Penalty penalty = training.penalty();
        boolean squared = loss instanceof SquaredError;
        if (solver.solves() && (!squared || penalty.l1() > 0)) {
            throw new ParameterException(spec.commandLine(), "--solver " + solver + " solves least squares: use --loss mse"
                    + " or sse, with --l2 at most (it was --loss " + training.loss + (penalty.l1() > 0 ? " --l1" : "") + ")");
        }
        if (solver.solves()) {
            Check.unused(spec, "--solver " + solver + " trains nothing", trainingOnlyOptions());
        }
        boolean classifier = loss instanceof Softmax;
        boolean sparse = data.sparse(dataFile);
        if (sparse) {
            refuseOnSparseData(classifier);
        }
        if (floats) {
            refuseWithFloat(classifier);
        }
        SavedModel warm = initModel == null ? null : ModelFile.read(initModel);
        if (!sparse && !floats && solver != Solver.exact && loss instanceof ScalarLoss scalar
                && Runtime.getRuntime().availableProcessors() > 1 && isLarge(dataFile) && data.likelyCached(dataFile)) {
            // The JIT compiles the first passes' loops while the data load from the cache (doubles), on a core the read
            // leaves free (beside a parse, which takes every core, the load took as much longer as training took less);
            // and the Vector API's when the fit trains whatever the data's width (auto trains at one parameter, the
            // fewest, only if it trains at any number). Not before a solve: the vector compiles would hold up the
            // plain loops' and take a core from its pass.
            PassWarmUp.start(scalar);
            if (solver == Solver.gd || solver == Solver.auto && AutoSolver.choose(loss, penalty, 1, explicitlyTrains(),
                    true, warm).route() == Solver.gd) {
                DenseKernel.chosen().warmUp(false);
            }
        }
        long loadStart = System.nanoTime();
        Rows dataset;
        List<String> classes = List.of();
        if (classifier) {
            // A warm start keeps the model's classes; the data may lack some of them.
            List<String> warmClasses = warm == null ? List.of() : warm.model().outputNames();
            LabelledDataset labelled = data.loadClasses(dataFile, warmClasses.isEmpty() ? null : new ClassLabels(warmClasses));
            dataset = labelled.data();
            classes = labelled.classes().names();
        } else if (sparse) {
            // A warm start reads as many features as its model has, though this file may not use the last of them.
            dataset = data.loadSparse(dataFile, warm == null ? 0 : warm.model().featureCount());
        } else if (floats) {
            dataset = data.loadFloat(dataFile);
        } else {
            // The decimal residues let the exact solver answer for the numbers as written, but cost a BigDecimal per
            // cell: read them when its answer is the result. Beside gradient descent, the rounded data's optimum serves.
            dataset = data.load(dataFile, solver == Solver.exact);
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Check.targets(dataFile, dataset, loss, "the " + loss.name() + " loss");
        LinearModel initial = warm != null ? warmModel(warm, dataset, classes)
                : classifier ? start.classModel(dataset.featureNames(), classes) : start.model(dataset.featureNames());
        boolean intercept = initial.hasIntercept();
        if (plot.wanted()) {
            plot.pair(initial.parameterNames(), initial.parameters(), List.of()); // a --contour mistake, found before training
        }
        AutoSolver.Choice choice = solver != Solver.auto ? null
                : AutoSolver.choose(loss, penalty, initial.parameters().length, explicitlyTrains(), !sparse, warm);
        Solver route = choice == null ? solver : choice.route();
        if (choice != null) { // the options auto settles stand as if given, so every report shows them
            training.optimizer = choice.optimizer() != null ? choice.optimizer() : training.optimizer;
            standardize |= choice.standardize();
        }
        // Sparse data were refused standardisation and have no optimum: only dense data go on to either.
        Standardization standardization = !standardize ? null
                : warm != null && warm.standardization() != null ? warm.standardization()
                : Standardization.learn((DenseRows) dataset, intercept);
        Rows trained = standardization == null ? dataset : standardization.apply((DenseRows) dataset);
        Space space = new Space(standardization, new Objective(loss, trained, penalty));
        String noOptimum = !squared || penalty.l1() > 0
                ? "the " + loss.name() + " loss" + (penalty.l1() > 0 ? " with an L1 penalty" : "") + " has no closed-form optimum"
                : sparse ? "the exact solver takes dense (CSV) data only"
                : training.validation > 0 && route == Solver.gd ? "with --validation, training sees only part of the rows"
                : null;

        long trainStart = System.nanoTime();
        if (!route.solves() && !sparse) {
            // Training runs pass after pass: let the Vector API's warm-up run beside the optimum's pass below. (Sparse
            // rows have no dense loops to warm, and would load the Vector API for nothing.)
            DenseKernel.chosen().warmUp();
        }
        LinearModel optimum = null;
        String refusal = null;
        if (noOptimum == null) {
            // A solve is the fit itself; beside training, the optimum is the yardstick: by QR while the design is
            // small enough to copy, else by the normal equations, which hold only p x p numbers.
            boolean small = (long) dataset.rowCount() * initial.parameters().length <= QR_REFERENCE_VALUES;
            Solver how = route.solves() ? route : small ? Solver.exact : Solver.normal;
            try {
                Solved solved = optimum((DenseRows) dataset, (DenseRows) trained, standardization, intercept, loss, penalty,
                        how, solver == Solver.auto && route.solves());
                optimum = solved.model();
                if (route.solves()) {
                    route = solved.how();
                    refusal = solved.normalRefusal();
                }
            } catch (DataException e) {
                if (route.solves()) {
                    throw new DataException(dataFile + ": " + e.getMessage());
                }
                noOptimum = e.getMessage();
            }
        }
        if (!route.solves()) {
            trainStart = System.nanoTime(); // the yardstick is not part of training
        }
        Fit fit = null;
        Trainer trainer = null;
        LinearModel fitted;
        if (route.solves()) {
            checkpoints.refuseWithout("--solver " + route + (choice != null ? " (which --solver auto chose)" : ""));
            fitted = optimum;
        } else {
            List<String> names = initial.parameterNames();
            trainer = training.trainer(trained, intercept, checkpoints.saving(dataset.fingerprint(), names,
                    history != null || plot.wanted()));
            Checkpoint goOn = checkpoints.from(dataset.fingerprint(), names);
            // The saved state continues only a run of the same kind: same optimizer, loss and scaling.
            boolean resume = warm != null && warm.state() != null && training.optimizer.name().equals(warm.optimizer())
                    && loss.name().equals(warm.loss()) && (warm.standardization() != null) == standardize;
            LinearModel from = resume ? initial.withParameters(warm.resumeFrom()) : space.toTrained(initial);
            try (TrainingProgress progress = new TrainingProgress(trainer.epochs())) {
                fit = goOn != null ? trainer.resume(trained, from, goOn, progress)
                        : trainer.fit(trained, from, resume ? warm.state() : null, progress);
            } catch (DivergenceException e) {
                throw standardize || !(dataset instanceof DenseRows dense) ? e : withScales(e, dense);
            }
            fitted = space.toOriginal((LinearModel) fit.model());
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        double rmse = loss.classifies() ? Double.NaN : Math.sqrt(new Objective(Loss.mse(), dataset).value(fitted));
        double accuracy = loss.classifies() ? Predictions.of(fitted, dataset).accuracy(dataset.targetData()) : Double.NaN;
        double fittedLoss = space.loss(fitted);
        // A solve's fit is its optimum: one pass for both losses.
        double optimumLoss = optimum == null ? Double.NaN : optimum == fitted ? fittedLoss : space.loss(optimum);
        HeldOut validation = HeldOut.of(trainer, dataset, fitted, loss);
        Result result = new Result(route, choice, refusal, dataset, fitted, fittedLoss, rmse, accuracy, optimum, optimumLoss,
                noOptimum, fit, trainer, loss, validation, loadSeconds, trainSeconds);
        if (loss.classifies() && fit != null) {
            warnOfUnfinishedClassifier(fit, accuracy, loss, penalty);
        }

        if (history != null) {
            HistoryCsv.write(history, fit.history(), fitted, space::parametersToOriginal);
        }
        if (out != null) {
            ModelFile.save(out, new SavedModel(fitted, data.degree, dataset.targetName(), loss.name(), standardization,
                    trainer == null ? null : training.optimizer.name(), fit == null ? null : fit.state(),
                    fit == null ? null : fit.last(), summary(result)));
        }
        List<Report.Section> sections = new ArrayList<>();
        if (plot.report != null && dataset instanceof Dataset dense && !classifier && !sparse) {
            StringWriter curvature = new StringWriter();
            PrintWriter curvatureOut = new PrintWriter(curvature);
            Conditioning.of(dense, intercept, loss.reduction()).print(curvatureOut);
            curvatureOut.flush();
            sections.add(new Report.Section("The learning rate and the curvature", curvature.toString()));
        }
        LinearModel start = route.solves() ? fitted : initial;
        plot.finish(spec.commandLine().getOut(), format, json(result), w -> printText(w, result),
                () -> pictures(result, start, space, trained), "Descent: fit of " + dataFile, dataset, sections);
        return Descent.OK;
    }

    /**
     * What the pictures are drawn from: the path from {@code start} through every epoch on the user's scale, and the
     * loss surface over two weights (on the rows training passed over, at most {@value FitPlots#CONTOUR_ROWS} of them).
     */
    private FitPlots.Inputs pictures(Result r, LinearModel start, Space space, Rows trained) {
        LinearModel fitted = r.fitted();
        FitPlots.Track track = FitPlots.Track.of(start.parameters(), r.fit() == null ? null : r.fit().history(),
                trainerValidates(r), p -> space.parametersToOriginal(fitted, p), fitted.parameters());
        List<double[]> path = track.path();
        double[] losses = track.losses();
        double[] validation = track.validation();
        List<Integer> weights = java.util.stream.IntStream.range(0, fitted.weights().length).boxed().toList();
        int[] pair = plot.pair(fitted.parameterNames(), fitted.parameters(), weights);
        ToDoubleFunction<Model> surface = FitPlots.surfaceLoss(trained, r.trainer(), r.lossFunction(),
                space.objective().penalty(), FitPlots.CONTOUR_ROWS);
        double[] theta = fitted.parameters();
        boolean classifies = r.lossFunction().classifies();
        double[] predicted = classifies ? null : Predictions.of(fitted, r.data()).outputs();
        boolean oneColumn = fitted.featureCount() == 1 && fitted.outputCount() == 1 && data.degree == 1 && !classifies
                && r.data() instanceof DenseRows;
        double[] x = oneColumn ? columnOf((DenseRows) r.data()) : null;
        return new FitPlots.Inputs(fitted.parameterNames(), path, losses, validation, r.data().targetName(),
                classifies ? null : r.data().targetData(), predicted, pair,
                pair == null ? null : (u, v) -> {
                    double[] at = theta.clone();
                    at[pair[0]] = u;
                    at[pair[1]] = v;
                    return surface.applyAsDouble(space.toTrained(fitted.withParameters(at)));
                },
                oneColumn ? fitted.featureNames().get(0) : null, x,
                oneColumn ? t -> fitted.predict(t) : null,
                classifies || !(r.data() instanceof DenseRows rows) ? null
                        : FitPlots.Fits.of(fitted::withParameters, i -> rowOf(rows, i)));
    }

    private boolean trainerValidates(Result r) {
        return r.trainer() != null && r.trainer().validationFraction() > 0;
    }

    /**
     * Warns when a classifier's training did not reach an answer: the classes are separable, so the logistic (or
     * softmax) loss has no minimum and the weights grow for as long as training runs; or the epochs ran out while
     * the loss still fell by more than 0.1% an epoch.
     */
    private void warnOfUnfinishedClassifier(Fit fit, double accuracy, Loss loss, Penalty penalty) {
        boolean logistic = loss.name().equals("logistic") || loss.name().equals("softmax");
        if (logistic && accuracy == 1 && penalty.isNone()) {
            warn("the classes are separable (every training row is classified correctly): the " + loss.name() + " loss"
                    + " has no minimum, and the weights grow for as long as training runs; add --l2 for a finite answer");
            return;
        }
        History h = fit.history();
        int e = h.epochs();
        if (fit.stopReason() == StopReason.MAX_EPOCHS && e >= 2) {
            double fall = (h.loss(e - 1) - h.loss(e)) / Math.abs(h.loss(e - 1));
            if (fall > 1e-3) {
                warn(String.format(Locale.ROOT, "training stopped at the last of its %d epochs while the loss still fell"
                        + " by %.2g%% an epoch: more --epochs, or a larger --lr, would go further", e, 100 * fall));
            }
        }
    }

    private void warn(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": warning: " + message);
        err.flush();
    }

    /**
     * A divergence on unstandardised features, with the features' spreads when they differ by 10 or more: most often
     * the cause, as the widest feature sets the curvature, and --standardize or --lr auto its cure.
     */
    private static DivergenceException withScales(DivergenceException e, DenseRows data) {
        Standardization spread = Standardization.learn(data, true);
        int widest = 0;
        int narrowest = 0;
        double[] sd = spread.scales();
        for (int j = 1; j < sd.length; j++) {
            widest = sd[j] > sd[widest] ? j : widest;
            narrowest = sd[j] < sd[narrowest] ? j : narrowest;
        }
        if (!(sd[widest] >= 10 * sd[narrowest]) && !(sd[widest] >= 10)) {
            return e;
        }
        List<String> names = data.featureNames();
        String spreads = sd.length == 1 ? names.get(0) + "'s standard deviation is " + Text.number(sd[0])
                : "the features' standard deviations range from " + Text.number(sd[narrowest]) + " (" + names.get(narrowest)
                        + ") to " + Text.number(sd[widest]) + " (" + names.get(widest) + ")";
        return new DivergenceException(e.getMessage() + ". " + Character.toUpperCase(spreads.charAt(0)) + spreads.substring(1)
                + ": --standardize puts every feature on one scale, or --lr auto picks a stable rate for these", e.epoch());
    }

    private static double[] rowOf(DenseRows data, int i) {
        double[] row = new double[data.featureCount()];
        for (int j = 0; j < row.length; j++) {
            row[j] = data.feature(i, j);
        }
        return row;
    }

    private static double[] columnOf(DenseRows data) {
        double[] x = new double[data.rowCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = data.feature(i, 0);
        }
        return x;
    }

    /** Where training happens (standardised or not) and how a model moves between that space and the user's. */
    private record Space(Standardization standardization, Objective objective) {
        LinearModel toTrained(LinearModel original) {
            return standardization == null ? original : standardization.toStandardized(original);
        }

        LinearModel toOriginal(LinearModel trained) {
            return standardization == null ? trained : standardization.toOriginal(trained);
        }

        double[] parametersToOriginal(LinearModel form, double[] trained) {
            return toOriginal(form.withParameters(trained)).parameters();
        }

        /** The training objective (loss plus penalty, in the space training sees) at an original-scale model. */
        double loss(LinearModel original) {
            return objective.value(toTrained(original));
        }
    }

    /** What a fit produced, and the exact optimum it is measured against (null when there is none). */
    private record Result(Solver route, AutoSolver.Choice choice, String normalRefusal, Rows data,
                          LinearModel fitted, double loss, double rmse, double accuracy, LinearModel optimum,
                          double optimumLoss, String noOptimum, Fit fit, Trainer trainer, Loss lossFunction,
                          HeldOut validation, double loadSeconds, double trainSeconds) {
        int epochs() {
            return fit == null ? 0 : fit.epochs();
        }
    }

    /** Whether {@code file} is at least {@link #LARGE_FILE_BYTES} long; a file that cannot be sized is left to the reader. */
    private static boolean isLarge(Path file) {
        try {
            return Files.size(file) >= LARGE_FILE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** Refuses what sparse rows cannot take: every option that needs dense data. */
    private void refuseOnSparseData(boolean classifier) {
        if (solver.solves()) {
            throw new ParameterException(spec.commandLine(), "--solver " + solver + " takes dense (CSV) data; a LIBSVM"
                    + " file is trained by gradient descent");
        }
        if (standardize) {
            throw new ParameterException(spec.commandLine(), "--standardize would centre every feature and fill in the"
                    + " zeros of sparse data: scale the features before writing the LIBSVM file");
        }
        if (classifier) {
            throw new ParameterException(spec.commandLine(), "--loss softmax takes dense (CSV) data; sparse rows train"
                    + " single-output losses only");
        }
        if (floats) {
            throw new ParameterException(spec.commandLine(), "--float stores the columns of a CSV file as float32; a LIBSVM"
                    + " file is read as sparse rows of doubles: drop --float");
        }
    }

    /** Refuses what float32 storage cannot take here; {@link DataOptions#loadFloat} refuses the data options. */
    private void refuseWithFloat(boolean classifier) {
        if (solver == Solver.exact) {
            throw new ParameterException(spec.commandLine(), "--solver exact answers for the numbers as written in the"
                    + " file, which --float rounds to 24 bits: drop one of them (--solver normal takes --float)");
        }
        if (classifier) {
            throw new ParameterException(spec.commandLine(), "--loss softmax trains on doubles (the float32 pass computes"
                    + " one output, not one score per class): drop --float");
        }
    }

    private LinearModel warmModel(SavedModel warm, Rows dataset, List<String> classes) {
        if (!warm.model().featureNames().equals(dataset.featureNames())) {
            throw new ParameterException(spec.commandLine(), "--init-model " + initModel + " was fitted on features "
                    + warm.model().featureNames() + ", but the data has " + dataset.featureNames());
        }
        if (!warm.model().outputNames().equals(classes)) {
            throw new ParameterException(spec.commandLine(), "--init-model " + initModel + " is a " + warm.loss()
                    + " model" + (classes.isEmpty() ? " with one score per class" : " with one output")
                    + "; --loss " + training.loss + " needs " + (classes.isEmpty() ? "one output" : "a softmax model"));
        }
        if (start.initWeights != null || start.noIntercept) {
            throw new ParameterException(spec.commandLine(), "--init-model gives the starting model: drop --init-weights"
                    + " and --no-intercept");
        }
        return warm.model();
    }

    /** Options that only training uses, refused by a route that solves. */
    List<String> trainingOnlyOptions() {
        Set<String> kept = Set.of("--loss", "--l2", "--l1", "--delta", "--quantile");
        List<String> trainingOnly = new ArrayList<>();
        spec.mixins().get("training").options().forEach(o -> trainingOnly.add(o.longestName()));
        trainingOnly.removeAll(kept);
        trainingOnly.addAll(List.of("--init-weights", "--init-bias", "--init-model")); // --history has its own message
        return trainingOnly;
    }

    /** Whether the command line asks for training itself: an optimizer, batches, a history, a start. */
    private boolean explicitlyTrains() {
        var parsed = spec.commandLine().getParseResult();
        return List.of("--optimizer", "--batch-size", "--shuffle", "--lr", "--schedule", "--validation", "--history",
                "--init-weights", "--init-bias").stream().anyMatch(parsed::hasMatchedOption);
    }

    /** An optimum, how it was found, and why the normal equations could not when they were asked first. */
    private record Solved(LinearModel model, Solver how, String normalRefusal) {
    }

    /**
     * The optimum by {@code how}; where the normal equations refuse a problem that QR may still solve,
     * by QR when {@code qrFallback}: when auto chose them to solve the fit. (Asked for by name, their
     * refusal is the answer; beside training, QR would copy a design too large for it.)
     */
    private Solved optimum(DenseRows dataset, DenseRows trained, Standardization standardization, boolean intercept,
                           Loss loss, Penalty penalty, Solver how, boolean qrFallback) throws DataException {
        String refusal = null;
        if (how == Solver.normal) {
            try {
                return new Solved(exactOptimum(dataset, trained, standardization, intercept, loss, penalty, how), how, null);
            } catch (DataException e) {
                if (!qrFallback) {
                    throw e;
                }
                refusal = e.getMessage();
            }
        }
        return new Solved(exactOptimum(dataset, trained, standardization, intercept, loss, penalty, Solver.exact),
                Solver.exact, refusal);
    }

    /**
     * The least-squares (or ridge) optimum by QR or the normal equations, on the original data (with its
     * decimal residues, for QR, when they were read) when the penalty does not depend on the scale; else in
     * the standardised space, folded back. QR holds doubles, so it solves float32 rows on a widened copy.
     */
    private static LinearModel exactOptimum(DenseRows dataset, DenseRows trained, Standardization standardization,
                                            boolean intercept, Loss loss, Penalty penalty, Solver how)
            throws DataException {
        double lambda = (loss.reduction() == Reduction.MEAN ? dataset.rowCount() : 1) * penalty.l2() / 2;
        boolean original = standardization == null || lambda == 0;
        DenseRows data = original ? dataset : trained;
        LinearModel model = how == Solver.normal
                ? NormalEquations.ridge(data, intercept, lambda)
                : LeastSquares.ridge(data.widened(), intercept, lambda);
        return original ? model : standardization.toOriginal(model);
    }

    /** How the features are held: "float32" with --float, else "double" (sparse values are doubles too). */
    private static String storage(Rows data) {
        return data instanceof FloatDataset ? "float32" : "double";
    }

    private ObjectNode summary(Result r) {
        ObjectNode summary = new ObjectMapper().createObjectNode();
        summary.put("solver", r.route().name());
        summary.put("loss", r.lossFunction().name());
        summary.put("l1", training.l1);
        summary.put("l2", training.l2);
        summary.put("standardized", standardize);
        summary.put("rows", r.data().rowCount());
        summary.put("storage", storage(r.data()));
        summary.put("data_fingerprint", r.data().fingerprint());
        if (r.trainer() != null) {
            Trainer t = r.trainer();
            summary.put("optimizer", training.optimizer.name());
            summary.put("learning_rate", t.optimizer().learningRate());
            summary.put("schedule", training.schedule);
            summary.put("batch_size", t.batchSize());
            summary.put("shuffle", t.shuffle().name().toLowerCase(Locale.ROOT));
            summary.put("seed", t.seed());
            summary.put("max_epochs", t.epochs());
            summary.put("epochs", r.epochs());
            summary.put("stop_reason", r.fit().stopReason().key());
        }
        summary.put("final_loss", r.loss());
        return summary;
    }

    private ObjectNode json(Result r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("solver", r.route().name());
        if (r.choice() != null) {
            root.put("auto_choice", r.choice().reason() + (r.normalRefusal() == null ? ""
                    : "; the normal equations could not (" + r.normalRefusal() + "), so QR"));
        }
        root.put("data", dataFile.toString());
        if (data.missingJson() != null) {
            root.set("missing", data.missingJson());
        }
        root.put("rows", r.data().rowCount());
        root.put("storage", storage(r.data()));
        root.put("target", r.data().targetName());
        ArrayNode features = root.putArray("features");
        r.data().featureNames().forEach(features::add);
        ModelFile.putParameters(root, r.fitted());
        root.put("intercept", r.fitted().hasIntercept());
        root.put("loss_name", r.lossFunction().name());
        root.put("loss", r.loss());
        if (r.lossFunction().classifies()) {
            root.put("accuracy", r.accuracy());
        } else {
            root.put("rmse", r.rmse());
        }
        if (r.validation() != null) {
            r.validation().put(root);
        }
        root.put("epochs", r.epochs());
        root.put("standardized", standardize);
        if (r.trainer() != null) {
            root.put("optimizer", training.optimizer.name());
            root.put("learning_rate", r.trainer().optimizer().learningRate());
            root.put("batch_size", r.trainer().batchSize());
            root.put("shuffle", r.trainer().shuffle().name().toLowerCase(Locale.ROOT));
            root.put("max_epochs", r.trainer().epochs());
            root.put("stop_reason", r.fit().stopReason().key());
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
        root.put("load_seconds", r.loadSeconds());
        if (data.cacheOutcome != null) {
            root.put("cache", data.cacheOutcome);
        }
        root.put("train_seconds", r.trainSeconds());
        if (!(r.data() instanceof SparseDataset)) {
            int d = r.data().featureCount();
            int rows = r.trainer() == null ? r.data().rowCount() : r.trainer().trainingRows(r.data().rowCount());
            root.put("kernel", DenseKernel.choice((long) rows * d, d));
        }
        return root;
    }

    private void printText(PrintWriter stdout, Result r) {
        Rows d = r.data();
        String how;
        if (r.route() == Solver.exact) {
            how = "Exact least squares (Householder QR, iteratively refined)";
        } else if (r.route() == Solver.normal) {
            how = "Least squares by the normal equations (one pass for A^T A, Cholesky, refined by gradient passes)";
        } else {
            Trainer t = r.trainer();
            how = String.format(Locale.ROOT, "%s, %d epochs (%s) at learning rate %s on %s%s%s,",
                    training.optimizer.name(), r.epochs(), r.fit().stopReason().description(),
                    Text.number(t.optimizer().learningRate()), training.loss.label,
                    t.batchSize() > 0 ? ", batches of " + t.batchSize() : "", standardize ? ", standardised" : "");
        }
        stdout.printf(Locale.ROOT, "%s on %s: %d rows, target %s%s%n", how, dataFile, d.rowCount(), d.targetName(),
                d instanceof FloatDataset ? ", features stored as float32" : "");
        if (data.missingText() != null) {
            stdout.println(data.missingText());
        }
        if (r.choice() != null) {
            stdout.printf(Locale.ROOT, "--solver auto chose %s: %s.%n",
                    r.route().solves() ? r.route() : training.optimizer, r.choice().reason());
            if (r.normalRefusal() != null) {
                stdout.printf(Locale.ROOT, "The normal equations could not solve it (%s), so QR did.%n", r.normalRefusal());
            }
        }
        stdout.println();
        List<String> names = r.fitted().parameterNames();
        double[] fitted = r.fitted().parameters();
        int width = Math.max(9, names.stream().mapToInt(String::length).max().orElse(0));
        if (r.route().solves() || r.optimum() == null) {
            stdout.printf(Locale.ROOT, "%-" + width + "s  %24s%n", "parameter", "value");
            for (int k = 0; k < names.size(); k++) {
                stdout.printf(Locale.ROOT, "%-" + width + "s  %24s%n", names.get(k), Double.toString(fitted[k]));
            }
        } else {
            double[] optimum = r.optimum().parameters();
            stdout.printf(Locale.ROOT, "%-" + width + "s  %18s  %18s  %14s%n", "parameter", "fitted", "optimum", "gap");
            for (int k = 0; k < names.size(); k++) {
                stdout.printf(Locale.ROOT, "%-" + width + "s  %18.10g  %18.10g  %14.6g%n", names.get(k), fitted[k],
                        optimum[k], fitted[k] - optimum[k]);
            }
        }
        stdout.println();
        String penaltyNote = training.l1 > 0 || training.l2 > 0 ? " (with penalty)" : "";
        stdout.printf(Locale.ROOT, "%s%s %s", training.loss.label, penaltyNote, Text.number(r.loss()));
        if (r.lossFunction().classifies()) {
            stdout.printf(Locale.ROOT, "   accuracy %s", Text.number(r.accuracy()));
        } else {
            stdout.printf(Locale.ROOT, "   RMSE %s", Text.number(r.rmse()));
        }
        stdout.println();
        if (r.validation() != null) {
            r.validation().print(stdout, training.loss.label);
        }
        if (!r.route().solves()) {
            if (r.optimum() == null) {
                stdout.println("There is no exact optimum to compare with: " + r.noOptimum() + ".");
            } else {
                stdout.printf(Locale.ROOT, "The exact optimum's %s is %s.%n", training.loss.label, Text.number(r.optimumLoss()));
                // Updates, not epochs: with mini-batches an epoch takes many.
                stdout.println(Text.gap(names, fitted, r.optimum().parameters(), r.loss(), r.optimumLoss(),
                        r.fit().state().steps()));
            }
        }
        if (history != null) {
            stdout.println("Wrote the history of " + r.epochs() + " epochs to " + history + ".");
        }
        if (out != null) {
            stdout.println("Wrote the model to " + out + ".");
        }
    }
}
