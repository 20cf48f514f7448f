package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.Dataset;
import dev.descent.data.LabelledDataset;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.solve.Curvature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Descent against scikit-learn on real data sets: answers that scikit-learn computed, to high
 * precision, with its own solvers (reference/make_references.py writes them; the conversions
 * between the two libraries' objective conventions are written out there).
 */
class PeerReferenceTest {

    @Test
    void logisticRegressionWithL2OnBreastCancerMatchesScikitLearn() throws Exception {
        Dataset data = CsvDatasetReader.read(resource("breast_cancer.csv"), "benign");
        JsonNode reference = json("breast_cancer_logistic.json");
        Penalty penalty = new Penalty(0, reference.get("l2").asDouble());
        Fit fit = Trainer.builder().loss(new Logistic()).penalty(penalty).optimizer(Lbfgs.standard()).epochs(500).build()
                .fit(data, LinearModel.zeros(data.featureNames(), true));
        double objective = new Objective(new Logistic(), data, penalty).value(fit.model());
        double optimum = reference.get("objective").asDouble();
        // The bar: the optimum's log-loss to 1e-8 relative, the coefficients to 1e-5.
        assertEquals(optimum, objective, 1e-8 * optimum);
        assertParameters(reference, (LinearModel) fit.model(), 1e-5);
    }

    @Test
    void softmaxWithL2OnIrisMatchesScikitLearnsMultinomialLogisticRegression() throws Exception {
        LabelledDataset iris = CsvDatasetReader.readClasses(resource("iris.csv"), "species", List.of());
        Dataset data = iris.data();
        JsonNode reference = json("iris_softmax.json");
        List<String> classes = new ArrayList<>();
        reference.get("classes").forEach(c -> classes.add(c.asText()));
        assertEquals(classes, iris.classes().names());
        Penalty penalty = new Penalty(0, reference.get("l2").asDouble());
        LinearModel start = LinearModel.zeros(data.featureNames(), classes, true);
        Fit fit = Trainer.builder().loss(new Softmax()).penalty(penalty).optimizer(Lbfgs.standard()).epochs(500).build()
                .fit(data, start);
        double optimum = reference.get("objective").asDouble();
        assertEquals(optimum, new Objective(new Softmax(), data, penalty).value(fit.model()), 1e-10 * optimum);
        assertClassParameters(reference, (LinearModel) fit.model(), 1e-5);

        // Plain gradient descent at 1/L, L from the softmax curvature bound 1/2, reaches the same optimum.
        double rate = 1 / Curvature.smoothness(data, true, new Softmax(), penalty);
        Fit gd = Trainer.builder().loss(new Softmax()).penalty(penalty).optimizer(new GradientDescent(rate)).epochs(200000)
                .gradientTolerance(1e-9).build().fit(data, start);
        assertEquals(StopReason.GRADIENT_TOLERANCE, gd.stopReason());
        assertClassParameters(reference, (LinearModel) gd.model(), 1e-6);
    }

    /** Weights as they are; biases centred, since adding one constant to every class's score changes nothing. */
    private static void assertClassParameters(JsonNode reference, LinearModel model, double tolerance) {
        int d = model.featureCount();
        int k = model.outputCount();
        double[] w = model.weights();
        double[] b = model.biases();
        double meanBias = Arrays.stream(b).average().orElseThrow();
        double referenceMean = 0;
        for (int c = 0; c < k; c++) {
            referenceMean += reference.get("bias").get(c).asDouble() / k;
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                double expected = reference.get("weights").get(c).get(j).asDouble();
                assertEquals(expected, w[c * d + j], tolerance * Math.max(1, Math.abs(expected)), "weight " + c + "," + j);
            }
            double expected = reference.get("bias").get(c).asDouble() - referenceMean;
            assertEquals(expected, b[c] - meanBias, tolerance * Math.max(1, Math.abs(expected)), "bias " + c);
        }
    }

    @Test
    void ridgeOnDiabetesMatchesScikitLearnByLbfgsAndByGradientDescent() throws Exception {
        Dataset data = CsvDatasetReader.read(resource("diabetes.csv"), "progression");
        JsonNode reference = json("diabetes_ridge.json");
        Penalty penalty = new Penalty(0, reference.get("l2").asDouble());
        LinearModel start = LinearModel.zeros(data.featureNames(), true);
        Fit lbfgs = Trainer.builder().loss(Loss.mse()).penalty(penalty).optimizer(Lbfgs.standard()).epochs(500).build()
                .fit(data, start);
        assertParameters(reference, (LinearModel) lbfgs.model(), 1e-9);

        double rate = 1 / Curvature.smoothness(data, true, Loss.mse(), penalty);
        // Stop on the gradient, not the loss: on correlated features the loss flattens long before the weights settle.
        Fit gd = Trainer.builder().loss(Loss.mse()).penalty(penalty).optimizer(new GradientDescent(rate)).epochs(200000)
                .gradientTolerance(1e-9).build().fit(data, start);
        assertEquals(StopReason.GRADIENT_TOLERANCE, gd.stopReason());
        assertParameters(reference, (LinearModel) gd.model(), 1e-6);
    }

    @Test
    void lassoOnDiabetesMatchesScikitLearnWithTheSameExactZeros() throws Exception {
        Dataset data = CsvDatasetReader.read(resource("diabetes.csv"), "progression");
        JsonNode reference = json("diabetes_lasso.json");
        Penalty penalty = new Penalty(reference.get("l1").asDouble(), 0);
        double rate = 1 / Curvature.smoothness(data, true, Loss.mse(), penalty);
        Fit fit = Trainer.builder().loss(Loss.mse()).penalty(penalty).optimizer(new GradientDescent(rate)).epochs(20000)
                .tolerance(1e-16).build().fit(data, LinearModel.zeros(data.featureNames(), true));
        LinearModel model = (LinearModel) fit.model();
        assertParameters(reference, model, 1e-5);
        for (int j = 0; j < model.featureCount(); j++) {
            boolean zero = reference.get("weights").get(j).asDouble() == 0;
            assertEquals(zero, model.weight(j) == 0, "weight " + j + " is " + model.weight(j) + "; scikit-learn's is "
                    + reference.get("weights").get(j));
        }
    }

    private static void assertParameters(JsonNode reference, LinearModel model, double tolerance) {
        for (int j = 0; j < model.featureCount(); j++) {
            double expected = reference.get("weights").get(j).asDouble();
            assertEquals(expected, model.weight(j), tolerance * Math.max(1, Math.abs(expected)), "weight " + j);
        }
        double bias = reference.get("bias").asDouble();
        assertEquals(bias, model.bias(), tolerance * Math.max(1, Math.abs(bias)), "bias");
        assertTrue(model.hasIntercept());
    }

    private static JsonNode json(String name) throws Exception {
        return new ObjectMapper().readTree(resource(name).toFile());
    }

    private static Path resource(String name) throws Exception {
        return Path.of(PeerReferenceTest.class.getResource("/reference/" + name).toURI());
    }
}
