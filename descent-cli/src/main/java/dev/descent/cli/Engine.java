package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.data.Standardization;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Schedule;
import dev.descent.train.History;
import dev.descent.train.Recipe;
import dev.descent.train.StopReason;
import dev.descent.train.TrainingListener;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where {@code fit --engine NAME} trains, other than in this JVM: an implementation on the class path, found by its
 * name through {@link ServiceLoader} (descent-spark's, for {@code spark}). It reads the data itself and trains with the
 * core's optimizers; the command writes the model file, the history and the output as it does for a local fit.
 */
public interface Engine {
    /** The name {@code --engine} takes. */
    String name();

    /** Trains as {@code job} says, telling {@code listener} of every epoch. */
    Trained fit(Job job, TrainingListener listener) throws DescentException;

    /**
     * What to train.
     *
     * @param data       the data's path or URI, as the user wrote it (the engine reads it: a folder, hdfs://, s3a://)
     * @param format     csv (a header row), parquet or libsvm (its label the target, feature k named fk)
     * @param target     the target column (csv, parquet)
     * @param features   the feature columns, in order (empty: every column but the target)
     * @param master     the engine's master (Spark's master URL), or null for its default
     * @param conf       the engine's settings, passed through
     * @param loss       how each worker makes the loss
     * @param solve      solve least squares exactly instead of training (a squared loss, at most an L2 penalty, an
     *                   intercept, at most {@link #MAX_SOLVED_PARAMETERS} parameters)
     * @param linear     a linear or softmax model's start (null for a formula)
     * @param formula    a formula model's start (null: a linear or softmax model)
     */
    record Job(String data, String format, String target, List<String> features, String master, Map<String, String> conf,
               Recipe<Loss> loss, Penalty penalty, Optimizer optimizer, Schedule schedule, int epochs, long batchSize,
               long seed, double tolerance, double gradientTolerance, boolean standardize, boolean solve,
               LinearStart linear, FormulaStart formula) {
    }

    /**
     * The most parameters {@code --solver normal} takes on an engine: each task sums a p x p matrix (32 MB at this
     * size) and the driver solves it.
     */
    int MAX_SOLVED_PARAMETERS = 2048;

    /** A linear model's start over the features, with one output per class for softmax (no classes: one output). */
    @FunctionalInterface
    interface LinearStart {
        LinearModel at(List<String> features, List<String> classes);
    }

    /** A formula model's start, made once the engine knows the data's columns (all but the target). */
    @FunctionalInterface
    interface FormulaStart {
        Start at(List<String> dataColumns) throws DescentException;
    }

    /**
     * A model to start from: the model, the columns it reads in order, and how each worker makes it.
     */
    record Start(Model model, List<String> features, Recipe<Model> recipe) {
    }

    /**
     * What training gave.
     *
     * @param model           the fitted model (linear, softmax or formula), on the data's scale
     * @param loss            the training objective (loss plus penalty) at the model
     * @param standardization the scaling training saw (null without --standardize)
     * @param history         every epoch's loss and parameters, on the scale training saw (null for a solve)
     * @param stopReason      why training stopped (null for a solve)
     * @param state           the optimizer's state at the end (null for a solve)
     * @param last            the parameters the state belongs to, on the scale training saw (null for a solve)
     */
    record Trained(Model model, double loss, Standardization standardization, String target, long rows,
                   History history, StopReason stopReason, OptimizerState state, double[] last) {
    }

    /** The engine called {@code name} on the class path, if there is one. */
    static Optional<Engine> named(String name) {
        return ServiceLoader.load(Engine.class).stream().map(ServiceLoader.Provider::get)
                .filter(engine -> engine.name().equals(name)).findFirst();
    }
}
