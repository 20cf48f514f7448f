package dev.descent.optim;

/**
 * AdamW: Adam with weight decay decoupled from the gradient, {@code theta -= lr * lambda * theta}
 * before the Adam step, for penalised parameters only (never the bias).
 *
 * <p>I. Loshchilov, F. Hutter, "Decoupled weight decay regularization", ICLR 2019 (Algorithm 2),
 * with the decay scaled by the learning rate as PyTorch does.
 *
 * @param learningRate the step size lr
 * @param beta1        decay of the first moment, in [0, 1)
 * @param beta2        decay of the second moment, in [0, 1)
 * @param epsilon      added to the root so that a zero moment cannot divide by zero
 * @param weightDecay  lambda >= 0
 */
public record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
        implements UpdateRule {

    public AdamW {
        Optimizer.checkRate("the learning rate", learningRate);
        Optimizer.checkDecay("beta1", beta1);
        Optimizer.checkDecay("beta2", beta2);
        Optimizer.checkRate("epsilon", epsilon);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
    }

    /** PyTorch's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8, weight decay 0.01. */
    public static AdamW of(double learningRate) {
        return new AdamW(learningRate, 0.9, 0.999, 1e-8, 0.01);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        double shrink = 1 - state.learningRate() * weightDecay;
        for (int k = 0; k < parameters.length; k++) {
            if (state.penalised(k)) {
                parameters[k] *= shrink;
            }
        }
        Adam.adamStep(parameters, gradient, state, beta1, beta2, epsilon);
    }
}
