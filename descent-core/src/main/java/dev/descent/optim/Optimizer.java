package dev.descent.optim;

/**
 * An immutable optimizer configuration that turns gradients into parameter steps.
 *
 * <p>A run calls {@link #start} once for fresh state, then {@link #step} once per update. The
 * step <em>subtracts</em>: given the true gradient it moves the parameters downhill.
 */
public interface Optimizer {

    /** Fresh state for a run over {@code parameterCount} parameters. */
    OptimizerState start(int parameterCount);

    /** Moves {@code parameters} in place one step against {@code gradient}. */
    void step(double[] parameters, double[] gradient, OptimizerState state);
}
