package dev.descent.model;

import java.util.List;

/**
 * A fitted, immutable function from a row of features to a prediction, with named parameters.
 *
 * <p>Training needs one more thing from a model: the chain rule's second factor. Given
 * {@code dL/dy_pred} for one row, {@link #addGradient} adds {@code dL/dy_pred * dy_pred/dtheta}
 * into a gradient for every parameter theta. Nothing here assumes the model is linear.
 */
public interface Model {

    /** The number of features a row must have. */
    int featureCount();

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

    /** The prediction for the row {@code features[offset .. offset + featureCount())}. */
    double predict(double[] features, int offset);

    /** The prediction for one row of features. */
    default double predict(double... features) {
        if (features.length != featureCount()) {
            throw new IllegalArgumentException("expected " + featureCount() + " features, got " + features.length);
        }
        return predict(features, 0);
    }

    /**
     * Adds {@code dLossDPrediction * dy_pred/dtheta} to {@code gradient[k]} for every parameter k, for
     * the row {@code features[offset .. offset + featureCount())}.
     */
    void addGradient(double[] features, int offset, double dLossDPrediction, double[] gradient);
}
