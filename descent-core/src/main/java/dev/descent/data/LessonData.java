package dev.descent.data;

import java.util.Random;

/**
 * The lesson's synthetic data: x uniform in [0, 1) and y = a*x + b, plus optional Gaussian noise.
 *
 * <p>Uses {@link java.util.Random}, whose algorithm the Java specification fixes, so the same
 * seed gives the same bits on every Java version.
 */
public final class LessonData {
    private LessonData() {
    }

    /** The lesson's own data: 30 points from y = 3x + 8, no noise, seed 42 (the demo's defaults). */
    public static Dataset lesson() {
        return generate(30, 3, 8, 0, 42);
    }

    /**
     * @param n     number of points
     * @param a     true slope
     * @param b     true intercept
     * @param noise standard deviation of the Gaussian noise added to y (0 for none)
     * @param seed  seed of the random generator
     */
    public static Dataset generate(int n, double a, double b, double noise, long seed) {
        return generate(n, 1, a, b, noise, seed);
    }

    /**
     * The lesson's data with {@code features} columns, named as {@link Dataset#of} names them: feature j (from 1) is
     * uniform in [0, 2^(j-1)) with slope {@code a / 2^(j-1)}, so every feature moves y as much, but each is twice as
     * wide as the one before: the loss's curvature differs by a factor of 4 per feature, which is what standardising
     * undoes. With one feature this is {@link #generate(int, double, double, double, long)}, to the bit.
     */
    public static Dataset generate(int n, int features, double a, double b, double noise, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, got " + features);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        Random random = new Random(seed);
        double[][] x = new double[n][features];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                x[i][j] = Math.scalb(random.nextDouble(), j);
            }
        }
        for (int i = 0; i < n; i++) {
            double sum = b;
            for (int j = 0; j < features; j++) {
                sum += Math.scalb(a, -j) * x[i][j];
            }
            y[i] = sum + (noise == 0 ? 0 : noise * random.nextGaussian());
        }
        return Dataset.of(x, y);
    }
}
