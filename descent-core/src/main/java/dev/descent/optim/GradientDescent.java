package dev.descent.optim;

/**
 * Plain gradient descent: {@code theta -= lr * g}.
 *
 * <p>A. Cauchy, "Méthode générale pour la résolution des systèmes d'équations simultanées",
 * Comptes rendus de l'Académie des sciences 25 (1847), 536-538.
 */
public record GradientDescent(double learningRate) implements UpdateRule {

    public GradientDescent {
        Optimizer.checkRate("the learning rate", learningRate);
    }

    @Override
    public String name() {
        return "gd";
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        double lr = state.learningRate();
        for (int k = 0; k < parameters.length; k++) {
            parameters[k] -= lr * gradient[k];
        }
        state.advance();
    }
}
