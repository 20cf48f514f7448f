package dev.descent.optim;

/**
 * AdaGrad: each parameter's step shrinks with the sum of its squared gradients,
 * {@code G += g^2; theta -= lr g / (sqrt(G) + eps)}.
 *
 * <p>J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online learning and
 * stochastic optimization", Journal of Machine Learning Research 12 (2011), 2121-2159.
 *
 * @param learningRate the step size lr
 * @param epsilon      added to the root so that a zero history cannot divide by zero
 */
public record AdaGrad(double learningRate, double epsilon) implements UpdateRule {

    public AdaGrad {
        Optimizer.checkRate("the learning rate", learningRate);
        Optimizer.checkRate("epsilon", epsilon);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        double[] sum = state.slot("squared_gradient_sum");
        double lr = state.learningRate();
        for (int k = 0; k < parameters.length; k++) {
            sum[k] += gradient[k] * gradient[k];
            parameters[k] -= lr * gradient[k] / (Math.sqrt(sum[k]) + epsilon);
        }
        state.advance();
    }
}
