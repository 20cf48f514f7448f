package dev.descent.model;

import java.util.List;

/**
 * A fitted, immutable function from a row of features to one or more outputs (one per class for a
 * multi-class model), with named parameters.
 *
 * <p>Training needs one more thing from a model: the chain rule's second factor. Given
 * {@code dL/dy_pred} for each output of one row, {@link #addGradient} adds
 * {@code sum_c dL/dy_pred_c * dy_pred_c/dtheta} into a gradient for every parameter theta.
 * Nothing here assumes the model is linear.
 */
public interface Model {

    /** The number of features a row must have. */
    int featureCount();

    /** The number of outputs per row: 1, or one score per class. */
    default int outputCount() {
        return 1;
    }

    /** One name per parameter, in the order of {@link #parameters()}. */
    List<String> parameterNames();

    /**
     * Whether parameter {@code k} is regularised by penalties and weight decay. A bias is not:
     * shrinking it towards zero would only move the fit away from the data's mean.
     */
    default boolean penalised(int k) {
        return true;
    }

    /** A copy of the parameter values. */
    double[] parameters();

    /** The same model with other parameter values (same count and order as {@link #parameters()}). */
    Model withParameters(double[] parameters);

    /**
     * Writes the outputs for the row {@code features[offset .. offset + featureCount())} into
     * {@code outputs[0 .. outputCount())}.
     */
    void predict(double[] features, int offset, double[] outputs);

    /**
     * Adds {@code sum_c dLossDOutputs[c] * dy_pred_c/dtheta} to {@code gradient[k]} for every
     * parameter k, for the row {@code features[offset .. offset + featureCount())}.
     */
    void addGradient(double[] features, int offset, double[] dLossDOutputs, double[] gradient);

    /** The output of a single-output model for one row of features. */
    default double predict(double... features) {
        if (features.length != featureCount()) {
            throw new IllegalArgumentException("expected " + featureCount() + " features, got " + features.length);
        }
        if (outputCount() != 1) {
            throw new IllegalStateException("the model has " + outputCount() + " outputs; use predict(features, 0, outputs)");
        }
        double[] output = new double[1];
        predict(features, 0, output);
        return output[0];
    }
}
