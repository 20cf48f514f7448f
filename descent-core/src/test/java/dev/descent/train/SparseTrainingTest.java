package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.SparseDataset;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.solve.Curvature;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training on sparse rows against independent answers: the normal equations of the same rows written
 * out densely (solved here by elimination), and training on those dense rows, whose path is checked
 * elsewhere against the lesson's update equations and NIST's certified values.
 */
class SparseTrainingTest {
    private static final int N = 307;
    private static final int D = 9;

    private final SparseDataset sparse;
    private final LinearProblem problem;
    private final Dataset dense;

    SparseTrainingTest() {
        Random random = new Random(17);
        int[] rowStarts = new int[N + 1];
        int[] columns = new int[N * D];
        double[] values = new double[N * D];
        double[][] rows = new double[N][D];
        double[] y = new double[N];
        int at = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D - 1; j++) { // the last column is never used
                if (random.nextInt(3) == 0) {
                    rows[i][j] = random.nextGaussian();
                    columns[at] = j;
                    values[at++] = rows[i][j];
                }
            }
            rowStarts[i + 1] = at;
            y[i] = 2 * rows[i][0] - rows[i][3] + 0.5 * rows[i][7] + 1 + 0.1 * random.nextGaussian();
        }
        sparse = new SparseDataset(rowStarts, Arrays.copyOf(columns, at), Arrays.copyOf(values, at), y, D);
        problem = LinearProblem.of(rows, y);
        dense = problem.data;
    }

    @Test
    void lbfgsReachesTheOptimumOfTheNormalEquations() throws Exception {
        // With an L2 penalty the unused column has a unique optimum (0); the penalty adds alpha to the weights' diagonal.
        double alpha = 1e-3;
        double[][] hessian = problem.hessian();
        for (int j = 0; j < D; j++) {
            hessian[j][j] += alpha;
        }
        double[] optimum = LinearProblem.solve(hessian, problem.rightHandSide());
        Trainer trainer = Trainer.builder().optimizer(new Lbfgs(1, 10)).penalty(new Penalty(0, alpha)).epochs(200)
                .gradientTolerance(1e-13).build();
        Fit fit = trainer.fit(sparse, LinearModel.zeros(sparse.featureNames(), true));
        double[] fitted = fit.model().parameters();
        for (int k = 0; k <= D; k++) {
            assertEquals(optimum[k], fitted[k], 1e-10, "parameter " + k);
        }
        assertEquals(0, fitted[D - 1], 1e-12, "the unused column");
    }

    @Test
    void miniBatchesAndValidationTakeTheDenseRowsSteps() throws Exception {
        Trainer trainer = Trainer.builder().optimizer(Adam.of(0.01)).loss(new Logistic()).batchSize(16).seed(5)
                .validation(0.2, 5).epochs(30).build();
        double[] labels = Arrays.stream(dense.targetData()).map(v -> v > 1 ? 1 : 0).toArray();
        Fit onSparse = trainer.fit(sparse.withTarget(labels), LinearModel.zeros(sparse.featureNames(), true));
        Fit onDense = trainer.fit(dense.withTarget(labels), LinearModel.zeros(dense.featureNames(), true));
        assertEquals(onDense.epochs(), onSparse.epochs());
        double[] expected = onDense.model().parameters();
        double[] actual = onSparse.model().parameters();
        for (int k = 0; k <= D; k++) {
            assertEquals(expected[k], actual[k], 1e-12, "parameter " + k);
        }
        assertEquals(onDense.history().finalLoss(), onSparse.history().finalLoss(), 1e-14);
    }

    @Test
    void theCurvatureBoundIsTheLargestEigenvalueOfTheGramMatrix() {
        // A^T A of the dense rows is N/2 times the MSE's Hessian, whose eigenvalues the tests find by their own
        // Jacobi rotations.
        double expected = problem.largestCurvature() * N / 2;
        // Sparse rows take power iteration (to about 1e-10); dense rows with few parameters, the exact eigenvalue.
        assertEquals(expected, Curvature.largestGramEigenvalue(sparse, true), 1e-9 * expected);
        assertEquals(expected, Curvature.largestGramEigenvalue(dense, true), 1e-13 * expected);
    }

    @Test
    void aModelTheFusedPassCannotRunIsRefusedOnSparseRows() {
        Trainer trainer = new Trainer(new Softmax(), new GradientDescent(0.1), 1);
        LinearModel classes = LinearModel.zeros(sparse.featureNames(), List.of("a", "b"), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(sparse, classes));
        assertTrue(e.getMessage().contains("sparse or float32 rows train only a linear model with one output"), e.getMessage());
    }

    @Test
    void theMeanSquaredErrorOnSparseRowsIsTheRowsOne() {
        LinearModel model = LinearModel.of(sparse.featureNames(), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, -1);
        double expected = problem.mse(model.parameters()); // summed here, row by row, over the rows written out
        assertEquals(expected, new Objective(Loss.mse(), sparse).value(model), 1e-13 * expected);
    }
}
