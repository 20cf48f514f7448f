package dev.descent.model;

import java.util.List;

/**
 * A model written as Java code: its value and its gradient for one row, as two functions. For models
 * that a formula cannot say (a loop, a table, a special function). Descent cannot check such a
 * gradient by itself: train with {@code Trainer.Builder.checkGradient} to have it compared with
 * central differences before the first epoch.
 *
 * <pre>{@code
 * Model m = FunctionModel.of(List.of("a", "b"), 1,
 *         (x, at, t) -> t[0] * Math.exp(t[1] * x[at]),
 *         (x, at, t, g) -> { double e = Math.exp(t[1] * x[at]); g[0] = e; g[1] = t[0] * x[at] * e; },
 *         new double[] {1, 0.1});
 * }</pre>
 */
public final class FunctionModel implements Model {

    /** The prediction for the row {@code x[offset .. offset + features)} at parameters {@code theta}. */
    @FunctionalInterface
    public interface Value {
        double at(double[] x, int offset, double[] theta);
    }

    /** Writes {@code dy_pred/dtheta_k} for the row at {@code offset} into {@code gradient[k]}. */
    @FunctionalInterface
    public interface Gradient {
        void at(double[] x, int offset, double[] theta, double[] gradient);
    }

    private final List<String> names;
    private final int features;
    private final Value value;
    private final Gradient gradient;
    private final double[] theta;

    private FunctionModel(List<String> names, int features, Value value, Gradient gradient, double[] theta) {
        if (theta.length != names.size()) {
            throw new IllegalArgumentException(names.size() + " parameter names but " + theta.length + " values");
        }
        this.names = List.copyOf(names);
        this.features = features;
        this.value = value;
        this.gradient = gradient;
        this.theta = theta.clone();
    }

    /** A model of {@code features} features with the named parameters at {@code start}. */
    public static FunctionModel of(List<String> names, int features, Value value, Gradient gradient, double[] start) {
        return new FunctionModel(names, features, value, gradient, start);
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public double[] parameters() {
        return theta.clone();
    }

    @Override
    public FunctionModel withParameters(double[] parameters) {
        return new FunctionModel(names, features, value, gradient, parameters);
    }

    @Override
    public void predict(double[] x, int offset, double[] outputs) {
        outputs[0] = value.at(x, offset, theta);
    }

    @Override
    public void addGradient(double[] x, int offset, double[] dLossDOutputs, double[] sum) {
        double[] g = new double[theta.length];
        gradient.at(x, offset, theta, g);
        for (int k = 0; k < g.length; k++) {
            sum[k] += dLossDOutputs[0] * g[k];
        }
    }
}
