package dev.descent.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code y_pred = w . x + b}: one weight per feature and a bias (the lesson's {@code a} is the
 * weight, {@code b} the bias), or no bias at all when fitted without an intercept.
 *
 * <p>A multi-output model (multinomial logistic regression) has one such score per output,
 * {@code z_c = w_c . x + b_c}, named after its outputs (the classes).
 *
 * <p>Parameters are ordered weights first, output by output (row-major k x d), then the biases;
 * a single output's bias is named {@value #BIAS}, output c's weight for feature f {@code c:f} and
 * its bias {@code c:bias}.
 */
public final class LinearModel implements Model {
    /** The name of the bias parameter. */
    public static final String BIAS = "bias";

    private final List<String> featureNames;
    private final List<String> outputNames;
    private final double[] weights;
    private final double[] biases;
    private final boolean intercept;

    private LinearModel(List<String> featureNames, List<String> outputNames, double[] weights, double[] biases,
                        boolean intercept) {
        int k = Math.max(1, outputNames.size());
        if (outputNames.size() == 1) {
            throw new IllegalArgumentException("name the outputs of a model with several; a single output has no name");
        }
        if ((long) featureNames.size() * k != weights.length) {
            throw new IllegalArgumentException(featureNames.size() + " feature names and " + k + " outputs but "
                    + weights.length + " weights");
        }
        if (biases.length != k) {
            throw new IllegalArgumentException(k + " outputs but " + biases.length + " biases");
        }
        for (double b : biases) {
            if (!intercept && b != 0) {
                throw new IllegalArgumentException("a model without intercept has no bias, got " + b);
            }
        }
        this.featureNames = List.copyOf(featureNames);
        this.outputNames = List.copyOf(outputNames);
        this.weights = weights.clone();
        this.biases = biases.clone();
        this.intercept = intercept;
    }

    /** A model with an intercept. */
    public static LinearModel of(List<String> featureNames, double[] weights, double bias) {
        return new LinearModel(featureNames, List.of(), weights, new double[] {bias}, true);
    }

    /** A model without intercept: the prediction is {@code w . x}, a line through the origin. */
    public static LinearModel withoutIntercept(List<String> featureNames, double[] weights) {
        return new LinearModel(featureNames, List.of(), weights, new double[1], false);
    }

    /** All weights and the bias zero. */
    public static LinearModel zeros(List<String> featureNames, boolean intercept) {
        return new LinearModel(featureNames, List.of(), new double[featureNames.size()], new double[1], intercept);
    }

    /**
     * A model with one score per output.
     *
     * @param outputNames at least two names (the classes)
     * @param weights     row-major k x d: output c's weights are {@code weights[c*d .. c*d + d)}
     * @param biases      one per output (all 0 without intercept)
     */
    public static LinearModel ofOutputs(List<String> featureNames, List<String> outputNames, double[] weights,
                                        double[] biases, boolean intercept) {
        if (outputNames.size() < 2) {
            throw new IllegalArgumentException("a multi-output model needs at least 2 outputs, got " + outputNames);
        }
        return new LinearModel(featureNames, outputNames, weights, biases, intercept);
    }

    /** A model with one score per output, all weights and biases zero. */
    public static LinearModel zeros(List<String> featureNames, List<String> outputNames, boolean intercept) {
        return ofOutputs(featureNames, outputNames, new double[featureNames.size() * outputNames.size()],
                new double[outputNames.size()], intercept);
    }

    /** A copy of the weights: in feature order, output after output for a multi-output model. */
    public double[] weights() {
        return weights.clone();
    }

    /** The weight of {@code feature} (for a multi-output model, index {@code c*d + j} of {@link #weights()}). */
    public double weight(int feature) {
        return weights[feature];
    }

    /** The bias of a single-output model, 0 without intercept. */
    public double bias() {
        if (biases.length != 1) {
            throw new IllegalStateException("the model has " + biases.length + " outputs, each with its bias: use biases()");
        }
        return biases[0];
    }

    /** A copy of the biases, one per output. */
    public double[] biases() {
        return biases.clone();
    }

    public boolean hasIntercept() {
        return intercept;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** The names of the outputs of a multi-output model (the classes); empty for a single output. */
    public List<String> outputNames() {
        return outputNames;
    }

    @Override
    public int featureCount() {
        return featureNames.size();
    }

    @Override
    public int outputCount() {
        return biases.length;
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        if (outputNames.isEmpty()) {
            names.addAll(featureNames);
        } else {
            for (String output : outputNames) {
                featureNames.forEach(feature -> names.add(output + ":" + feature));
            }
        }
        if (intercept) {
            if (outputNames.isEmpty()) {
                names.add(BIAS);
            } else {
                outputNames.forEach(output -> names.add(output + ":" + BIAS));
            }
        }
        return names;
    }

    @Override
    public boolean penalised(int k) {
        return k < weights.length;
    }

    @Override
    public double[] parameters() {
        double[] parameters = Arrays.copyOf(weights, weights.length + (intercept ? biases.length : 0));
        if (intercept) {
            System.arraycopy(biases, 0, parameters, weights.length, biases.length);
        }
        return parameters;
    }

    @Override
    public LinearModel withParameters(double[] parameters) {
        int expected = weights.length + (intercept ? biases.length : 0);
        if (parameters.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " parameters, got " + parameters.length);
        }
        double[] b = intercept ? Arrays.copyOfRange(parameters, weights.length, expected) : new double[biases.length];
        return new LinearModel(featureNames, outputNames, Arrays.copyOf(parameters, weights.length), b, intercept);
    }

    @Override
    public void predict(double[] features, int offset, double[] outputs) {
        for (int c = 0; c < biases.length; c++) {
            outputs[c] = score(c, features, offset);
        }
    }

    private double score(int output, double[] features, int offset) {
        int d = featureNames.size();
        double sum = 0;
        for (int j = 0, w = output * d; j < d; j++, w++) {
            sum += weights[w] * features[offset + j];
        }
        return sum + biases[output]; // last, as training's kernel adds it: a large bias would round the terms away
    }

    @Override
    public void addGradient(double[] features, int offset, double[] dLossDOutputs, double[] gradient) {
        int d = featureNames.size();
        for (int c = 0; c < biases.length; c++) {
            double r = dLossDOutputs[c];
            for (int j = 0, w = c * d; j < d; j++, w++) {
                gradient[w] += r * features[offset + j]; // dz_c/dw_cj = x_j
            }
            if (intercept) {
                gradient[weights.length + c] += r; // dz_c/db_c = 1
            }
        }
    }

    @Override
    public String toString() {
        int d = featureNames.size();
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < biases.length; c++) {
            s.append(c == 0 ? "" : "; ").append(outputNames.isEmpty() ? "y" : "z[" + outputNames.get(c) + "]").append(" = ");
            for (int j = 0; j < d; j++) {
                s.append(j == 0 ? "" : " + ").append(weights[c * d + j]).append('*').append(featureNames.get(j));
            }
            if (intercept) {
                s.append(" + ").append(biases[c]);
            }
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearModel m && intercept == m.intercept && Arrays.equals(biases, m.biases)
                && Arrays.equals(weights, m.weights) && featureNames.equals(m.featureNames)
                && outputNames.equals(m.outputNames);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(biases);
    }
}
