package dev.descent.spark.bench;

import dev.descent.data.Standardization;
import dev.descent.kernel.CompensatedSum;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.Lbfgs;
import dev.descent.spark.Scaling;
import dev.descent.spark.SparkTrainer;
import dev.descent.train.EpochEvent;
import dev.descent.train.Recipe;
import dev.descent.train.TrainingListener;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Descent's {@link SparkTrainer} (L-BFGS) beside Spark MLlib's {@code LinearRegression} and {@code LogisticRegression}
 * on the same cached DataFrame, in the same Spark session, in local mode (issue 17). Not a test: run by
 * {@code bench/spark.sh}, which pins the JVM to as many CPUs as Spark gets threads.
 *
 * <p>What is measured, for each task (linear, logistic) and each {@code local[c]}:
 * <ul>
 * <li>MLlib to its own stop: {@code LinearRegression} (solver l-bfgs, regParam 0, its defaults: maxIter 100, tol 1e-6,
 * standardization on) or {@code LogisticRegression} (binomial, regParam = --l2, elasticNet 0; with --l2 > 0 its
 * standardization is off so that its penalty is Descent's {@code l2/2 ||w||^2}). The wall time of {@code fit}.
 * <li>MLlib to 1e-6 of the optimum: MLlib has no per-iteration callback, so the fewest iterations k whose model is
 * within 1e-6 (relative, in Descent's units) of the optimum is found first (a guess from the objective history of
 * a run to tol 1e-12, then checked by fitting with maxIter k, k-1, k+1... and evaluating each model exactly), and the
 * timed run is a fit with maxIter = k.
 * <li>Descent: {@code SparkTrainer} with {@code Lbfgs.standard()}, tolerance 0, started at zeros, timed from the
 * {@code fit} call (which includes turning the rows into its cached blocks) to the listener's call after the first
 * epoch whose parameters reach MLlib's final objective, and 1e-6 of the optimum. The listener stores every epoch's
 * time and parameters; the parameters are evaluated exactly after the fit, untimed. The run is cut short (by the
 * listener throwing) once both targets and its own tolerance rule are passed. "Descent's own stop" is the epoch at
 * which {@code tolerance(1e-6)} would have stopped it (the loss changed by at most 1e-6 max(1, |loss|)).
 * <li>Linear only: {@code LinearRegression} solver "normal" beside {@code SparkTrainer.leastSquares}.
 * </ul>
 *
 * <p>Objectives are in Descent's units, computed on the driver from each fitted model's coefficients with one exact
 * pass over a local copy of the same rows (compensated sums): the mean squared error (no 1/2), or the mean log-loss
 * plus {@code l2/2 ||w||^2} (the intercept not penalised). The optimum: linear, the normal equations'
 * ({@code SparkTrainer.leastSquares}); logistic, the lower of Descent's L-BFGS run until it can make no progress and
 * MLlib run with tol 1e-12 and 1000 iterations (both are printed).
 *
 * <p>Data: synthetic, dense, from a seed, each row from its own random stream (so it does not depend on the
 * partitions). Features Gaussian; with --scales mixed, column j has the scale 10^((j mod 5 - 2) / 2), 0.1 to 10,
 * and a mean of (j mod 3 - 1) times its scale. Linear: y = w.x + 2 + N(0, 1). Logistic: y ~ Bernoulli(sigmoid(w.x -
 * 0.5)), w.x of standard deviation about 2, so the classes overlap. The DataFrame (numeric columns x0.., y, and
 * VectorAssembler's "features") is made once per session, cached and counted before any timing; both libraries read
 * it (Descent its numeric columns, MLlib "features" and "y").
 *
 * <p>Results go to stdout and, with --out, as tab-separated lines to a file; {@code --report FILE...} reads such files
 * and prints the Markdown tables (medians, min-max, the ratio of each repeat's pair, and 1 to 2 core scaling).
 */
public final class SparkVsMllib {

    private static final double SIX = 1e-6;
    /** Slack when asking whether a loss reached MLlib's, which may itself be within rounding of the optimum. */
    private static final double ROUNDING = 1e-12;

    private SparkVsMllib() {
    }

    // ---------------------------------------------------------------- options

    private static final class Options {
        long rows = 1_000_000;
        int features = 20;
        int repeats = 5;
        List<Integer> cores = List.of(1, 2);
        int partitions = 4;
        long seed = 17;
        boolean mixed;
        double l2;
        int maxEpochs = 500;
        List<String> tasks = List.of("linear", "logistic");
        Path out;
        boolean quick;
        boolean standardize;
        List<Path> report = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--rows" -> o.rows = Long.parseLong(args[++i]);
                    case "--features" -> o.features = Integer.parseInt(args[++i]);
                    case "--repeats" -> o.repeats = Integer.parseInt(args[++i]);
                    case "--cores" -> o.cores = Arrays.stream(args[++i].split("[, ]+")).map(Integer::valueOf).toList();
                    case "--partitions" -> o.partitions = Integer.parseInt(args[++i]);
                    case "--seed" -> o.seed = Long.parseLong(args[++i]);
                    case "--scales" -> o.mixed = switch (args[++i]) {
                        case "mixed" -> true;
                        case "unit" -> false;
                        default -> throw new IllegalArgumentException("--scales unit or mixed");
                    };
                    case "--l2" -> o.l2 = Double.parseDouble(args[++i]);
                    case "--max-epochs" -> o.maxEpochs = Integer.parseInt(args[++i]);
                    case "--tasks" -> o.tasks = List.of(args[++i].split("[, ]+"));
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--quick" -> o.quick = true;
                    case "--standardize" -> o.standardize = true;
                    case "--report" -> {
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            o.report.add(Path.of(args[++i]));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "; options: --rows N"
                            + " --features D --repeats R --cores 1,2 --partitions P --seed S --scales unit|mixed"
                            + " --l2 L --max-epochs E --tasks linear,logistic --standardize --out FILE --quick | --report FILE...");
                }
            }
            if (o.standardize && o.l2 > 0) {
                throw new IllegalArgumentException("--standardize compares objectives across scales: only with --l2 0");
            }
            if (o.quick) { // a smoke run that keeps the benchmark from rotting: tiny, one repeat, no timing claims
                o.rows = Math.min(o.rows, 20_000);
                o.features = Math.min(o.features, 5);
                o.repeats = 1;
            }
            return o;
        }

        String scales() {
            return (mixed ? "mixed" : "unit") + (standardize ? ", Descent standardised" : "");
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (!o.report.isEmpty()) {
            Report.print(o.report);
            return;
        }
        int processors = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "SparkVsMllib: %d rows x %d features, %d partitions, seed %d, scales %s,"
                        + " logistic l2 %s, %d repeats, cores %s; JVM %s, %d processors, max heap %d MB, Vector API %s%n",
                o.rows, o.features, o.partitions, o.seed, o.scales(), o.l2, o.repeats, o.cores,
                System.getProperty("java.version"), processors, Runtime.getRuntime().maxMemory() >> 20,
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off");
        for (int c : o.cores) {
            if (c < processors) {
                System.out.printf("WARNING: local[%d] in a JVM that sees %d processors: Descent's per-task pass uses"
                        + " all of them (pin the JVM, as bench/spark.sh does, for a fair %d-core figure)%n",
                        c, processors, c);
            }
        }
        Map<String, Data> data = new LinkedHashMap<>();
        for (String task : o.tasks) {
            long start = System.nanoTime();
            data.put(task, new Data(new Generator(task, o.rows, o.features, o.seed, o.mixed)));
            System.out.printf(Locale.ROOT, "%s data generated locally in %.1f s%n", task, seconds(start));
        }
        Results results = new Results(o);
        for (int cores : o.cores) {
            SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("descent-vs-mllib")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", String.valueOf(o.partitions)).getOrCreate();
            spark.sparkContext().setLogLevel("ERROR");
            JobClock clock = new JobClock();
            spark.sparkContext().addSparkListener(clock);
            try {
                System.out.printf("%n=== Spark %s, local[%d] ===%n", spark.version(), cores);
                for (String task : o.tasks) {
                    new TaskRun(spark, cores, data.get(task), o, results, clock).run();
                }
            } finally {
                spark.stop();
            }
        }
    }

    // ---------------------------------------------------------------- data

    /** The rows, from a seed: each row from its own stream, so the data do not depend on the partitions. */
    record Generator(String task, long rows, int d, long seed, boolean mixed) implements Serializable {
        Generator {
            if (!task.equals("linear") && !task.equals("logistic")) {
                throw new IllegalArgumentException("task linear or logistic, not " + task);
            }
        }

        boolean logistic() {
            return task.equals("logistic");
        }

        double scale(int j) {
            return mixed ? Math.pow(10, ((j % 5) - 2) / 2.0) : 1;
        }

        double mean(int j) {
            return mixed ? ((j % 3) - 1) * scale(j) : 0;
        }

        /** The true weight of feature j, per unit of the feature: each standardised feature adds alike. */
        double weight(int j) {
            double sign = j % 2 == 0 ? 1 : -1;
            double size = logistic() ? 2.0 / Math.sqrt(d) * (0.5 + (double) j / d) : 1 + (double) j / d;
            return sign * size / scale(j);
        }

        /** Writes row i's features into x at offset; returns its target. */
        double row(long i, double[] x, int offset) {
            SplittableRandom random = new SplittableRandom(mix(seed, i));
            double z = logistic() ? -0.5 : 2;
            for (int j = 0; j < d; j++) {
                double value = mean(j) + scale(j) * random.nextGaussian();
                x[offset + j] = value;
                z += weight(j) * value;
            }
            if (logistic()) {
                return random.nextDouble() < Logistic.probability(z) ? 1 : 0;
            }
            return z + random.nextGaussian();
        }

        private static long mix(long a, long b) {
            long z = a * 0x9E3779B97F4A7C15L + b;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        List<String> columns() {
            List<String> names = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                names.add("x" + j);
            }
            return List.copyOf(names);
        }
    }

    /** A local copy of the rows: the exact objective of any model, on the driver, untimed. */
    static final class Data {
        final Generator generator;
        final double[] x;
        final double[] y;
        final int n;
        final int d;

        Data(Generator g) {
            this.generator = g;
            this.n = Math.toIntExact(g.rows());
            this.d = g.d();
            this.x = new double[Math.multiplyExact(n, d)];
            this.y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = g.row(i, x, i * d);
            }
        }

        /** Descent's objective: the MSE (no 1/2), or the mean log-loss plus l2/2 ||w||^2; w then the intercept. */
        double objective(double[] w, double b, double l2) {
            CompensatedSum sum = new CompensatedSum();
            boolean logistic = generator.logistic();
            for (int i = 0; i < n; i++) {
                double z = b;
                int at = i * d;
                for (int j = 0; j < d; j++) {
                    z += w[j] * x[at + j];
                }
                if (logistic) {
                    sum.add(Math.max(z, 0) - y[i] * z + Math.log1p(Math.exp(-Math.abs(z))));
                } else {
                    double r = y[i] - z;
                    sum.add(r * r);
                }
            }
            double value = sum.value() / n;
            if (logistic && l2 > 0) {
                double squares = 0;
                for (double v : w) {
                    squares += v * v;
                }
                value += l2 / 2 * squares;
            }
            return value;
        }

        /** The objective of Descent's parameters: the weights, then the intercept. */
        double objective(double[] parameters, double l2) {
            return objective(Arrays.copyOf(parameters, d), parameters[d], l2);
        }
    }

    /** The rows of partition p of P, generated by the task that reads them. */
    private static final class PartitionRows implements Iterator<Row> {
        private final Generator g;
        private long i;
        private final long to;
        private final double[] x;

        PartitionRows(Generator g, int p, int partitions) {
            this.g = g;
            this.i = g.rows() * p / partitions;
            this.to = g.rows() * (p + 1) / partitions;
            this.x = new double[g.d()];
        }

        @Override
        public boolean hasNext() {
            return i < to;
        }

        @Override
        public Row next() {
            if (i >= to) {
                throw new NoSuchElementException();
            }
            double target = g.row(i++, x, 0);
            Object[] cells = new Object[x.length + 1];
            for (int j = 0; j < x.length; j++) {
                cells[j] = x[j];
            }
            cells[x.length] = target;
            return RowFactory.create(cells);
        }
    }

    // ---------------------------------------------------------------- one task in one session

    private static final class TaskRun {
        private final SparkSession spark;
        private final int cores;
        private final Data data;
        private final Generator g;
        private final Options o;
        private final Results results;
        private final List<String> columns;
        private final double l2;
        private Dataset<Row> frame;
        private Dataset<Row> numeric;
        private double optimum;
        private final JobClock clock;

        TaskRun(SparkSession spark, int cores, Data data, Options o, Results results, JobClock clock) {
            this.clock = clock;
            this.spark = spark;
            this.cores = cores;
            this.data = data;
            this.g = data.generator;
            this.o = o;
            this.results = results;
            this.columns = g.columns();
            this.l2 = g.logistic() ? o.l2 : 0;
        }

        void run() throws Exception {
            System.out.printf("%n--- %s, local[%d] --- (load average %s)%n", g.task(), cores, loadAverage());
            makeFrame();
            findOptimum();

            // warm-up: one untimed fit of each
            long warm = System.nanoTime();
            Fitted own = mllib(estimator(0, 0));
            double mllibFinal = own.objective;
            System.out.printf(Locale.ROOT, "MLlib own stop: %d iterations, objective %.17g, gap %.2e%n",
                    own.iterations, own.objective, gap(own.objective));
            double target6 = optimum * (1 + SIX);
            double targetMllib = Math.max(mllibFinal, optimum) + ROUNDING * Math.abs(optimum);
            if (!o.quick) { // --quick: the runs that find the optimum and the targets are the only warm-up
                DescentRun warmDescent = descent(targetMllib, target6);
                if (!g.logistic()) {
                    mllib(new LinearRegression().setSolver("normal").setRegParam(0).setLabelCol("y"));
                    timed(() -> SparkTrainer.leastSquares(numeric, "y", columns, 0));
                }
                System.out.printf(Locale.ROOT, "warm-up done in %.1f s (Descent: %s)%n", seconds(warm), warmDescent);
            }

            int k = iterationsToSix();

            for (int r = 0; r < o.repeats; r++) {
                // interleaved, the order alternating, so that drift in the machine's load falls on both
                List<Runnable> steps = new ArrayList<>();
                int repeat = r;
                steps.add(() -> {
                    Fitted f = mllib(estimator(0, 0));
                    results.add(g.task(), cores, repeat, "mllib_own", f.seconds, f.iterations, gap(f.objective));
                    System.out.println("  MLlib's Spark jobs: " + f.jobs);
                    if (Math.abs(f.objective - mllibFinal) > 1e-9 * Math.abs(mllibFinal)) {
                        System.out.printf(Locale.ROOT, "  note: MLlib's final objective moved to %.17g%n", f.objective);
                    }
                });
                steps.add(() -> {
                    DescentRun run = descent(targetMllib, target6);
                    System.out.println("  Descent: " + run);
                    System.out.println("  Descent's Spark jobs: " + run.jobs);
                    results.add(g.task(), cores, repeat, "descent_to_mllib", run.toMllib, run.toMllibEpoch,
                            run.toMllibGap);
                    results.add(g.task(), cores, repeat, "descent_to_1e-6", run.toSix, run.toSixEpoch, run.toSixGap);
                    results.add(g.task(), cores, repeat, "descent_own", run.own, run.ownEpoch, run.ownGap);
                });
                steps.add(() -> {
                    Fitted f = mllib(estimator(k, 0));
                    results.add(g.task(), cores, repeat, "mllib_to_1e-6", f.seconds, f.iterations, gap(f.objective));
                });
                if (!g.logistic()) {
                    steps.add(() -> {
                        Fitted f = mllib(new LinearRegression().setSolver("normal").setRegParam(0).setLabelCol("y"));
                        results.add(g.task(), cores, repeat, "mllib_normal", f.seconds, -1, gap(f.objective));
                        System.out.println("  MLlib normal's Spark jobs: " + f.jobs);
                    });
                    steps.add(() -> {
                        Timed<double[]> t = timed(() -> SparkTrainer.leastSquares(numeric, "y", columns, 0));
                        results.add(g.task(), cores, repeat, "descent_normal", t.seconds, -1,
                                gap(data.objective(t.value, 0)));
                    });
                }
                if (r % 2 == 1) {
                    // the reverse order: Descent's rows first
                    List<Runnable> reversed = new ArrayList<>(steps);
                    java.util.Collections.reverse(reversed);
                    steps = reversed;
                }
                for (Runnable step : steps) {
                    System.gc();
                    step.run();
                }
            }
            frame.unpersist(true);
            System.out.println("load average at the end: " + loadAverage());
        }

        /** The DataFrame, once per session: generated by its tasks, assembled, cached and counted. */
        private void makeFrame() {
            long start = System.nanoTime();
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> parts = new ArrayList<>();
            for (int p = 0; p < o.partitions; p++) {
                parts.add(p);
            }
            Generator generator = g;
            int partitions = o.partitions;
            JavaRDD<Row> rows = context.parallelize(parts, partitions)
                    .flatMap(p -> new PartitionRows(generator, p, partitions));
            StructType schema = new StructType();
            for (String c : columns) {
                schema = schema.add(c, DataTypes.DoubleType, false);
            }
            schema = schema.add("y", DataTypes.DoubleType, false);
            Dataset<Row> raw = spark.createDataFrame(rows, schema);
            frame = new VectorAssembler().setInputCols(columns.toArray(String[]::new)).setOutputCol("features")
                    .transform(raw).cache();
            long count = frame.count();
            Column[] selected = new Column[columns.size() + 1];
            selected[0] = frame.col("y");
            for (int j = 0; j < columns.size(); j++) {
                selected[j + 1] = frame.col(columns.get(j));
            }
            // Descent reads the numeric columns (as MLlib selects "y" and "features"); the select is over the cache
            numeric = frame.select(selected);
            System.out.printf(Locale.ROOT, "DataFrame: %d rows, %d partitions, cached and counted in %.1f s%n", count,
                    frame.javaRDD().getNumPartitions(), seconds(start));
            if (count != g.rows()) {
                throw new IllegalStateException("the DataFrame has " + count + " rows, not " + g.rows());
            }
        }

        private void findOptimum() throws Exception {
            long start = System.nanoTime();
            if (!g.logistic()) {
                double[] exact = SparkTrainer.leastSquares(numeric, "y", columns, 0);
                optimum = data.objective(exact, 0);
                System.out.printf(Locale.ROOT, "optimum (normal equations): MSE %.17g, in %.1f s%n", optimum,
                        seconds(start));
                return;
            }
            SparkTrainer.Result converged = SparkTrainer.builder().loss(lossRecipe()).penalty(new Penalty(0, l2))
                    .optimizer(Lbfgs.standard()).epochs(2000).tolerance(0).build()
                    .fit(numeric, "y", columns, form());
            double descent = data.objective(converged.parameters(), l2);
            Fitted tight = mllib(estimator(1000, 1e-12));
            optimum = Math.min(descent, tight.objective);
            System.out.printf(Locale.ROOT, "optimum: Descent L-BFGS to no progress (%d epochs, %s) %.17g; MLlib tol"
                            + " 1e-12 (%d iterations) %.17g; relative difference %.1e; in %.1f s%n",
                    converged.history().epochs(), converged.stopReason(), descent, tight.iterations, tight.objective,
                    Math.abs(descent - tight.objective) / optimum, seconds(start));
        }

        /**
         * The fewest MLlib iterations within 1e-6 of the optimum: a guess from the objective history of a run to tol
         * 1e-12 (its relative gaps do not depend on MLlib's own scaling of the objective), checked exactly.
         */
        private int iterationsToSix() {
            Fitted tight = mllib(estimator(1000, 1e-12));
            double[] h = tight.history;
            double floor = Arrays.stream(h).min().orElseThrow();
            int guess = h.length - 1;
            for (int i = 0; i < h.length; i++) {
                if ((h[i] - floor) / Math.abs(floor) <= SIX) {
                    guess = i;
                    break;
                }
            }
            int k = Math.max(1, guess);
            Map<Integer, Double> gaps = new TreeMap<>();
            while (true) {
                double at = gaps.computeIfAbsent(k, this::gapAfter);
                if (at > SIX) {
                    k++;
                } else if (k > 1 && gaps.computeIfAbsent(k - 1, this::gapAfter) <= SIX) {
                    k--;
                } else {
                    break;
                }
                if (k > 1000) {
                    throw new IllegalStateException("MLlib does not reach 1e-6 of the optimum in 1000 iterations");
                }
            }
            System.out.printf(Locale.ROOT, "MLlib to 1e-6: objective history of a tol 1e-12 run (%d iterations)"
                    + " guesses %d; checked gaps by maxIter %s; k = %d%n", h.length - 1, guess, gaps, k);
            return k;
        }

        private double gapAfter(int k) {
            return gap(mllib(estimator(k, 0)).objective);
        }

        private double gap(double objective) {
            return (objective - optimum) / Math.abs(optimum);
        }

        private Recipe<Loss> lossRecipe() {
            return g.logistic() ? Logistic::new : Loss::mse;
        }

        private Recipe<Model> form() {
            List<String> names = columns;
            return () -> LinearModel.zeros(names, true);
        }

        /** MLlib's estimator with its defaults (and this benchmark's column names); maxIter and tol when above 0. */
        private org.apache.spark.ml.Predictor<?, ?, ?> estimator(int maxIter, double tol) {
            if (g.logistic()) {
                LogisticRegression lr = new LogisticRegression().setFamily("binomial").setLabelCol("y")
                        .setRegParam(l2).setElasticNetParam(0);
                if (l2 > 0) {
                    lr.setStandardization(false); // its penalty then is l2/2 ||w||^2 on the features as given
                }
                if (maxIter > 0) {
                    lr.setMaxIter(maxIter);
                }
                if (tol > 0) {
                    lr.setTol(tol);
                }
                return lr;
            }
            LinearRegression lr = new LinearRegression().setSolver("l-bfgs").setRegParam(0).setLabelCol("y");
            if (maxIter > 0) {
                lr.setMaxIter(maxIter);
            }
            if (tol > 0) {
                lr.setTol(tol);
            }
            return lr;
        }

        private Fitted mllib(org.apache.spark.ml.Predictor<?, ?, ?> estimator) {
            System.gc();
            clock.reset();
            long start = System.nanoTime();
            Object model = estimator.fit(frame);
            double s = seconds(start);
            String jobs = clock.summary(spark);
            double[] w;
            double b;
            int iterations;
            double[] history;
            if (model instanceof LinearRegressionModel m) {
                w = m.coefficients().toArray();
                b = m.intercept();
                iterations = m.summary().totalIterations();
                history = m.summary().objectiveHistory();
            } else {
                LogisticRegressionModel m = (LogisticRegressionModel) model;
                w = m.coefficients().toArray();
                b = m.intercept();
                iterations = m.summary().totalIterations();
                history = m.summary().objectiveHistory();
            }
            return new Fitted(s, iterations, data.objective(w, b, l2), history, jobs);
        }

        private DescentRun descent(double targetMllib, double target6) {
            SparkTrainer trainer = SparkTrainer.builder().loss(lossRecipe()).penalty(new Penalty(0, l2))
                    .optimizer(Lbfgs.standard()).epochs(o.maxEpochs).tolerance(0).build();
            // stop a little below both targets, so that the exact evaluation afterwards finds them passed
            Recorder recorder = new Recorder(Math.min(targetMllib, target6) - ROUNDING / 10 * Math.abs(optimum));
            System.gc();
            clock.reset();
            recorder.start = System.nanoTime();
            SparkTrainer.Result result = null;
            Standardization scaling = null;
            try {
                // --standardize: learned and applied inside the timed run, as fit --standardize does on Spark (without
                // a penalty the standardised loss is the same objective, so the targets stand)
                scaling = o.standardize ? Scaling.learn(numeric, columns, true) : null;
                Dataset<Row> train = scaling == null ? numeric : Scaling.apply(numeric, "y", columns, scaling);
                result = trainer.fit(train, "y", columns, form(), recorder);
            } catch (Recorder.Enough enough) {
                // both targets reached and the tolerance rule passed: the rest would not change a figure
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            double total = seconds(recorder.start);
            String jobs = clock.summary(spark);
            if (scaling != null) { // back to the data's scale, untimed, for the exact evaluation
                LinearModel shape = LinearModel.zeros(columns, true);
                for (int e = 0; e < recorder.parameters.size(); e++) {
                    recorder.parameters.set(e, scaling.toOriginal(shape.withParameters(recorder.parameters.get(e)))
                            .parameters());
                }
            }
            DescentRun run = new DescentRun(recorder, data, l2, targetMllib, target6, this::gap, recorder.initial(result));
            run.total = total;
            run.jobs = jobs;
            run.epochs = recorder.times.size();
            run.stop = result == null ? "cut short" : result.stopReason().toString();
            return run;
        }

        private static <T> Timed<T> timed(Fallible<T> work) {
            System.gc();
            long start = System.nanoTime();
            T value;
            try {
                value = work.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Timed<>(seconds(start), value);
        }
    }

    /** Spark's jobs as they run, to say where a fit's time goes (printed, not part of any figure). */
    static final class JobClock extends org.apache.spark.scheduler.SparkListener {
        private final Map<Integer, Long> started = new java.util.HashMap<>();
        private final Map<Integer, String> names = new java.util.HashMap<>();
        private final List<Double> durations = new ArrayList<>();
        private final List<String> ended = new ArrayList<>();

        @Override
        public synchronized void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
            started.put(job.jobId(), job.time());
            // the call site of its last stage, as Spark's UI names a job ("treeAggregate at Foo.scala:12")
            names.put(job.jobId(), job.stageInfos().isEmpty() ? "?" : job.stageInfos().last().name());
        }

        @Override
        public synchronized void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd job) {
            Long start = started.remove(job.jobId());
            String name = names.remove(job.jobId());
            if (start != null) {
                durations.add((job.time() - start) / 1e3);
                ended.add(name);
            }
        }

        synchronized void reset() {
            durations.clear();
            ended.clear();
        }

        /** The jobs ended since the reset: their number, the first two's times, the median of the rest. */
        String summary(SparkSession spark) {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty(); // the events arrive on the bus's own thread
            } catch (Exception e) {
                return "? (" + e + ")";
            }
            return summary();
        }

        synchronized String summary() {
            if (durations.isEmpty()) {
                return "no jobs";
            }
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d jobs, %.2f s in all; first %.2f s"
                            + " (%s)", durations.size(), durations.stream().mapToDouble(Double::doubleValue).sum(),
                    durations.get(0), ended.get(0)));
            if (durations.size() > 1) {
                text.append(String.format(Locale.ROOT, ", second %.2f s (%s)", durations.get(1), ended.get(1)));
            }
            if (durations.size() > 2) {
                double[] rest = durations.subList(2, durations.size()).stream().mapToDouble(Double::doubleValue)
                        .sorted().toArray();
                text.append(String.format(Locale.ROOT, ", the other %d %.3f s each (median)", rest.length,
                        rest[rest.length / 2]));
            }
            return text.toString();
        }
    }

    @FunctionalInterface
    private interface Fallible<T> {
        T get() throws Exception;
    }

    private record Timed<T>(double seconds, T value) {
    }

    private record Fitted(double seconds, int iterations, double objective, double[] history, String jobs) {
    }

    /** Every epoch's time (from the fit call) and parameters; stops the run once the loss is well past the targets. */
    private static final class Recorder implements TrainingListener {
        static final class Enough extends RuntimeException {
            Enough() {
                super(null, null, false, false);
            }
        }

        long start;
        final List<Double> times = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();
        final List<double[]> parameters = new ArrayList<>();
        private final double stopBelow;
        private double previous = Double.NaN;
        private boolean ownRulePassed;

        Recorder(double stopBelow) {
            this.stopBelow = stopBelow;
        }

        @Override
        public void onEpoch(EpochEvent event) {
            times.add(seconds(start));
            losses.add(event.loss());
            parameters.add(event.parameters());
            if (!Double.isNaN(previous) && Math.abs(previous - event.loss()) <= SIX * Math.max(1, Math.abs(event.loss()))) {
                ownRulePassed = true;
            }
            previous = event.loss();
            if (ownRulePassed && event.loss() <= stopBelow) {
                throw new Enough();
            }
        }

        double initial(SparkTrainer.Result result) {
            return result == null ? Double.NaN : result.history().initialLoss();
        }
    }

    /** The times at which a Descent run reached the targets, from its record, the parameters evaluated exactly. */
    private static final class DescentRun {
        double toMllib = Double.NaN;
        int toMllibEpoch = -1;
        double toMllibGap = Double.NaN;
        double toSix = Double.NaN;
        int toSixEpoch = -1;
        double toSixGap = Double.NaN;
        double own = Double.NaN;
        int ownEpoch = -1;
        double ownGap = Double.NaN;
        double total;
        int epochs;
        String stop;
        String jobs;
        double worstAgreement;
        double lastGap;

        DescentRun(Recorder r, Data data, double l2, double targetMllib, double target6,
                   java.util.function.DoubleUnaryOperator gap, double initial) {
            int last = r.times.size() - 1;
            lastGap = last < 0 ? Double.NaN : gap.applyAsDouble(data.objective(r.parameters.get(last), l2));
            double previous = Double.NaN;
            for (int e = 0; e < r.times.size(); e++) {
                double loss = r.losses.get(e);
                boolean ownRule = e > 0 && Math.abs(previous - loss) <= SIX * Math.max(1, Math.abs(loss));
                previous = loss;
                boolean near = loss <= Math.max(targetMllib, target6) * (1 + 1e-9);
                if (!near && !(ownRule && ownEpoch < 0)) {
                    continue;
                }
                double exact = data.objective(r.parameters.get(e), l2);
                worstAgreement = Math.max(worstAgreement, Math.abs(exact - loss) / Math.abs(exact));
                if (ownRule && ownEpoch < 0) {
                    own = r.times.get(e);
                    ownEpoch = e + 1;
                    ownGap = gap.applyAsDouble(exact);
                }
                if (exact <= targetMllib && toMllibEpoch < 0) {
                    toMllib = r.times.get(e);
                    toMllibEpoch = e + 1;
                    toMllibGap = gap.applyAsDouble(exact);
                }
                if (exact <= target6 && toSixEpoch < 0) {
                    toSix = r.times.get(e);
                    toSixEpoch = e + 1;
                    toSixGap = gap.applyAsDouble(exact);
                }
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d epochs in %.2f s (%s), last gap %.1e; MLlib's objective at epoch %d,"
                            + " %.2f s; 1e-6 at epoch %d, %.2f s; own stop (tol 1e-6) at epoch %d, %.2f s, gap %.1e;"
                            + " Spark's loss agrees with the exact one to %.1e", epochs, total, stop, lastGap,
                    toMllibEpoch, toMllib, toSixEpoch, toSix, ownEpoch, own, ownGap, worstAgreement);
        }
    }

    // ---------------------------------------------------------------- results

    private static final class Results {
        private final Options o;

        Results(Options o) {
            this.o = o;
            if (o.out != null) {
                write("#task\tscales\tcores\trows\tfeatures\tpartitions\trepeat\tmethod\tseconds\titerations\tgap");
            }
        }

        void add(String task, int cores, int repeat, String method, double seconds, int iterations, double gap) {
            System.out.printf(Locale.ROOT, "  repeat %d  %-17s %8.3f s  %4d iterations/epochs  gap %.2e%n", repeat,
                    method, seconds, iterations, gap);
            if (o.out != null) {
                write(String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%.6f\t%d\t%.3e", task, o.scales(),
                        cores, o.rows, o.features, o.partitions, repeat, method, seconds, iterations, gap));
            }
        }

        private void write(String line) {
            try {
                Files.writeString(o.out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The Markdown tables from result files: medians, min-max, per-repeat ratios, scaling from 1 to 2 cores. */
    static final class Report {
        private record Key(String task, String scales, int cores) implements Comparable<Key> {
            @Override
            public int compareTo(Key k) {
                int c = scales.compareTo(k.scales);
                c = c != 0 ? c : task.compareTo(k.task);
                return c != 0 ? c : Integer.compare(cores, k.cores);
            }
        }

        private record Cell(double seconds, int iterations, double gap) {
        }

        static void print(List<Path> files) throws IOException {
            // key -> method -> repeat -> cell
            Map<Key, Map<String, Map<Integer, Cell>>> all = new TreeMap<>();
            String size = null;
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    Key key = new Key(f[0], f[1], Integer.parseInt(f[2]));
                    size = f[3] + " rows x " + f[4] + " features, " + f[5] + " partitions";
                    all.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(f[7], k -> new TreeMap<>())
                            .put(Integer.parseInt(f[6]), new Cell(Double.parseDouble(f[8]), Integer.parseInt(f[9]),
                                    Double.parseDouble(f[10])));
                }
            }
            System.out.println("Data: " + size + ". Times in seconds: median (min-max) of the repeats; a ratio is"
                    + " Descent / MLlib per repeat (each pair measured side by side), then its median (min-max);"
                    + " [n] iterations or epochs; gap = (objective - optimum) / optimum.");
            System.out.println();
            System.out.println("| data | task | cores | MLlib to its own stop | Descent to MLlib's objective | ratio |"
                    + " MLlib to 1e-6 | Descent to 1e-6 | ratio | Descent to its own stop (tol 1e-6) | ratio to MLlib's"
                    + " own stop |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (Map.Entry<Key, Map<String, Map<Integer, Cell>>> e : all.entrySet()) {
                Key k = e.getKey();
                Map<String, Map<Integer, Cell>> m = e.getValue();
                System.out.printf("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", k.scales, k.task,
                        k.cores, cell(m.get("mllib_own"), true), cell(m.get("descent_to_mllib"), false),
                        ratio(m.get("descent_to_mllib"), m.get("mllib_own")), cell(m.get("mllib_to_1e-6"), false),
                        cell(m.get("descent_to_1e-6"), false), ratio(m.get("descent_to_1e-6"), m.get("mllib_to_1e-6")),
                        cell(m.get("descent_own"), true), ratio(m.get("descent_own"), m.get("mllib_own")));
            }
            boolean normal = all.values().stream().anyMatch(m -> m.containsKey("mllib_normal"));
            if (normal) {
                System.out.println();
                System.out.println("| data | task | cores | MLlib LinearRegression solver normal | Descent"
                        + " SparkTrainer.leastSquares | ratio |");
                System.out.println("|---|---|---|---|---|---|");
                for (Map.Entry<Key, Map<String, Map<Integer, Cell>>> e : all.entrySet()) {
                    Map<String, Map<Integer, Cell>> m = e.getValue();
                    if (m.containsKey("mllib_normal")) {
                        System.out.printf("| %s | %s | %d | %s | %s | %s |%n", e.getKey().scales, e.getKey().task,
                                e.getKey().cores, cell(m.get("mllib_normal"), true), cell(m.get("descent_normal"), true),
                                ratio(m.get("descent_normal"), m.get("mllib_normal")));
                    }
                }
            }
            System.out.println();
            System.out.println("Scaling, median time at 1 core / median time at 2 cores (2.0 would be linear):");
            System.out.println();
            System.out.println("| data | task | method | 1 core | 2 cores | speed-up |");
            System.out.println("|---|---|---|---|---|---|");
            for (Map.Entry<Key, Map<String, Map<Integer, Cell>>> e : all.entrySet()) {
                Key k = e.getKey();
                if (k.cores != 1) {
                    continue;
                }
                Map<String, Map<Integer, Cell>> two = all.get(new Key(k.task, k.scales, 2));
                if (two == null) {
                    continue;
                }
                for (String method : e.getValue().keySet()) {
                    if (!two.containsKey(method)) {
                        continue;
                    }
                    double one = median(e.getValue().get(method), Cell::seconds);
                    double twoCores = median(two.get(method), Cell::seconds);
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f |%n", k.scales, k.task, method,
                            num(one), num(twoCores), one / twoCores);
                }
            }
        }

        private static String cell(Map<Integer, Cell> cells, boolean withGap) {
            if (cells == null || cells.isEmpty()) {
                return "-";
            }
            long missed = cells.values().stream().filter(c -> Double.isNaN(c.seconds)).count();
            if (missed == cells.size()) {
                return "not reached";
            }
            double[] s = cells.values().stream().mapToDouble(Cell::seconds).filter(v -> !Double.isNaN(v)).sorted()
                    .toArray();
            int[] it = cells.values().stream().mapToInt(Cell::iterations).filter(v -> v >= 0).sorted().toArray();
            String iterations = it.length == 0 ? "" : it[0] == it[it.length - 1] ? " [" + it[0] + "]"
                    : " [" + it[0] + "-" + it[it.length - 1] + "]";
            String text = num(median(s)) + " (" + num(s[0]) + "-" + num(s[s.length - 1]) + ")" + iterations;
            if (withGap) {
                double worst = cells.values().stream().mapToDouble(Cell::gap).max().orElse(Double.NaN);
                text += String.format(Locale.ROOT, ", gap %.0e", worst);
            }
            if (missed > 0) {
                text += ", not reached in " + missed + " of " + cells.size();
            }
            return text;
        }

        private static String ratio(Map<Integer, Cell> descent, Map<Integer, Cell> mllib) {
            if (descent == null || mllib == null) {
                return "-";
            }
            List<Double> ratios = new ArrayList<>();
            for (Map.Entry<Integer, Cell> e : descent.entrySet()) {
                Cell other = mllib.get(e.getKey());
                if (other != null && !Double.isNaN(e.getValue().seconds)) {
                    ratios.add(e.getValue().seconds / other.seconds);
                }
            }
            if (ratios.isEmpty()) {
                return "-";
            }
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(r), r[0], r[r.length - 1]);
        }

        private static double median(Map<Integer, Cell> cells, java.util.function.ToDoubleFunction<Cell> f) {
            return median(cells.values().stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).sorted().toArray());
        }

        private static double median(double[] sorted) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int m = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }

        private static String num(double seconds) {
            if (Double.isNaN(seconds)) {
                return "-";
            }
            return seconds >= 10 ? String.format(Locale.ROOT, "%.1f", seconds)
                    : String.format(Locale.ROOT, "%.2f", seconds);
        }
    }

    /** The machine's load averages (1, 5, 15 minutes), from /proc/loadavg, or "?" . */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
