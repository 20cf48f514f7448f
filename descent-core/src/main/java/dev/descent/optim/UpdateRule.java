package dev.descent.optim;

/**
 * An optimizer that turns each gradient into a step by itself. The step <em>subtracts</em>: given
 * the true gradient it moves the parameters downhill, at the state's learning rate.
 */
public non-sealed interface UpdateRule extends Optimizer {

    /** Moves {@code parameters} in place one step against {@code gradient}, and advances the state. */
    void step(double[] parameters, double[] gradient, OptimizerState state);
}
