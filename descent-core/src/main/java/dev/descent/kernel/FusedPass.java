package dev.descent.kernel;

import dev.descent.loss.ScalarLoss;

/**
 * The fused loss-and-gradient pass of a linear model over every row of a data set, dense
 * ({@link LinearPass}) or sparse ({@link SparsePass}). Parameters are d weights, then the bias
 * when there is an intercept; results are sums over the rows, the caller applies the reduction.
 */
public interface FusedPass {

    /** Writes the gradient sum into {@code gradient} (overwriting it) and returns the loss sum. */
    double lossAndGradient(double[] parameters, ScalarLoss loss, double[] gradient);

    /** The loss sum alone. */
    double loss(double[] parameters, ScalarLoss loss);
}
