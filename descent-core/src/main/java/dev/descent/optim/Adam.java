package dev.descent.optim;

/**
 * Adam: moving averages of the gradient (m) and its square (v), corrected for their start at
 * zero, {@code theta -= lr m_hat / (sqrt(v_hat) + eps)}.
 *
 * <p>D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization", ICLR 2015 (Algorithm 1).
 *
 * @param learningRate the step size lr (alpha in the paper)
 * @param beta1        decay of the first moment, in [0, 1)
 * @param beta2        decay of the second moment, in [0, 1)
 * @param epsilon      added to the root so that a zero moment cannot divide by zero
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {

    public Adam {
        Optimizer.checkRate("the learning rate", learningRate);
        Optimizer.checkDecay("beta1", beta1);
        Optimizer.checkDecay("beta2", beta2);
        Optimizer.checkRate("epsilon", epsilon);
    }

    /** The paper's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public static Adam of(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        adamStep(parameters, gradient, state, beta1, beta2, epsilon);
    }

    /** The Adam update at the state's learning rate; AdamW applies it after its decay. */
    static void adamStep(double[] parameters, double[] gradient, OptimizerState state, double beta1, double beta2,
                         double epsilon) {
        double[] m = state.slot("first_moment");
        double[] v = state.slot("second_moment");
        state.advance();
        long t = state.steps();
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        double lr = state.learningRate();
        for (int k = 0; k < parameters.length; k++) {
            m[k] = beta1 * m[k] + (1 - beta1) * gradient[k];
            v[k] = beta2 * v[k] + (1 - beta2) * gradient[k] * gradient[k];
            parameters[k] -= lr * (m[k] / correction1) / (Math.sqrt(v[k] / correction2) + epsilon);
        }
    }
}
