package dev.descent.data;

import dev.descent.kernel.FusedPass;
import java.util.List;

/**
 * Rows of numeric features with a target, stored densely ({@link DenseRows}: doubles or float32) or
 * as compressed sparse rows ({@link SparseDataset}): what training needs from any of them, the fused
 * linear pass included.
 */
public sealed interface Rows permits DenseRows, SparseDataset {

    int rowCount();

    int featureCount();

    List<String> featureNames();

    String targetName();

    double target(int row);

    /** The backing target array, not a copy: read it, never write it. */
    double[] targetData();

    /** A new data set of the given rows, in that order. */
    Rows rows(int[] indices);

    /** The same features (shared, not copied) with another target. */
    Rows withTarget(double[] newTarget);

    /** A SHA-256 digest of the names and the exact bits of every value, as model files record it. */
    String fingerprint();

    /** The parallel fused pass of a linear model (with or without intercept) over every row, or over a mini-batch. */
    FusedPass linearPass(boolean intercept);
}
