package dev.descent.data;

import dev.descent.kernel.FusedPass;
import dev.descent.kernel.LinearKernel;
import dev.descent.kernel.LinearPass;
import dev.descent.kernel.RowLoops;
import dev.descent.loss.ScalarLoss;

/**
 * Rows stored densely, n x d: as doubles ({@link Dataset}) or as float32 ({@link FloatDataset}).
 * Either reads each value as a double; they differ in the memory they take and in what was
 * rounded away when the values were stored.
 */
public sealed interface DenseRows extends Rows permits Dataset, FloatDataset {

    /** Feature {@code column} of row {@code row}, as a double (widened, exactly, when stored as a float). */
    double feature(int row, int column);

    /** These rows as doubles: this data set itself, or a copy of the float32 features widened (twice their memory). */
    Dataset widened();

    /**
     * The dense kernel's loops over the features, made once with the data set: the full pass and the
     * mini-batches' many short passes both run them.
     */
    RowLoops loops();

    @Override
    default FusedPass linearPass(boolean intercept) {
        return new LinearPass(loops(), targetData(), intercept);
    }

    @Override
    default double lossAndGradient(int[] order, int from, int to, double[] parameters, boolean intercept,
                                   ScalarLoss loss, double[] gradient) {
        return LinearKernel.lossAndGradient(loops(), targetData(), order, from, to, parameters, intercept, loss, gradient);
    }

    @Override
    DenseRows rows(int[] indices);

    @Override
    DenseRows withTarget(double[] newTarget);
}
