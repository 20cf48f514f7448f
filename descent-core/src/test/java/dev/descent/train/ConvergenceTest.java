package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import org.junit.jupiter.api.Test;

/**
 * Gradient descent on a well-conditioned least-squares problem reaches its optimum (solved by the
 * tests' own Gaussian elimination on the normal equations), and its loss never goes up. The curvature bounds are computed here, independently of the code, by
 * Jacobi's eigenvalue method on the 6 x 6 Hessian (2/n) A^T A (A = [X, 1]).
 */
class ConvergenceTest {
    private static final int N = 500;

    @Test
    void gradientDescentReachesTheLeastSquaresOptimumWithALossThatNeverRises() throws DivergenceException {
        LinearProblem problem = LinearProblem.gaussian(2024, N, new double[] {1.5, -2, 0.5, 3, -1}, 0.7, 0.01);
        Dataset data = problem.data;
        int p = problem.p;
        double largest = problem.largestCurvature();
        double smallest = problem.smallestCurvature();
        assertTrue(smallest > 0.5 && largest < 4, "expected a well-conditioned problem, eigenvalues in ["
                + smallest + ", " + largest + "]");

        double lr = 0.9 / largest; // below 1/L
        double[] optimum = problem.optimum();
        double size = LinearProblem.maxAbs(optimum);
        // On a quadratic, theta_k - theta* = (I - lr H)^k (theta_0 - theta*), and with lr L < 1 the norm of
        // I - lr H is q = 1 - lr mu: enough epochs to shrink the start's error to 1e-11 of the optimum.
        double q = 1 - lr * smallest;
        double startError = Math.sqrt(LinearProblem.dot(optimum, optimum)) * Math.sqrt(p); // from zeros; generous
        int epochs = (int) Math.ceil(Math.log(1e-11 * size / startError) / Math.log(q)) + 10;
        assertTrue(epochs < 1000, "unexpectedly slow: " + epochs + " epochs");

        LinearModel start = LinearModel.zeros(data.featureNames(), true);
        Fit fit = new Trainer(Loss.mse(), new GradientDescent(lr), epochs).fit(data, start);
        double[] fitted = fit.model().parameters();
        for (int k = 0; k < p; k++) {
            assertEquals(optimum[k], fitted[k], 1e-8 * size, "parameter " + k);
        }

        // Monotone loss. With lr <= 1/L the descent lemma guarantees a true decrease of at least
        // lr (1 - lr L / 2) |g|^2 >= 0.55 lr |g|^2 per epoch (g the gradient before the step); we ask for the
        // computed losses to fall strictly whenever 0.5 lr |g|^2 exceeds their rounding bounds, and never to
        // rise by more than those bounds.
        History history = fit.history();
        double[] previous = start.parameters();
        double previousLoss = history.initialLoss();
        int strict = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double[] theta = history.parameters(epoch);
            double loss = history.loss(epoch);
            double rounding = problem.mseRoundingBound(theta) + problem.mseRoundingBound(previous);
            double[] g = problem.gradient(previous);
            assertTrue(loss <= previousLoss + rounding, "the loss rose at epoch " + epoch + ": " + previousLoss + " -> " + loss);
            if (0.5 * lr * LinearProblem.dot(g, g) > rounding) {
                assertTrue(loss < previousLoss, "the loss did not fall at epoch " + epoch);
                strict++;
            }
            previous = theta;
            previousLoss = loss;
        }
        assertTrue(strict >= 10, "only " + strict + " epochs were checked for a strict decrease");
    }

    /** The eigenvalues of a symmetric matrix by cyclic Jacobi rotations (Numerical Recipes, section 11.1). */
    static double[] jacobiEigenvalues(double[][] matrix) {
        int p = matrix.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = matrix[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double all = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    all += a[i][j] * a[i][j];
                    if (i != j) {
                        off += a[i][j] * a[i][j];
                    }
                }
            }
            if (off <= 1e-32 * all) {
                break;
            }
            for (int r = 0; r < p; r++) {
                for (int s = r + 1; s < p; s++) {
                    if (a[r][s] == 0) {
                        continue;
                    }
                    double theta = (a[s][s] - a[r][r]) / (2 * a[r][s]);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < p; k++) { // A J: columns r and s
                        double akr = a[k][r];
                        double aks = a[k][s];
                        a[k][r] = c * akr - sn * aks;
                        a[k][s] = sn * akr + c * aks;
                    }
                    for (int k = 0; k < p; k++) { // J^T (A J): rows r and s
                        double ark = a[r][k];
                        double ask = a[s][k];
                        a[r][k] = c * ark - sn * ask;
                        a[s][k] = sn * ark + c * ask;
                    }
                }
            }
        }
        double[] eigenvalues = new double[p];
        for (int i = 0; i < p; i++) {
            eigenvalues[i] = a[i][i];
        }
        return eigenvalues;
    }

    @Test
    void jacobiFindsTheEigenvaluesOfAKnownMatrix() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3; a diagonal block 5 is left alone.
        double[] e = jacobiEigenvalues(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}});
        java.util.Arrays.sort(e);
        assertEquals(1, e[0], 1e-14);
        assertEquals(3, e[1], 1e-14);
        assertEquals(5, e[2], 1e-14);
    }

}
