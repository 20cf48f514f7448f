package dev.descent.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code y_pred = w . x + b}: one weight per feature and a bias (the lesson's {@code a} is the
 * weight, {@code b} the bias), or no bias at all when fitted without an intercept.
 *
 * <p>Parameters are ordered weights first, then the bias; the bias is named {@value #BIAS}.
 */
public final class LinearModel implements Model {
    /** The name of the bias parameter. */
    public static final String BIAS = "bias";

    private final List<String> featureNames;
    private final double[] weights;
    private final double bias;
    private final boolean intercept;

    private LinearModel(List<String> featureNames, double[] weights, double bias, boolean intercept) {
        if (featureNames.size() != weights.length) {
            throw new IllegalArgumentException(featureNames.size() + " feature names but " + weights.length + " weights");
        }
        if (!intercept && bias != 0) {
            throw new IllegalArgumentException("a model without intercept has no bias, got " + bias);
        }
        this.featureNames = List.copyOf(featureNames);
        this.weights = weights.clone();
        this.bias = bias;
        this.intercept = intercept;
    }

    /** A model with an intercept. */
    public static LinearModel of(List<String> featureNames, double[] weights, double bias) {
        return new LinearModel(featureNames, weights, bias, true);
    }

    /** A model without an intercept: the prediction is {@code w . x}, a line through the origin. */
    public static LinearModel withoutIntercept(List<String> featureNames, double[] weights) {
        return new LinearModel(featureNames, weights, 0, false);
    }

    /** All weights and the bias zero. */
    public static LinearModel zeros(List<String> featureNames, boolean intercept) {
        return new LinearModel(featureNames, new double[featureNames.size()], 0, intercept);
    }

    /** A copy of the weights, in feature order. */
    public double[] weights() {
        return weights.clone();
    }

    public double weight(int feature) {
        return weights[feature];
    }

    /** The bias, or 0 for a model without intercept. */
    public double bias() {
        return bias;
    }

    public boolean hasIntercept() {
        return intercept;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public int featureCount() {
        return weights.length;
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(featureNames);
        if (intercept) {
            names.add(BIAS);
        }
        return names;
    }

    @Override
    public boolean penalised(int k) {
        return k < weights.length;
    }

    @Override
    public double[] parameters() {
        double[] parameters = Arrays.copyOf(weights, weights.length + (intercept ? 1 : 0));
        if (intercept) {
            parameters[weights.length] = bias;
        }
        return parameters;
    }

    @Override
    public LinearModel withParameters(double[] parameters) {
        int expected = weights.length + (intercept ? 1 : 0);
        if (parameters.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameters, got " + parameters.length);
        }
        return new LinearModel(featureNames, Arrays.copyOf(parameters, weights.length),
                intercept ? parameters[weights.length] : 0, intercept);
    }

    @Override
    public double predict(double[] features, int offset) {
        double sum = bias;
        for (int j = 0; j < weights.length; j++) {
            sum += weights[j] * features[offset + j];
        }
        return sum;
    }

    @Override
    public void addGradient(double[] features, int offset, double dLossDPrediction, double[] gradient) {
        for (int j = 0; j < weights.length; j++) {
            gradient[j] += dLossDPrediction * features[offset + j]; // dy_pred/dw_j = x_j
        }
        if (intercept) {
            gradient[weights.length] += dLossDPrediction; // dy_pred/db = 1
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("y = ");
        for (int j = 0; j < weights.length; j++) {
            s.append(j == 0 ? "" : " + ").append(weights[j]).append('*').append(featureNames.get(j));
        }
        if (intercept) {
            s.append(" + ").append(bias);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearModel m && intercept == m.intercept && Double.compare(bias, m.bias) == 0
                && Arrays.equals(weights, m.weights) && featureNames.equals(m.featureNames);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Double.hashCode(bias);
    }
}
