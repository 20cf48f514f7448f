package dev.descent.optim;

/**
 * Nesterov's accelerated gradient, in the form of Sutskever et al. as PyTorch implements it:
 * {@code v = mu v + g; theta -= lr (g + mu v)}: the step looks ahead along the new velocity.
 *
 * <p>Y. Nesterov, "A method for solving the convex programming problem with convergence rate
 * O(1/k^2)", Soviet Mathematics Doklady 27 (1983), 372-376; I. Sutskever, J. Martens, G. Dahl,
 * G. Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013.
 *
 * @param learningRate the step size lr
 * @param momentum     mu in [0, 1)
 */
public record Nesterov(double learningRate, double momentum) implements UpdateRule {

    public Nesterov {
        Optimizer.checkRate("the learning rate", learningRate);
        Optimizer.checkDecay("momentum", momentum);
    }

    @Override
    public String name() {
        return "nesterov";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        double[] velocity = state.slot("velocity");
        double lr = state.learningRate();
        for (int k = 0; k < parameters.length; k++) {
            velocity[k] = momentum * velocity[k] + gradient[k];
            parameters[k] -= lr * (gradient[k] + momentum * velocity[k]);
        }
        state.advance();
    }
}
