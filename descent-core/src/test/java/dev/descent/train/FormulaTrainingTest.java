package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.expr.Formula;
import dev.descent.kernel.FormulaPass;
import dev.descent.loss.Loss;
import dev.descent.model.FormulaModel;
import dev.descent.model.FunctionModel;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A formula model trained by the trainer: against the linear model it writes out, and against itself on any thread count. */
class FormulaTrainingTest {

    private static Dataset exponential(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * random.nextDouble();
            y[i] = 1.5 * Math.exp(0.7 * x[i]) - 0.5 + 0.01 * (random.nextDouble() - 0.5);
        }
        return Dataset.ofSingleFeature(x, y);
    }

    @Test
    void aLineWrittenAsAFormulaHasTheLinearModelsGradient() throws Exception {
        Dataset lesson = LessonData.lesson();
        FormulaModel formula = FormulaModel.of(Formula.parse("a*x + b"), lesson.featureNames(), new double[] {-1, 1});
        LinearModel linear = LinearModel.of(List.of("x"), new double[] {-1}, 1);
        for (Loss loss : List.of(Loss.mse(), Loss.sse())) {
            Objective objective = new Objective(loss, lesson);
            double[] g = new double[2];
            double[] expected = new double[2];
            double value = objective.valueAndGradient(formula, formula.parameters(), g);
            double expectedValue = objective.valueAndGradient(linear, linear.parameters(), expected);
            assertEquals(expectedValue, value, 1e-12 * expectedValue);
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[k], g[k], 1e-12 * Math.abs(expected[k]), "d/d" + formula.parameterNames().get(k));
            }
        }
    }

    @Test
    void gradientDescentOnTheFormulaFollowsTheLinearModelsPath() throws Exception {
        Dataset lesson = LessonData.lesson();
        Trainer trainer = new Trainer(Loss.mse(), new GradientDescent(0.01), 300);
        Fit formula = trainer.fit(lesson, FormulaModel.of(Formula.parse("a*x + b"), lesson.featureNames(), new double[] {-1, 1}));
        Fit linear = trainer.fit(lesson, LinearModel.of(List.of("x"), new double[] {-1}, 1));
        assertArrayEquals(linear.model().parameters(), formula.model().parameters(), 1e-11);
    }

    @Test
    void thePassGivesTheSameBitsOnAnyNumberOfThreadsAndAgreesWithRowByRow() throws Exception {
        Dataset data = exponential(50_000, 3);
        FormulaModel model = FormulaModel.of(Formula.parse("a*exp(b*x) + c"), data.featureNames(), new double[] {1, 0.5, 0});
        double[] theta = model.parameters();
        double[] one = new double[3];
        double[] many = new double[3];
        FormulaPass single = FormulaPass.over(model.program(), data.featureData(), data.targetData(), 1).threads(1);
        FormulaPass parallel = FormulaPass.over(model.program(), data.featureData(), data.targetData(), 1);
        double loss1 = single.lossAndGradient(theta, Loss.mse(), one);
        double lossN = parallel.lossAndGradient(theta, Loss.mse(), many);
        assertEquals(Double.doubleToLongBits(loss1), Double.doubleToLongBits(lossN));
        assertArrayEquals(one, many, 0); // bit for bit
        // row by row through the Model contract, the trainer's path for a model of the caller's own
        double[] rowByRow = new double[3];
        double sum = 0;
        double[] out = new double[1];
        for (int i = 0; i < data.rowCount(); i++) {
            model.predict(data.featureData(), i, out);
            double r = out[0] - data.target(i);
            sum += r * r;
            model.addGradient(data.featureData(), i, new double[] {2 * r}, rowByRow);
        }
        assertEquals(sum, loss1, 1e-10 * sum);
        for (int k = 0; k < 3; k++) {
            assertEquals(rowByRow[k], one[k], 1e-9 * Math.abs(rowByRow[k]));
        }
    }

    @Test
    void everyOptimizerFitsAnExponentialCurve() throws Exception {
        Dataset data = exponential(2_000, 5);
        Model start = FormulaModel.of(Formula.parse("a*exp(b*x) + c"), data.featureNames(), new double[] {1, 0.5, 0});
        Fit lbfgs = Trainer.builder().optimizer(new Lbfgs(1, 10)).epochs(500).gradientTolerance(1e-12).build().fit(data, start);
        assertArrayEquals(new double[] {1.5, 0.7, -0.5}, lbfgs.model().parameters(), 2e-3);
        Fit adam = Trainer.builder().optimizer(Adam.of(0.05)).epochs(3000).batchSize(64).build().fit(data, start);
        assertArrayEquals(new double[] {1.5, 0.7, -0.5}, adam.model().parameters(), 5e-2);
    }

    @Test
    void aModelWrittenAsCodeIsCheckedBeforeTrainingAndThenTrainsAsTheFormulaDoes() throws Exception {
        Dataset data = exponential(500, 8);
        FunctionModel.Value value = (x, at, t) -> t[0] * Math.exp(t[1] * x[at]) + t[2];
        FunctionModel right = FunctionModel.of(List.of("a", "b", "c"), 1, value, (x, at, t, g) -> {
            double e = Math.exp(t[1] * x[at]);
            g[0] = e;
            g[1] = t[0] * x[at] * e;
            g[2] = 1;
        }, new double[] {1, 0.5, 0});
        FunctionModel wrong = FunctionModel.of(List.of("a", "b", "c"), 1, value, (x, at, t, g) -> {
            double e = Math.exp(t[1] * x[at]);
            g[0] = e;
            g[1] = t[0] * e; // the chain rule's x forgotten
            g[2] = 1;
        }, new double[] {1, 0.5, 0});
        Trainer checked = Trainer.builder().optimizer(new Lbfgs(1, 10)).epochs(200).checkGradient(1e-6).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> checked.fit(data, wrong));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("the model's gradient for b is "),
                e.getMessage());
        Fit code = checked.fit(data, right);
        Fit formula = checked.fit(data, FormulaModel.of(Formula.parse("a*exp(b*x) + c"), data.featureNames(),
                new double[] {1, 0.5, 0}));
        assertArrayEquals(formula.model().parameters(), code.model().parameters(), 1e-6);
    }

    @Test
    void derivativesAtARowAreTheSymbolicDerivativesValues() throws Exception {
        FormulaModel model = FormulaModel.of(Formula.parse("a*exp(b*x1) - c*x2"), List.of("x1", "x2"),
                new double[] {1.5, 0.7, 2});
        double[] d = model.derivatives(0.3, -1.2);
        assertArrayEquals(new double[] {Math.exp(0.7 * 0.3), 1.5 * 0.3 * Math.exp(0.7 * 0.3), 1.2}, d, 1e-15);
    }
}
