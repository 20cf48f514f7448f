package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.data.Rows;
import dev.descent.expr.Program;
import dev.descent.kernel.CompensatedSum;
import dev.descent.kernel.FormulaPass;
import dev.descent.kernel.FusedPass;
import dev.descent.kernel.LinearKernel;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.ScalarLoss;
import dev.descent.model.FormulaModel;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import java.util.Arrays;

/**
 * A loss over a data set, as a function of a model's parameters: its value and its gradient.
 *
 * <p>The gradient is the chain rule, row by row: the loss gives {@code dL/dy_pred} for each of the
 * model's outputs, the model multiplies them by {@code dy_pred/dtheta}, and the reduction averages
 * (MEAN) or sums (SUM). For a single-output {@link LinearModel} with a {@link ScalarLoss} the same
 * computation runs fused in {@link LinearKernel}, or its float32 or sparse counterpart on such rows,
 * which take no other model; for a {@link FormulaModel} with a {@link ScalarLoss} it runs on the
 * compiled formula in a {@link FormulaPass}.
 */
public final class Objective {
    private final Loss loss;
    private final Rows data;
    private final Penalty penalty;
    private int threads = Integer.MAX_VALUE;
    private FusedPass pass;
    private boolean passIntercept;
    private FormulaPass formulaPass;
    private Program passProgram;

    public Objective(Loss loss, Rows data) {
        this(loss, data, Penalty.NONE);
    }

    /** The reduced loss plus {@code penalty} on the model's penalised parameters. */
    public Objective(Loss loss, Rows data, Penalty penalty) {
        this.loss = loss;
        this.data = data;
        this.penalty = penalty;
    }

    /**
     * Runs its passes on this thread alone: for a loss taken while the calling thread trains, so that the two never
     * wait for the same workers; and for a Spark task, which has one core of the executor's to itself.
     */
    public Objective onThisThread() {
        threads = 1;
        return this;
    }

    public Penalty penalty() {
        return penalty;
    }

    public Loss loss() {
        return loss;
    }

    public Rows data() {
        return data;
    }

    /** The reduced loss of {@code model} on the data. */
    public double value(Model model) {
        return value(model, model.parameters());
    }

    /** The reduced loss (plus penalty) of {@code model}'s form at {@code parameters}. */
    public double value(Model model, double[] parameters) {
        checkModel(model);
        double factor = loss.reduction().factor(data.rowCount());
        double penaltyValue = penalty.isNone() ? 0 : penalty.value(parameters, model::penalised);
        if (fused(model)) {
            return factor * pass(model).loss(parameters, (ScalarLoss) loss) + penaltyValue;
        }
        Model at = model.withParameters(parameters);
        double[] x = ((Dataset) data).featureData(); // checkModel lets only dense data come here
        int d = data.featureCount();
        double[] outputs = new double[model.outputCount()];
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < data.rowCount(); i++) {
            at.predict(x, i * d, outputs);
            sum.add(loss.value(outputs, data.target(i)));
        }
        return factor * sum.value() + penaltyValue;
    }

    /**
     * Writes the gradient of the reduced loss at {@code parameters} into {@code gradient} and
     * returns the reduced loss there.
     */
    public double valueAndGradient(Model model, double[] parameters, double[] gradient) {
        return valueAndGradient(model, parameters, gradient, null, 0, data.rowCount());
    }

    /**
     * As {@link #valueAndGradient(Model, double[], double[])} over the mini-batch of rows
     * {@code order[from..to)} (rows {@code from..to} when {@code order} is null): a MEAN loss is
     * averaged over the batch. The L2 penalty's gradient is included; the L1 part is left to the
     * trainer's proximal step.
     */
    public double valueAndGradient(Model model, double[] parameters, double[] gradient, int[] order, int from, int to) {
        checkModel(model);
        double factor = loss.reduction().factor(to - from);
        double sum;
        if (fused(model)) {
            sum = order == null && from == 0 && to == data.rowCount()
                    ? pass(model).lossAndGradient(parameters, (ScalarLoss) loss, gradient)
                    : pass(model).lossAndGradient(order, from, to, parameters, (ScalarLoss) loss, gradient);
        } else {
            sum = chainRule(model.withParameters(parameters), gradient, order, from, to);
        }
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] *= factor;
        }
        if (penalty.isNone()) {
            return factor * sum;
        }
        penalty.addSmoothGradient(parameters, model::penalised, gradient);
        return factor * sum + penalty.value(parameters, model::penalised);
    }

    /** The gradient sum for any model: {@code sum_i sum_c dL/dy_pred_c(i) * dy_pred_c(i)/dtheta}. */
    private double chainRule(Model model, double[] gradient, int[] order, int from, int to) {
        Arrays.fill(gradient, 0);
        double[] x = ((Dataset) data).featureData(); // checkModel lets only dense data come here
        int d = data.featureCount();
        double[] outputs = new double[model.outputCount()];
        double[] derivatives = new double[outputs.length];
        CompensatedSum sum = new CompensatedSum();
        for (int r = from; r < to; r++) {
            int i = order == null ? r : order[r];
            model.predict(x, i * d, outputs);
            sum.add(loss.valueAndDerivatives(outputs, data.target(i), derivatives));
            model.addGradient(x, i * d, derivatives, gradient);
        }
        return sum.value();
    }

    /**
     * The parallel pass over the rows (all, or a mini-batch's), made once per form of the model (a linear model with
     * or without intercept, a formula's compiled program).
     */
    private FusedPass pass(Model model) {
        if (model instanceof FormulaModel formula) {
            if (formulaPass == null || passProgram != formula.program()) {
                Dataset dense = (Dataset) data; // checkModel lets only dense data come here
                formulaPass = FormulaPass.over(formula.program(), dense.featureData(), dense.targetData(),
                        dense.featureCount()).threads(threads);
                passProgram = formula.program();
            }
            return formulaPass;
        }
        boolean intercept = ((LinearModel) model).hasIntercept();
        if (pass == null || passIntercept != intercept) {
            pass = data.linearPass(intercept).threads(threads);
            passIntercept = intercept;
        }
        return pass;
    }

    /** Whether a parallel pass computes this model's loss: the fused linear kernel, or a compiled formula's. */
    boolean fused(Model model) {
        return (model instanceof LinearModel && model.outputCount() == 1 || model instanceof FormulaModel && data instanceof Dataset)
                && loss instanceof ScalarLoss;
    }

    private void checkModel(Model model) {
        if (model.featureCount() != data.featureCount()) {
            throw new IllegalArgumentException("the model takes " + model.featureCount() + " features, the data has "
                    + data.featureCount());
        }
        if (model instanceof FormulaModel formula && !formula.columns().equals(data.featureNames())) {
            throw new IllegalArgumentException("the formula reads the columns " + formula.columns() + " in that order;"
                    + " the data has " + data.featureNames() + " (select them with Dataset.select)");
        }
        if (!(data instanceof Dataset) && !(model instanceof LinearModel && fused(model))) {
            throw new IllegalArgumentException("sparse or float32 rows train only a linear model with one output (the fused"
                    + " pass); the " + loss.name() + " loss on this model needs dense rows of doubles");
        }
        if (loss instanceof ScalarLoss ? model.outputCount() != 1 : model.outputCount() < 2) {
            throw new IllegalArgumentException("the " + loss.name() + " loss " + (loss instanceof ScalarLoss
                    ? "scores one output" : "needs one output per class") + "; the model has " + model.outputCount());
        }
    }
}
