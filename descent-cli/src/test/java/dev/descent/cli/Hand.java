package dev.descent.cli;

/**
 * Gradient descent written out by hand, independently of the production code: the MSE of y = w . x + b,
 * its gradient {@code (2/n) sum r_i x_i} and {@code (2/n) sum r_i}, and the plain loops of GD and Adam.
 * Parameters are ordered {w_1..w_d, b}.
 */
final class Hand {
    private Hand() {
    }

    static double mse(double[][] x, double[] y, double[] theta) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double r = predict(x[i], theta) - y[i];
            sum += r * r;
        }
        return sum / y.length;
    }

    static double predict(double[] row, double[] theta) {
        double z = theta[row.length];
        for (int j = 0; j < row.length; j++) {
            z += theta[j] * row[j];
        }
        return z;
    }

    static double[] gradient(double[][] x, double[] y, double[] theta) {
        int d = theta.length - 1;
        double[] g = new double[d + 1];
        for (int i = 0; i < y.length; i++) {
            double dLdy = 2 * (predict(x[i], theta) - y[i]);
            for (int j = 0; j < d; j++) {
                g[j] += dLdy * x[i][j];
            }
            g[d] += dLdy;
        }
        for (int k = 0; k <= d; k++) {
            g[k] /= y.length;
        }
        return g;
    }

    /** Full-batch GD from {@code start} with rate {@code rates[t]} in epoch t; row k holds the parameters after k updates. */
    static double[][] gd(double[][] x, double[] y, double[] start, double[] rates) {
        double[][] path = new double[rates.length + 1][];
        path[0] = start.clone();
        double[] theta = start.clone();
        for (int t = 0; t < rates.length; t++) {
            double[] g = gradient(x, y, theta);
            for (int k = 0; k < theta.length; k++) {
                theta[k] -= rates[t] * g[k];
            }
            path[t + 1] = theta.clone();
        }
        return path;
    }

    static double[] constant(double lr, int epochs) {
        double[] rates = new double[epochs];
        java.util.Arrays.fill(rates, lr);
        return rates;
    }

    /** Full-batch Adam (Kingma and Ba, Algorithm 1): returns {theta, m, v} after {@code steps} steps from 0. */
    static double[][] adam(double[][] x, double[] y, int p, double lr, int steps) {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-8;
        double[] theta = new double[p];
        double[] m = new double[p];
        double[] v = new double[p];
        for (int t = 1; t <= steps; t++) {
            double[] g = gradient(x, y, theta);
            for (int k = 0; k < p; k++) {
                m[k] = beta1 * m[k] + (1 - beta1) * g[k];
                v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
                double mHat = m[k] / (1 - Math.pow(beta1, t));
                double vHat = v[k] / (1 - Math.pow(beta2, t));
                theta[k] -= lr * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
        return new double[][] {theta, m, v};
    }

    /** Column j's mean. */
    static double mean(double[][] x, int j) {
        double sum = 0;
        for (double[] row : x) {
            sum += row[j];
        }
        return sum / x.length;
    }

    /** Column j's population standard deviation (divided by n, as StandardScaler does). */
    static double populationStd(double[][] x, int j) {
        double m = mean(x, j);
        double sum = 0;
        for (double[] row : x) {
            sum += (row[j] - m) * (row[j] - m);
        }
        return Math.sqrt(sum / x.length);
    }

    /** The lesson's data as a one-column matrix. */
    static double[][] column(double[] x) {
        double[][] m = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            m[i] = new double[] {x[i]};
        }
        return m;
    }

    /**
     * Ordinary least squares with intercept for two features, in closed form: centre, solve the 2x2
     * normal equations by Cramer's rule, then b = mean(y) - w . mean(x). Returns {w1, w2, b}.
     */
    static double[] ols2(double[][] x, double[] y) {
        int n = y.length;
        double m1 = mean(x, 0);
        double m2 = mean(x, 1);
        double my = 0;
        for (double v : y) {
            my += v;
        }
        my /= n;
        double s11 = 0;
        double s12 = 0;
        double s22 = 0;
        double s1y = 0;
        double s2y = 0;
        for (int i = 0; i < n; i++) {
            double a = x[i][0] - m1;
            double c = x[i][1] - m2;
            double r = y[i] - my;
            s11 += a * a;
            s12 += a * c;
            s22 += c * c;
            s1y += a * r;
            s2y += c * r;
        }
        double det = s11 * s22 - s12 * s12;
        double w1 = (s1y * s22 - s12 * s2y) / det;
        double w2 = (s11 * s2y - s12 * s1y) / det;
        return new double[] {w1, w2, my - w1 * m1 - w2 * m2};
    }

    /**
     * The ridge optimum (weights, then bias) of the mean squared error plus {@code alpha/2 ||w||^2}, from the
     * normal equations by Gaussian elimination with partial pivoting: (A^T A / n + alpha/2 I_w) theta = A^T y / n.
     */
    static double[] ridge(double[][] x, double[] y, double alpha) {
        int n = y.length;
        int d = x[0].length;
        int p = d + 1;
        double[][] m = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            double[] a = new double[p];
            System.arraycopy(x[i], 0, a, 0, d);
            a[d] = 1;
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    m[j][k] += a[j] * a[k] / n;
                }
                m[j][p] += a[j] * y[i] / n;
            }
        }
        for (int j = 0; j < d; j++) {
            m[j][j] += alpha / 2; // the gradient of (1/n)||A theta - y||^2 + alpha/2 ||w||^2, halved
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                pivot = Math.abs(m[r][col]) > Math.abs(m[pivot][col]) ? r : pivot;
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < p; r++) {
                if (r != col) {
                    double factor = m[r][col] / m[col][col];
                    for (int k = col; k <= p; k++) {
                        m[r][k] -= factor * m[col][k];
                    }
                }
            }
        }
        double[] theta = new double[p];
        for (int j = 0; j < p; j++) {
            theta[j] = m[j][p] / m[j][j];
        }
        return theta;
    }
}
