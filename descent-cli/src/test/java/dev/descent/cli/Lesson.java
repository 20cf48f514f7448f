package dev.descent.cli;

import java.util.Random;

/**
 * The lesson computed independently of the production code: the data drawn as the lesson draws
 * them, and gradient descent as the lesson's two scalar update equations in a plain loop.
 */
final class Lesson {
    final double[] x;
    final double[] y;

    Lesson(int n, double a, double b, long seed) {
        Random random = new Random(seed);
        x = new double[n];
        y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            y[i] = a * x[i] + b;
        }
    }

    /** {a, b, mse} after {@code updates} updates from (a, b). */
    double[] descend(double a, double b, double lr, int updates) {
        for (int t = 0; t < updates; t++) {
            double[] g = gradient(a, b);
            a -= lr * g[0];
            b -= lr * g[1];
        }
        return new double[] {a, b, mse(a, b)};
    }

    /** The lesson's mean(dyda) and mean(dydb) at (a, b). */
    private double[] gradient(double a, double b) {
        double dyda = 0;
        double dydb = 0;
        for (int i = 0; i < x.length; i++) {
            double dydbI = 2 * (a * x[i] + b - y[i]);
            dydb += dydbI;
            dyda += x[i] * dydbI;
        }
        return new double[] {dyda / x.length, dydb / x.length};
    }

    /** {a, b} after {@code updates} heavy-ball updates from (a, b): v = mu v + g, theta -= lr v. */
    double[] descendWithMomentum(double a, double b, double lr, double mu, int updates) {
        double va = 0;
        double vb = 0;
        for (int t = 0; t < updates; t++) {
            double[] g = gradient(a, b);
            va = mu * va + g[0];
            vb = mu * vb + g[1];
            a -= lr * va;
            b -= lr * vb;
        }
        return new double[] {a, b};
    }

    double mse(double a, double b) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (a * x[i] + b - y[i]) * (a * x[i] + b - y[i]);
        }
        return sum / x.length;
    }

    /** The data as a CSV file's text with columns x,y, every value in its exact shortest form. */
    String csv() {
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < x.length; i++) {
            s.append(x[i]).append(',').append(y[i]).append('\n');
        }
        return s.toString();
    }
}
