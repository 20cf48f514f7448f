package dev.descent.cli;

import dev.descent.data.Rows;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.solve.Curvature;
import dev.descent.train.Trainer;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How to train: loss, penalty, optimizer, schedule, batches and stopping rules. */
final class TrainingOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--optimizer", defaultValue = "gd", paramLabel = "NAME",
            description = "gd, sgd (batches of 1 unless --batch-size), momentum, nesterov, adagrad, rmsprop, adam, adamw,"
                    + " lbfgs, or lm (Levenberg-Marquardt, for a formula model with --model). Default: ${DEFAULT-VALUE}.")
    OptimizerName optimizer;

    @Option(names = "--lr", paramLabel = "RATE|auto",
            description = "Learning rate, or 'auto' for 1/L from the loss's curvature (smooth losses). Default: 0.01 for"
                    + " gd, sgd, momentum, nesterov and adagrad; 0.001 for rmsprop, adam and adamw; 1 for lbfgs.")
    String lr;

    @Option(names = "--epochs", defaultValue = "1000", description = "Maximum number of epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Rows per update, reshuffled every epoch from the seed (default: all rows, one update per epoch).")
    Integer batchSize;

    @Option(names = "--shuffle", defaultValue = "batches", paramLabel = "MODE",
            description = "How mini-batches are drawn each epoch: batches (runs of consecutive rows in a random order: read"
                    + " at full speed, but the same rows share a batch every epoch), rows (every row in a random order),"
                    + " or none (file order). Default: ${DEFAULT-VALUE}.")
    ShuffleOption shuffle;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SPEC",
            description = "Learning-rate schedule, per epoch: constant, step:EVERY:GAMMA, exponential:GAMMA,"
                    + " inverse-time:DECAY, cosine:PERIOD[:FLOOR], or warmup:EPOCHS[:SCHEDULE]. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum of momentum and nesterov. Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0.01",
            description = "AdamW's decoupled weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--loss", defaultValue = "mse", paramLabel = "NAME",
            description = "mse, sse, mae, huber, quantile (regression); logistic, hinge (labels 0/1); softmax (k classes,"
                    + " any labels). Default: ${DEFAULT-VALUE}.")
    LossOption loss;

    @Option(names = "--delta", defaultValue = "1", description = "Huber's delta. Default: ${DEFAULT-VALUE}.")
    double delta;

    @Option(names = "--quantile", defaultValue = "0.5", description = "The quantile loss's tau, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double quantile;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "ALPHA",
            description = "Adds ALPHA/2 * ||w||^2 to the loss (the bias is not penalised). Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "ALPHA",
            description = "Adds ALPHA * ||w||_1, by a proximal step so weights reach exactly 0; with --l2, elastic net."
                    + " Default: ${DEFAULT-VALUE}.")
    double l1;

    @Option(names = "--tol", defaultValue = "0",
            description = "Stop when the loss changes by at most TOL * max(1, |loss|) in an epoch (0: never). Default: ${DEFAULT-VALUE}.")
    double tol;

    @Option(names = "--gradient-tol", defaultValue = "0", paramLabel = "TOL",
            description = "Stop when every component of the gradient is at most TOL (0: never). Default: ${DEFAULT-VALUE}.")
    double gradientTol;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "F",
            description = "Hold out this fraction of the rows and stop when their loss stops improving (see --patience),"
                    + " keeping the best parameters. Default: ${DEFAULT-VALUE}.")
    double validation;

    @Option(names = "--patience", defaultValue = "10", paramLabel = "K",
            description = "Epochs without a better validation loss before stopping. Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Double timeLimit;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the mini-batch order and the validation split. Default: ${DEFAULT-VALUE}.")
    long seed;

    enum OptimizerName {
        gd, sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lbfgs, lm
    }

    Loss lossFunction() {
        Check.positive(spec, "--delta", delta);
        if (!(quantile > 0 && quantile < 1)) {
            throw new ParameterException(spec.commandLine(), "--quantile must be in (0, 1), got " + quantile);
        }
        return loss.loss(delta, quantile);
    }

    Penalty penalty() {
        return new Penalty(Check.nonNegative(spec, "--l1", l1), Check.nonNegative(spec, "--l2", l2));
    }

    /** The trainer for {@code data} (the data that will be trained on, after any standardisation). */
    Trainer trainer(Rows data, boolean intercept) {
        return trainer(data, intercept, builder -> builder);
    }

    /** As {@link #trainer(Rows, boolean)}, with {@code more} settings (such as checkpoints) added to the builder. */
    Trainer trainer(Rows data, boolean intercept, java.util.function.UnaryOperator<Trainer.Builder> more) {
        Check.atLeast(spec, "--epochs", epochs, 0);
        Check.atLeast(spec, "--patience", patience, 1);
        Check.nonNegative(spec, "--tol", tol);
        Check.nonNegative(spec, "--gradient-tol", gradientTol);
        if (!(validation >= 0 && validation < 1)) {
            throw new ParameterException(spec.commandLine(), "--validation must be in [0, 1), got " + validation);
        }
        if (validation > 0) {
            try {
                Trainer.validationRows(data.rowCount(), validation);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--validation " + validation + ": " + e.getMessage());
            }
        }
        if (batchSize != null) {
            Check.atLeast(spec, "--batch-size", batchSize, 1);
        }
        int rows = batchSize != null ? batchSize : optimizer == OptimizerName.sgd ? 1 : 0;
        if (rows == 0 && spec.commandLine().getParseResult().hasMatchedOption("--shuffle")) {
            throw new ParameterException(spec.commandLine(), "--shuffle draws mini-batches; give --batch-size too");
        }
        Loss lossFunction = lossFunction();
        Penalty penalty = penalty();
        if (optimizer == OptimizerName.lbfgs && (batchSize != null || penalty.l1() > 0)) {
            throw new ParameterException(spec.commandLine(), batchSize != null
                    ? "--optimizer lbfgs uses the full batch; drop --batch-size"
                    : "--optimizer lbfgs needs a smooth loss; --l1 is not differentiable at 0: use another optimizer");
        }
        double rate = learningRate(data, intercept, lossFunction, penalty);
        Trainer.Builder builder = Trainer.builder().loss(lossFunction).penalty(penalty).optimizer(optimizer(rate))
                .schedule(ScheduleSpec.parse(spec, schedule)).epochs(epochs).seed(seed).tolerance(tol)
                .gradientTolerance(gradientTol).validation(validation, patience)
                .batchSize(rows).shuffle(shuffle.mode);
        if (timeLimit != null) {
            builder.timeLimit(Duration.ofNanos((long) (Check.positive(spec, "--time-limit", timeLimit) * 1e9)));
        }
        try {
            return more.apply(builder).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The learning rate asked for, the optimizer's default, or 1/L for {@code auto}. */
    double learningRate(Rows data, boolean intercept, Loss lossFunction, Penalty penalty) {
        if (lr == null) {
            return switch (optimizer) {
                case rmsprop, adam, adamw -> 0.001;
                case lbfgs, lm -> 1;
                default -> 0.01;
            };
        }
        if (lr.equals("auto")) {
            double smoothness = Curvature.smoothness(data, intercept, lossFunction, penalty);
            if (Double.isNaN(smoothness)) {
                throw new ParameterException(spec.commandLine(), "--lr auto needs a smooth loss (mse, sse, huber,"
                        + " logistic or softmax); " + loss + " has no bounded curvature");
            }
            return 1 / smoothness;
        }
        try {
            return Check.positive(spec, "--lr", Double.parseDouble(lr));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--lr must be a number > 0 or 'auto', got '" + lr + "'");
        }
    }

    private Optimizer optimizer(double rate) {
        try {
            return optimizer(optimizer, rate, momentum, weightDecay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--optimizer " + optimizer + ": " + e.getMessage());
        }
    }

    /** The optimizer called {@code name} at {@code rate}, with momentum and weight decay where it takes them. */
    static Optimizer optimizer(OptimizerName name, double rate, double momentum, double weightDecay) {
        return switch (name) {
            case gd, sgd -> new GradientDescent(rate);
            case momentum -> new Momentum(rate, momentum);
            case nesterov -> new Nesterov(rate, momentum);
            case adagrad -> new AdaGrad(rate, 1e-10);
            case rmsprop -> new RmsProp(rate, 0.9, 1e-8);
            case adam -> new Adam(rate, 0.9, 0.999, 1e-8);
            case adamw -> new AdamW(rate, 0.9, 0.999, 1e-8, weightDecay);
            case lbfgs -> new Lbfgs(rate, 10);
            case lm -> throw new IllegalArgumentException("Levenberg-Marquardt is not a step rule; it fits a formula"
                    + " model by least squares");
        };
    }
}
