package dev.descent.optim;

/**
 * Gradient descent with momentum (the heavy ball): {@code v = mu v + g; theta -= lr v}, in
 * PyTorch's form (the velocity accumulates gradients, the learning rate scales the step).
 *
 * <p>B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
 * USSR Computational Mathematics and Mathematical Physics 4(5) (1964), 1-17.
 *
 * @param learningRate the step size lr
 * @param momentum     mu in [0, 1): how much of the last velocity carries over
 */
public record Momentum(double learningRate, double momentum) implements UpdateRule {

    public Momentum {
        Optimizer.checkRate("the learning rate", learningRate);
        Optimizer.checkDecay("momentum", momentum);
    }

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        double[] velocity = state.slot("velocity");
        double lr = state.learningRate();
        for (int k = 0; k < parameters.length; k++) {
            velocity[k] = momentum * velocity[k] + gradient[k];
            parameters[k] -= lr * velocity[k];
        }
        state.advance();
    }
}
