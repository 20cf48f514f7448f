package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.data.Rows;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.SquaredError;
import dev.descent.model.FormulaModel;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import dev.descent.optim.UpdateRule;
import dev.descent.solve.Curvature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A validated training configuration: loss, penalty, optimizer and schedule, batch size, stopping
 * rules and seed. Build one with {@link #builder()}; {@link #fit} trains and returns a new model,
 * never changing the data or the starting model it was given.
 *
 * <p>An epoch is one pass over the training rows: one update for full-batch training (as in the
 * lesson), one per mini-batch otherwise, one line-searched iteration for L-BFGS. After every epoch
 * the loss on the whole training set is recorded, with the parameters, and the stopping rules
 * are checked.
 */
public final class Trainer {
    /** The number of epochs in a row the loss may grow, above where it started, before training is stopped. */
    public static final int GROWTH_LIMIT = 10;

    private final Loss loss;
    private final Penalty penalty;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final int epochs;
    private final int batchSize;
    private final Shuffle shuffle;
    private final long seed;
    private final double tolerance;
    private final double gradientTolerance;
    private final double validationFraction;
    private final int checkpointEvery;
    private final Checkpoint.Sink checkpoints;
    private final int patience;
    private final Duration timeLimit;
    private final double gradientCheck;

    private Trainer(Builder b) {
        this.loss = Objects.requireNonNull(b.loss, "loss");
        this.penalty = Objects.requireNonNull(b.penalty, "penalty");
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(b.schedule, "schedule");
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.tolerance = b.tolerance;
        this.gradientTolerance = b.gradientTolerance;
        this.validationFraction = b.validationFraction;
        this.checkpointEvery = b.checkpointEvery;
        this.checkpoints = b.checkpoints;
        this.patience = b.patience;
        this.timeLimit = b.timeLimit;
        this.gradientCheck = b.gradientCheck;
        if (!(gradientCheck >= 0)) {
            throw new IllegalArgumentException("the gradient check's tolerance must be >= 0, got " + gradientCheck);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 1 (or 0 for the full batch), got " + batchSize);
        }
        if (!(tolerance >= 0) || !(gradientTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got " + tolerance + " and " + gradientTolerance);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, got " + patience);
        }
        if (optimizer instanceof Lbfgs && batchSize > 0) {
            throw new IllegalArgumentException("L-BFGS needs the full batch: its line search compares losses on the same rows");
        }
        if (optimizer instanceof Lbfgs && !(schedule instanceof Schedule.Constant)) {
            throw new IllegalArgumentException("L-BFGS chooses its own step lengths by line search; a schedule would be ignored");
        }
        if (optimizer instanceof Lbfgs && penalty.l1() > 0) {
            throw new IllegalArgumentException("L-BFGS needs a smooth loss; the L1 penalty is not differentiable at 0:"
                    + " use a first-order optimizer with l1");
        }
    }

    /** Full-batch training for {@code epochs} epochs with no penalty, a constant rate and no early stop. */
    public Trainer(Loss loss, Optimizer optimizer, int epochs) {
        this(builder().loss(loss).optimizer(optimizer).epochs(epochs));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Loss loss() {
        return loss;
    }

    public Penalty penalty() {
        return penalty;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** The maximum number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Rows per update; 0 for the full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** How mini-batches are drawn. */
    public Shuffle shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    public double tolerance() {
        return tolerance;
    }

    public double gradientTolerance() {
        return gradientTolerance;
    }

    public double validationFraction() {
        return validationFraction;
    }

    public int patience() {
        return patience;
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /** Trains from {@code initial}. */
    public Fit fit(Rows data, Model initial) throws DivergenceException {
        return fit(data, initial, null, TrainingListener.NONE);
    }

    /** Trains from {@code initial}, telling {@code listener} about every epoch as it ends. */
    public Fit fit(Rows data, Model initial, TrainingListener listener) throws DivergenceException {
        return fit(data, initial, null, listener);
    }

    /**
     * Trains from {@code initial}, continuing from an optimizer state saved by an earlier fit (or
     * fresh state when {@code resume} is null), and tells {@code listener} about every epoch.
     */
    public Fit fit(Rows data, Model initial, OptimizerState resume, TrainingListener listener) throws DivergenceException {
        return new Run(data, initial, resume, null, listener).train();
    }

    /**
     * Goes on with a run from {@code from}, a checkpoint this trainer (or one of the same settings) wrote on the same
     * data, over its remaining epochs: the result is, to the bit, that of the run never stopped. {@code form} gives
     * the model's form (its parameters are the checkpoint's).
     */
    public Fit resume(Rows data, Model form, Checkpoint from, TrainingListener listener) throws DivergenceException {
        if (from.parameters().length != form.parameters().length) {
            throw new IllegalArgumentException("the checkpoint has " + from.parameters().length + " parameters, the model "
                    + form.parameters().length);
        }
        return new Run(data, form.withParameters(from.parameters()), from.state(), from, listener).train();
    }

    /** One run's mutable state; the Trainer stays immutable. */
    private final class Run {
        private final Rows train;
        /** The rows of the data given to fit that training reads, in its order (null: all, in order). */
        private final int[] trainRows;
        private final Model form;
        private final TrainingListener listener;
        private final Objective objective;
        private final Objective validationObjective;
        private final double[] theta;
        private final double[] gradient;
        private OptimizerState state;
        /** The mini-batch order, reused from epoch to epoch. */
        private int[] shuffled;
        /** A mini-batch's gradient. */
        private final double[] batchGradient;
        /** The mini-batch epochs' loss over all rows, taken on its own thread ({@link #lossThread}). */
        private final Objective lossObjective;
        private ExecutorService lossThread;
        /** The next epoch's parameters and optimizer state, when its batches ran while this epoch's loss was taken. */
        private double[] aheadTheta;
        private OptimizerState aheadState;
        /** The epochs the optimizer state had run before this run resumed it (0 for a fresh run). */
        private final long resumedAfter;

        /** The checkpoint this run goes on from, or null. */
        private final Checkpoint from;

        Run(Rows data, Model initial, OptimizerState resume, Checkpoint from, TrainingListener listener) {
            this.from = from;
            Rows validation = null;
            if (validationFraction > 0) {
                int[] order = splitOrder(data.rowCount());
                int held = validationRows(data.rowCount(), validationFraction);
                validation = data.rows(Arrays.copyOfRange(order, 0, held));
                this.trainRows = Arrays.copyOfRange(order, held, order.length);
                this.train = data.rows(trainRows);
            } else {
                this.train = data;
                this.trainRows = null;
            }
            this.form = initial;
            this.listener = listener;
            this.objective = new Objective(loss, train, penalty);
            // The validation loss is the data's loss alone, as scikit-learn scores it: the penalty is not an error.
            this.validationObjective = validation == null ? null : new Objective(loss, validation);
            this.theta = initial.parameters();
            this.gradient = new double[theta.length];
            this.batchGradient = new double[theta.length];
            this.lossObjective = new Objective(loss, train, penalty).onThisThread();
            this.state = resume != null ? resume.copy() : optimizer.start(theta.length);
            // a checkpoint's run counts its epochs on; a state given to fit starts a new run, counted apart
            this.resumedAfter = from != null ? 0 : state.epochs();
            state.setPenalised(OptimizerState.penalised(initial));
        }

        Fit train() throws DivergenceException {
            try {
                return epochs();
            } finally {
                if (lossThread != null) {
                    lossThread.shutdown();
                }
            }
        }

        private Fit epochs() throws DivergenceException {
            if (gradientCheck > 0 && from == null) {
                checkGradient();
            }
            long start = System.nanoTime();
            double value;
            History history;
            double bestValidation = Double.POSITIVE_INFINITY;
            double[] best = null;
            int sinceBest = 0;
            int rises = 0;
            if (from == null) {
                value = objective.valueAndGradient(form, theta, gradient);
                checkFinite(value, 0);
                history = new History(form.parameterNames(), value);
            } else {
                value = from.loss();
                System.arraycopy(from.gradient(), 0, gradient, 0, gradient.length);
                history = from.history().copy();
                bestValidation = from.bestValidation();
                best = from.best() == null ? null : from.best().clone();
                sinceBest = from.sinceBest();
                rises = from.rises();
            }
            StopReason reason = StopReason.MAX_EPOCHS;
            for (int epoch = from == null ? 1 : from.epoch() + 1; epoch <= epochs; epoch++) {
                state.setLearningRate(rate(state));
                double previous = value;
                if (optimizer instanceof Lbfgs lbfgs) {
                    OptionalDouble next = lbfgs.iterate(theta, gradient, value,
                            (x, g) -> objective.valueAndGradient(form, x, g), state);
                    if (next.isEmpty()) {
                        reason = StopReason.NO_PROGRESS;
                        break;
                    }
                    value = next.getAsDouble();
                } else {
                    value = epochOfUpdates((UpdateRule) optimizer, epoch == epochs);
                }
                checkFinite(value, epoch);
                state.advanceEpoch();
                rises = value > previous ? rises + 1 : 0;
                if (rises >= GROWTH_LIMIT && value > history.initialLoss()) {
                    throw new DivergenceException(String.format(Locale.ROOT, "the loss grew for %d epochs in a row, to %s"
                            + " at %s (it started at %s)%s", rises, value, epochName(epoch), history.initialLoss(),
                            advice()), epoch);
                }
                double validationValue = validationObjective == null ? Double.NaN : validationObjective.value(form, theta);
                history.record(value, validationValue, theta);
                if (listener != TrainingListener.NONE) {
                    listener.onEpoch(new EpochEvent(epoch, value, theta.clone(), gradient.clone()));
                }

                if (validationObjective != null) {
                    if (validationValue < bestValidation) {
                        bestValidation = validationValue;
                        best = theta.clone();
                        sinceBest = 0;
                    } else if (++sinceBest >= patience) {
                        reason = StopReason.EARLY_STOPPING;
                        break;
                    }
                }
                if (gradientTolerance > 0 && maxAbs(gradient) <= gradientTolerance) {
                    reason = StopReason.GRADIENT_TOLERANCE;
                    break;
                }
                if (tolerance > 0 && Math.abs(previous - value) <= tolerance * Math.max(1, Math.abs(value))) {
                    reason = StopReason.LOSS_TOLERANCE;
                    break;
                }
                // Elapsed time, as a deadline could overflow; the clock is read only when there is a limit: on the
                // lesson's 30 rows a read costs a tenth of an update.
                if (timeLimit != null && System.nanoTime() - start >= timeLimit.toNanos()) {
                    reason = StopReason.TIME_LIMIT;
                    break;
                }
                if (checkpoints != null && epoch % checkpointEvery == 0 && epoch < epochs) {
                    save(new Checkpoint(epoch, theta.clone(), gradient.clone(), value, state.copy(), history.copy(),
                            bestValidation, best == null ? null : best.clone(), sinceBest, rises));
                }
            }
            double[] kept = best != null ? best : theta; // with validation, the best epoch's parameters
            return new Fit(form.withParameters(kept), history, Trainer.this, reason, state, theta.clone());
        }

        private void save(Checkpoint checkpoint) {
            try {
                checkpoints.save(checkpoint);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * One pass over the training rows: one update (full batch) or one per mini-batch, each
         * followed by the L1 proximal step. Returns the whole training set's loss after the pass,
         * with its gradient left in {@code gradient}.
         *
         * <p>With mini-batches that loss takes a pass of its own, which no batch needs and which needs no batch: so,
         * unless this is the last epoch, another thread takes it while this one runs the next epoch's batches, on
         * copies of the parameters and optimizer state that the next epoch then adopts (or that a stop throws away).
         * The results are those of running the two one after the other, to the bit; the second core, idle during the
         * batches, does the pass. Only the fused linear pass runs so: it runs on several threads anyway, while a model
         * of the caller's own (the chain rule's path) has never been asked to predict on two threads at once. Nor
         * with a time limit, which is checked between epochs and would find an epoch's batches spent ahead, nor when
         * the next epoch's rate is refused, which the loop then meets after this epoch as it always did.
         */
        private double epochOfUpdates(UpdateRule rule, boolean last) {
            int n = train.rowCount();
            if (batchSize == 0 || batchSize >= n) {
                rule.step(theta, gradient, state);
                penalty.proximal(theta, form::penalised, state.learningRate());
                return objective.valueAndGradient(form, theta, gradient);
            }
            if (aheadTheta != null) { // this epoch's batches ran while the last epoch's loss was taken
                System.arraycopy(aheadTheta, 0, theta, 0, theta.length);
                state = aheadState;
                aheadTheta = null;
            } else {
                batches(rule, theta, state);
            }
            if (last || timeLimit != null || !objective.fused(form) || Runtime.getRuntime().availableProcessors() < 2) {
                return objective.valueAndGradient(form, theta, gradient);
            }
            OptimizerState next = state.copy();
            next.advanceEpoch(); // as the epoch loop does next, and then sets the next epoch's rate
            double nextRate = rate(next);
            if (!OptimizerState.acceptsRate(nextRate)) {
                return objective.valueAndGradient(form, theta, gradient);
            }
            next.setLearningRate(nextRate);
            Future<Double> value = lossThread().submit(() -> lossObjective.valueAndGradient(form, theta, gradient));
            aheadTheta = theta.clone();
            aheadState = next;
            batches(rule, aheadTheta, aheadState);
            return result(value);
        }

        /** The learning rate of the epoch that {@code optimizerState} is about to run: the schedule's, at its count. */
        private double rate(OptimizerState optimizerState) {
            return optimizer.learningRate() * schedule.factor((int) optimizerState.epochs());
        }

        /**
         * One epoch's mini-batches from {@code parameters} and {@code optimizerState}, which they update. Each epoch's
         * order comes from the seed and the epoch's number, so a resumed run draws the same batches. Seed and number
         * are each hashed (SplittableRandom's first output is a strong mix of its seed), so no two (seed, epoch) pairs
         * share a stream or a stream shifted by a step.
         */
        private void batches(UpdateRule rule, double[] parameters, OptimizerState optimizerState) {
            int n = train.rowCount();
            SplittableRandom random = new SplittableRandom(
                    new SplittableRandom(seed).nextLong() ^ new SplittableRandom(~(optimizerState.epochs() + 1L)).nextLong());
            int batches = (n + batchSize - 1) / batchSize;
            if (shuffle == Shuffle.ROWS) {
                shuffled = Shuffle.permutation(shuffled, n, random);
                for (int from = 0; from < n; from += batchSize) {
                    update(rule, parameters, optimizerState, shuffled, from, Math.min(n, from + batchSize));
                }
            } else {
                shuffled = shuffle == Shuffle.BATCHES ? Shuffle.permutation(shuffled, batches, random) : null;
                for (int k = 0; k < batches; k++) {
                    int from = (shuffled == null ? k : shuffled[k]) * batchSize;
                    // consecutive rows: a sequential read
                    update(rule, parameters, optimizerState, null, from, Math.min(n, from + batchSize));
                }
            }
        }

        /** One mini-batch's update: the rows {@code order[from..to)}, or rows {@code from..to} when order is null. */
        private void update(UpdateRule rule, double[] parameters, OptimizerState optimizerState, int[] order, int from,
                            int to) {
            objective.valueAndGradient(form, parameters, batchGradient, order, from, to);
            rule.step(parameters, batchGradient, optimizerState);
            penalty.proximal(parameters, form::penalised, optimizerState.learningRate());
        }

        /** The thread that takes mini-batch epochs' losses, started when first needed. */
        private ExecutorService lossThread() {
            if (lossThread == null) {
                lossThread = Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "descent-epoch-loss");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return lossThread;
        }

        /**
         * What the loss thread computed, or what it threw. Waits through interrupts, as a pass on this thread would
         * have, and leaves the thread interrupted as it found it.
         */
        private static double result(Future<Double> value) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return value.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof Error error) {
                            throw error;
                        }
                        throw (RuntimeException) e.getCause(); // the pass throws no checked exception
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The model's gradient at the start against central differences of the loss: a model's code checked before use. */
        private void checkGradient() {
            GradientCheck check = GradientCheck.at(objective, form);
            for (int k = 0; k < theta.length; k++) {
                if (!(check.relativeErrors()[k] <= gradientCheck)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "the model's gradient for %s is %s, but"
                            + " central differences of the loss give %s (relative error %.2g, above %.2g): check its"
                            + " gradient code", form.parameterNames().get(k), check.analytic()[k], check.numeric()[k],
                            check.relativeErrors()[k], gradientCheck));
                }
            }
        }

        private void checkFinite(double value, int epoch) throws DivergenceException {
            if (Double.isFinite(value)) {
                for (int k = 0; k < gradient.length; k++) {
                    if (!Double.isFinite(gradient[k])) {
                        throw new DivergenceException("the gradient with respect to " + form.parameterNames().get(k)
                                + " is " + gradient[k] + " at " + (epoch == 0 ? "the starting parameters" : epochName(epoch))
                                + ", though the loss is finite: the model's derivative is undefined on some row", epoch);
                    }
                }
                return;
            }
            String where = form instanceof FormulaModel formula && train instanceof Dataset dense
                    ? formula.withParameters(theta).whereNotFinite(dense.featureData(), this::fileRow) : null;
            if (where != null) {
                throw new DivergenceException("the " + (epoch == 0 ? "starting parameters" : "parameters of "
                        + epochName(epoch)) + " take the formula out of the real numbers " + where
                        + (epoch == 0 ? "" : advice()), epoch);
            }
            if (epoch == 0) {
                throw new DivergenceException("the loss at the starting parameters is " + value
                        + ": the starting parameters or the data overflow double precision", epoch);
            }
            throw new DivergenceException("the loss became " + value + " at " + epochName(epoch) + advice(), epoch);
        }

        /** Epoch {@code epoch} of this run, as a message names it: a resumed run's also counted from the first run's start. */
        private String epochName(int epoch) {
            return resumedAfter == 0 ? "epoch " + epoch
                    : "epoch " + epoch + " of this run (" + (resumedAfter + epoch) + " counting the epochs it resumes)";
        }

        /** The row of the data given to fit (counted from 0) that training row {@code i} is. */
        private int fileRow(int i) {
            return trainRows == null ? i : trainRows[i];
        }

        /** For a smooth loss on a linear model, the bound the learning rate must stay under: 2/L. */
        private String advice() {
            double curvature = form instanceof LinearModel linear
                    ? Curvature.smoothness(train, linear.hasIntercept(), loss, penalty) : Double.NaN;
            if (Double.isNaN(curvature)) {
                return ": the learning rate " + optimizer.learningRate() + " is probably too large; try a smaller one";
            }
            String exact = loss instanceof SquaredError ? "the largest curvature" : "a bound on the curvature";
            return String.format(Locale.ROOT, ": learning rate %s is too large; gradient descent on this loss is stable"
                    + " only below 2/L = %.3g (L = %.3g, %s)", optimizer.learningRate(), 2 / curvature, curvature, exact);
        }
    }

    /**
     * The rows this trainer's passes run over, of data of {@code rows} rows: those its validation split leaves for
     * training, or null when there is no validation (all rows).
     */
    public int[] trainingRowIndices(int rows) {
        if (validationFraction == 0) {
            return null;
        }
        return Arrays.copyOfRange(splitOrder(rows), validationRows(rows, validationFraction), rows);
    }

    /** The rows this trainer's validation split holds out of data of {@code rows} rows, or null without validation. */
    public int[] validationRowIndices(int rows) {
        if (validationFraction == 0) {
            return null;
        }
        return Arrays.copyOfRange(splitOrder(rows), 0, validationRows(rows, validationFraction));
    }

    /** The order the validation split takes rows in: the first ones held out, the rest trained on. */
    private int[] splitOrder(int rows) {
        return Shuffle.permutation(null, rows, new SplittableRandom(seed));
    }

    /** How many of {@code rows} rows this trainer's passes run over: all but those its validation fraction holds out. */
    public int trainingRows(int rows) {
        return validationFraction > 0 ? rows - validationRows(rows, validationFraction) : rows;
    }

    /**
     * How many of {@code rows} rows a validation fraction holds out.
     *
     * @throws IllegalArgumentException if that leaves no row for validation or none for training
     */
    public static int validationRows(int rows, double fraction) {
        int held = (int) Math.round(fraction * rows);
        if (held < 1 || held >= rows) {
            throw new IllegalArgumentException("a validation fraction of " + fraction + " of " + rows + " rows leaves "
                    + held + " for validation and " + (rows - held) + " for training; both need at least one");
        }
        return held;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** Settings for a {@link Trainer}; {@link #build()} validates them. */
    public static final class Builder {
        private Loss loss = Loss.mse();
        private Penalty penalty = Penalty.NONE;
        private Optimizer optimizer;
        private Schedule schedule = Schedule.constant();
        private int epochs = 1000;
        private int batchSize;
        private Shuffle shuffle = Shuffle.BATCHES;
        private long seed = 42;
        private double tolerance;
        private double gradientTolerance;
        private double validationFraction;
        private int patience = 10;
        private Duration timeLimit;
        private double gradientCheck;
        private int checkpointEvery;
        private Checkpoint.Sink checkpoints;

        private Builder() {
        }

        /**
         * Before the first epoch, compare the model's gradient with central differences of the loss and refuse to train
         * (IllegalArgumentException) when a component's relative error is above {@code tolerance} (such as 1e-6); 0,
         * the default, checks nothing. For a model written as code ({@link dev.descent.model.FunctionModel}).
         */
        public Builder checkGradient(double tolerance) {
            this.gradientCheck = tolerance;
            return this;
        }

        /** The loss to minimise (default MSE). */
        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** L1/L2 regularisation (default none). */
        public Builder penalty(Penalty penalty) {
            this.penalty = penalty;
            return this;
        }

        /** The optimizer (required). */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** How the learning rate changes over epochs (default constant). */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** The maximum number of epochs (default 1000). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Rows per update, shuffled every epoch; 0 (the default) for the full batch. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How mini-batches are drawn (default {@link Shuffle#BATCHES}). */
        public Builder shuffle(Shuffle shuffle) {
            this.shuffle = Objects.requireNonNull(shuffle, "shuffle");
            return this;
        }

        /** The seed of every random choice: mini-batch order and the validation split (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Stop when the loss changes by at most {@code tolerance * max(1, |loss|)} in an epoch (0: never). */
        public Builder tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Stop when every component of the gradient is at most this in size (0: never). */
        public Builder gradientTolerance(double gradientTolerance) {
            this.gradientTolerance = gradientTolerance;
            return this;
        }

        /**
         * Hands {@code sink} a {@link Checkpoint} after every {@code every} epochs (not after the last): from the
         * newest one, {@link Trainer#resume} ends with the model a run never stopped ends with.
         */
        public Builder checkpoints(int every, Checkpoint.Sink sink) {
            if (every < 1) {
                throw new IllegalArgumentException("checkpoints come every 1 or more epochs, got " + every);
            }
            this.checkpointEvery = every;
            this.checkpoints = sink;
            return this;
        }

        /**
         * Hold out {@code fraction} of the rows (chosen with the seed) and stop when their loss has not
         * improved for {@code patience} epochs, keeping the best parameters.
         */
        public Builder validation(double fraction, int patience) {
            this.validationFraction = fraction;
            this.patience = patience;
            return this;
        }

        /** Stop after this much time (null: no limit). */
        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = timeLimit;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
