package dev.descent.data;

import dev.descent.model.LinearModel;
import java.util.Arrays;

/**
 * Feature standardisation, {@code z = (x - mean) / scale}, learned on training data.
 *
 * <p>Standardising makes the loss's curvature similar in every direction, so one learning rate
 * suits all weights and gradient descent converges in far fewer epochs. For a linear model it is
 * only a change of coordinates: a model fitted on standardised features is folded back into
 * original units by {@link #toOriginal}, exactly, so users always see weights on the original
 * scale.
 *
 * @param means  per feature; all 0 when the model has no intercept (centring would add one)
 * @param scales per feature, the population standard deviation (1 for a constant feature)
 */
public record Standardization(double[] means, double[] scales) {

    public Standardization {
        if (means.length != scales.length) {
            throw new IllegalArgumentException(means.length + " means but " + scales.length + " scales");
        }
        for (int j = 0; j < scales.length; j++) {
            if (!(scales[j] > 0) || !Double.isFinite(means[j]) || Double.isInfinite(scales[j])) {
                throw new IllegalArgumentException("feature " + j + ": mean " + means[j] + ", scale " + scales[j]);
            }
        }
        means = means.clone();
        scales = scales.clone();
    }

    /** Learns means (when {@code centre}) and standard deviations of each feature of {@code data}. */
    public static Standardization learn(DenseRows data, boolean centre) {
        int n = data.rowCount();
        int d = data.featureCount();
        double[] means = new double[d];
        double[] scales = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            if (centre) {
                for (int i = 0; i < n; i++) {
                    mean += data.feature(i, j);
                }
                mean /= n;
            }
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double deviation = data.feature(i, j) - mean;
                squares += deviation * deviation;
            }
            double scale = Math.sqrt(squares / n);
            if (!Double.isFinite(mean) || !Double.isFinite(scale)) { // sums past 1.8e308: again, over values near 1
                double[] scaled = scaledMoments(data, j, centre);
                mean = scaled[0];
                scale = scaled[1];
            }
            means[j] = mean;
            scales[j] = scale > 0 ? scale : 1;
        }
        return new Standardization(means, scales);
    }

    /**
     * Feature j's mean and standard deviation computed over its values divided by the largest in size, then scaled
     * back: no sum leaves the doubles' range, for values up to the largest double.
     */
    private static double[] scaledMoments(DenseRows data, int j, boolean centre) {
        int n = data.rowCount();
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(data.feature(i, j)));
        }
        double mean = 0;
        if (centre) {
            for (int i = 0; i < n; i++) {
                mean += data.feature(i, j) / largest;
            }
            mean /= n;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double deviation = data.feature(i, j) / largest - mean;
            squares += deviation * deviation;
        }
        return new double[] {mean * largest, Math.sqrt(squares / n) * largest};
    }

    /** The data with every feature standardised (a new data set; the target is unchanged). */
    public Dataset apply(Dataset data) {
        return (Dataset) apply((DenseRows) data);
    }

    /**
     * The data with every feature standardised, stored as the data are (a new data set; the target is
     * unchanged). Float32 features stay float32, so the copy takes no more memory than they do: each
     * standardised value is computed in double from the widened feature and rounded once to a float.
     */
    public DenseRows apply(DenseRows data) {
        int n = data.rowCount();
        int d = data.featureCount();
        if (d != means.length) {
            throw new IllegalArgumentException("standardisation for " + means.length + " features, data has " + d);
        }
        if (data instanceof FloatDataset) {
            float[] z = new float[n * d];
            standardize(data, (k, value) -> z[k] = (float) value);
            return FloatDataset.adopt(z, data.targetData(), data.featureNames(), data.targetName());
        }
        double[] z = new double[n * d];
        standardize(data, (k, value) -> z[k] = value);
        return Dataset.adopt(z, data.targetData(), data.featureNames(), data.targetName(), null);
    }

    /** Where a standardised value goes: position {@code k} of the row-major copy. */
    @FunctionalInterface
    private interface Store {
        void set(int k, double value);
    }

    private void standardize(DenseRows data, Store into) {
        int d = means.length;
        for (int i = 0; i < data.rowCount(); i++) {
            for (int j = 0; j < d; j++) {
                double deviation = data.feature(i, j) - means[j];
                // a difference past the largest double, between values near it: divided first, it is in range
                into.set(i * d + j, Double.isInfinite(deviation) ? data.feature(i, j) / scales[j] - means[j] / scales[j]
                        : deviation / scales[j]);
            }
        }
    }

    /**
     * A model on standardised features as the same model on original features: per output,
     * {@code w / s} and {@code b - sum(w m / s)}.
     */
    public LinearModel toOriginal(LinearModel standardized) {
        return rescale(standardized, true);
    }

    /** A model on original features as the same model on standardised features: per output, {@code w s}, {@code b + sum(w m)}. */
    public LinearModel toStandardized(LinearModel original) {
        return rescale(original, false);
    }

    private LinearModel rescale(LinearModel model, boolean toOriginal) {
        int d = means.length;
        if (model.featureCount() != d) {
            throw new IllegalArgumentException("standardisation for " + d + " features, model has " + model.featureCount());
        }
        double[] p = model.parameters(); // weights output by output, then the biases when there is an intercept
        int biases = model.outputCount() * d;
        for (int c = 0; c < model.outputCount(); c++) {
            double b = model.hasIntercept() ? p[biases + c] : 0;
            for (int j = 0, k = c * d; j < d; j++, k++) {
                if (toOriginal) {
                    p[k] /= scales[j];
                    b -= p[k] * means[j];
                } else {
                    b += p[k] * means[j];
                    p[k] *= scales[j];
                }
            }
            if (model.hasIntercept()) {
                p[biases + c] = b;
            }
        }
        return model.withParameters(p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardization s && Arrays.equals(means, s.means) && Arrays.equals(scales, s.scales);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(scales);
    }

    @Override
    public String toString() {
        return "Standardization[means=" + Arrays.toString(means) + ", scales=" + Arrays.toString(scales) + "]";
    }
}
