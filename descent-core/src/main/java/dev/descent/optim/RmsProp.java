package dev.descent.optim;

/**
 * RMSProp: like AdaGrad, but with a moving average of squared gradients that forgets,
 * {@code E = rho E + (1 - rho) g^2; theta -= lr g / (sqrt(E) + eps)}.
 *
 * <p>T. Tieleman, G. Hinton, "Lecture 6.5 - RMSProp: divide the gradient by a running average of
 * its recent magnitude", COURSERA: Neural Networks for Machine Learning (2012).
 *
 * @param learningRate the step size lr
 * @param rho          the average's decay in [0, 1)
 * @param epsilon      added to the root so that a zero average cannot divide by zero
 */
public record RmsProp(double learningRate, double rho, double epsilon) implements UpdateRule {

    public RmsProp {
        Optimizer.checkRate("the learning rate", learningRate);
        Optimizer.checkDecay("rho", rho);
        Optimizer.checkRate("epsilon", epsilon);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        double[] average = state.slot("squared_gradient_average");
        double lr = state.learningRate();
        for (int k = 0; k < parameters.length; k++) {
            average[k] = rho * average[k] + (1 - rho) * gradient[k] * gradient[k];
            parameters[k] -= lr * gradient[k] / (Math.sqrt(average[k]) + epsilon);
        }
        state.advance();
    }
}
