package dev.descent.cli;

import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.SquaredError;
import dev.descent.solve.NormalEquations;

/**
 * What {@code --solver auto} picks: the fastest route to the optimum that the problem allows.
 *
 * <ul>
 *   <li>Squared loss with at most an L2 penalty and few parameters: the normal equations. Their pass
 *       costs about p/4 gradient epochs, cheaper than the tens of epochs any iteration needs while p is
 *       small; beyond {@link #MAX_NORMAL_PARAMETERS} the p x p sums no longer stay in cache and L-BFGS wins
 *       (BENCHMARKS.md has the figures).</li>
 *   <li>Any other smooth loss (or squared loss with more parameters), with no L1 penalty: L-BFGS, on
 *       standardised features when there is no penalty (the optimum does not move).</li>
 *   <li>Otherwise (absolute, quantile or hinge loss, or an L1 penalty): training with {@code --optimizer}.</li>
 * </ul>
 * Asking for training itself (an optimizer, batches, a warm start, a history) rules out solving; so do
 * sparse rows, which are never standardised either.
 */
final class AutoSolver {
    /** The most parameters, bias included, for which the normal equations beat L-BFGS. */
    static final int MAX_NORMAL_PARAMETERS = NormalEquations.FEW_PARAMETERS;

    private AutoSolver() {
    }

    /**
     * @param route     normal, or gd (training)
     * @param optimizer the optimizer that training should use, or null to keep {@code --optimizer}
     * @param standardize whether to train on standardised features
     * @param reason    why, in a few words
     */
    record Choice(FitCommand.Solver route, TrainingOptions.OptimizerName optimizer, boolean standardize, String reason) {
    }

    /** @param dense whether the data are dense rows, which the solvers and standardisation need */
    static Choice choose(Loss loss, Penalty penalty, int parameters, boolean trainingAskedFor, boolean dense) {
        boolean smooth = !Double.isNaN(loss.curvatureBound());
        if (penalty.l1() > 0 || !smooth) {
            return new Choice(FitCommand.Solver.gd, null, false, (penalty.l1() > 0 ? "an L1 penalty" : "the " + loss.name()
                    + " loss") + " is not smooth, so it trains with --optimizer");
        }
        if (trainingAskedFor) {
            return new Choice(FitCommand.Solver.gd, null, false, "training options were given, so it trains with --optimizer");
        }
        if (loss instanceof SquaredError && parameters <= MAX_NORMAL_PARAMETERS && dense) {
            return new Choice(FitCommand.Solver.normal, null, false, "squared loss with " + parameters + " parameters (at most "
                    + MAX_NORMAL_PARAMETERS + ")");
        }
        // Features of very different scales slow L-BFGS by orders of magnitude; without a penalty, standardising
        // them leaves the optimum where it is, so it costs nothing but a copy of the data.
        boolean standardize = penalty.isNone() && dense;
        return new Choice(FitCommand.Solver.gd, TrainingOptions.OptimizerName.lbfgs, standardize, "the " + loss.name()
                + " loss is smooth" + (loss instanceof SquaredError ? " and has " + parameters + " parameters (more than "
                + MAX_NORMAL_PARAMETERS + ")" : "") + ", so L-BFGS" + (standardize ? " on standardised features" : ""));
    }
}
