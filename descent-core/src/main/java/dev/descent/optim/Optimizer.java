package dev.descent.optim;

import dev.descent.model.Model;

/**
 * An immutable optimizer configuration. It makes fresh state for each run ({@link #start}); the
 * state's learning rate starts at {@link #learningRate()} and a schedule may change it.
 *
 * <p>Most optimizers are {@link UpdateRule}s: each gradient becomes a step by itself. {@link Lbfgs}
 * also searches along its direction, so the trainer drives it with the objective at hand.
 */
public sealed interface Optimizer permits UpdateRule, Lbfgs {

    /** The base learning rate (for L-BFGS, the first trial step length). */
    double learningRate();

    /** The name used on the command line and in model files, such as {@code adam}. */
    String name();

    /** Fresh state for a run over {@code parameterCount} parameters. */
    default OptimizerState start(int parameterCount) {
        return new OptimizerState(parameterCount, learningRate());
    }

    /** Fresh state for a run over {@code model}'s parameters, knowing which take penalties and weight decay. */
    default OptimizerState start(Model model) {
        OptimizerState state = start(model.parameterNames().size());
        state.setPenalised(OptimizerState.penalised(model));
        return state;
    }

    /** Rejects a learning rate that is not a finite number > 0. */
    static void checkRate(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, got " + value);
        }
    }

    /** Rejects a value outside [0, 1). */
    static void checkDecay(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
        }
    }
}
