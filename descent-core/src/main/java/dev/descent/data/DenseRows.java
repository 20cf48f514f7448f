package dev.descent.data;

import dev.descent.kernel.FusedPass;
import dev.descent.kernel.LinearPass;
import dev.descent.kernel.RowLoops;

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

    /** The dense kernel's loops over the features, made once with the data set, for every pass over it. */
    RowLoops loops();

    @Override
    default FusedPass linearPass(boolean intercept) {
        return new LinearPass(loops(), targetData(), intercept);
    }

    @Override
    DenseRows rows(int[] indices);

    @Override
    DenseRows withTarget(double[] newTarget);
}
