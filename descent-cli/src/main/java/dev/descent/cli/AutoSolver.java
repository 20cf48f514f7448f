package dev.descent.cli;

import dev.descent.io.SavedModel;
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
 * Asking for training itself (an optimizer, batches, a history, a start) rules out solving; so do
 * sparse rows, which are never standardised either. A warm start ({@code --init-model}) goes on with
 * the optimizer and scaling its model was trained with, so that the optimizer's state carries over.
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

    /**
     * @param dense whether the data are dense rows, which the solvers and standardisation need
     * @param warm  the model a warm start continues, or null
     */
    static Choice choose(Loss loss, Penalty penalty, int parameters, boolean trainingAskedFor, boolean dense,
                         SavedModel warm) {
        boolean smooth = !Double.isNaN(loss.curvatureBound());
        if (penalty.l1() > 0 || !smooth) {
            return new Choice(FitCommand.Solver.gd, null, false, (penalty.l1() > 0 ? "an L1 penalty" : "the " + loss.name()
                    + " loss") + " is not smooth, so it trains with --optimizer");
        }
        if (trainingAskedFor) {
            return new Choice(FitCommand.Solver.gd, null, false, "training options were given, so it trains with --optimizer");
        }
        if (warm != null) { // go on as the saved model was trained, so that its optimizer's state carries over
            TrainingOptions.OptimizerName optimizer = warm.optimizer() == null ? TrainingOptions.OptimizerName.lbfgs
                    : TrainingOptions.OptimizerName.valueOf(warm.optimizer());
            return new Choice(FitCommand.Solver.gd, optimizer, warm.standardization() != null, "a warm start goes on"
                    + " with " + optimizer + (warm.standardization() != null ? " on standardised features" : "")
                    + (warm.optimizer() == null ? " (its model was solved, not trained)" : ", as its model was trained"));
        }
        if (loss instanceof SquaredError && parameters <= MAX_NORMAL_PARAMETERS && dense) {
            return new Choice(FitCommand.Solver.normal, null, false, "squared loss with " + parameters + " parameters (at most "
                    + MAX_NORMAL_PARAMETERS + ")");
        }
        // Features of very different scales slow L-BFGS by orders of magnitude; without a penalty, standardising
        // them leaves the optimum where it is, so it costs nothing but a copy of the data.
        boolean standardize = penalty.isNone() && dense;
        String why = !(loss instanceof SquaredError) ? ""
                : dense ? " and has " + parameters + " parameters (more than " + MAX_NORMAL_PARAMETERS + ")"
                : ", and sparse rows are trained, not solved";
        return new Choice(FitCommand.Solver.gd, TrainingOptions.OptimizerName.lbfgs, standardize, "the " + loss.name()
                + " loss is smooth" + why + ", so L-BFGS" + (standardize ? " on standardised features" : ""));
    }
}
