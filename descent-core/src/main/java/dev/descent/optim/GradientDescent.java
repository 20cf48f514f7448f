package dev.descent.optim;

/**
 * Plain gradient descent: {@code theta -= learningRate * gradient}.
 *
 * <p>A. Cauchy, "Méthode générale pour la résolution des systèmes d'équations simultanées",
 * Comptes rendus de l'Académie des sciences 25 (1847), 536-538.
 */
public record GradientDescent(double learningRate) implements Optimizer {

    public GradientDescent {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a finite number > 0, got " + learningRate);
        }
    }

    @Override
    public OptimizerState start(int parameterCount) {
        return new OptimizerState();
    }

    @Override
    public void step(double[] parameters, double[] gradient, OptimizerState state) {
        for (int k = 0; k < parameters.length; k++) {
            parameters[k] -= learningRate * gradient[k];
        }
        state.advance();
    }
}
