package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.loss.SquaredError;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.solve.Curvature;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated training configuration: which loss, which optimizer, how many epochs.
 *
 * <p>{@link #fit} runs full-batch training (one update per epoch, as in the lesson) and returns a
 * new model; it never changes the data or the starting model it was given.
 *
 * @param loss      what to minimise
 * @param optimizer how a gradient becomes a step
 * @param epochs    how many updates to take (0 evaluates the starting model)
 */
public record Trainer(Loss loss, Optimizer optimizer, int epochs) {

    public Trainer {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
    }

    /** Trains from {@code initial}. */
    public Fit fit(Dataset data, Model initial) throws DivergenceException {
        return fit(data, initial, event -> { });
    }

    /** Trains from {@code initial}, telling {@code listener} about every epoch as it ends. */
    public Fit fit(Dataset data, Model initial, TrainingListener listener) throws DivergenceException {
        Objective objective = new Objective(loss, data);
        double[] theta = initial.parameters();
        double[] gradient = new double[theta.length];
        int p = theta.length;
        double[] losses = new double[epochs];
        double[] path = new double[epochs * p];

        double initialLoss = objective.valueAndGradient(initial, theta, gradient);
        checkFinite(initialLoss, 0, data, initial);
        OptimizerState state = optimizer.start(p);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            optimizer.step(theta, gradient, state);
            double value = objective.valueAndGradient(initial, theta, gradient);
            checkFinite(value, epoch, data, initial);
            losses[epoch - 1] = value;
            System.arraycopy(theta, 0, path, (epoch - 1) * p, p);
            listener.onEpoch(new EpochEvent(epoch, value, theta.clone(), gradient.clone()));
        }
        History history = new History(initial.parameterNames(), initialLoss, losses, path);
        return new Fit(initial.withParameters(theta), history, this);
    }

    private void checkFinite(double value, int epoch, Dataset data, Model model) throws DivergenceException {
        if (Double.isFinite(value)) {
            return;
        }
        if (epoch == 0) {
            throw new DivergenceException("the loss at the starting parameters is " + value
                    + ": the starting parameters or the data overflow double precision", epoch);
        }
        throw new DivergenceException("the loss became " + value + " at epoch " + epoch + stableRateAdvice(data, model),
                epoch);
    }

    /** For gradient descent on squared loss, the bound the learning rate must stay under: 2/L. */
    private String stableRateAdvice(Dataset data, Model model) {
        if (!(optimizer instanceof GradientDescent gd && loss instanceof SquaredError && model instanceof LinearModel linear)) {
            return "";
        }
        double curvature = Curvature.largestSquaredLossCurvature(data, linear.hasIntercept(), loss.reduction());
        return String.format(Locale.ROOT, ": learning rate %s is too large; gradient descent on this loss is stable only below 2/L = %.3g"
                + " (L = %.3g, the largest curvature)", gd.learningRate(), 2 / curvature, curvature);
    }
}
