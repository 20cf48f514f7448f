package dev.descent.cli;

import dev.descent.model.LinearModel;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The linear model's form and its starting parameters. */
final class StartOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--no-intercept", description = "Fit without a bias: the model is y = w . x, through the origin.")
    boolean noIntercept;

    @Option(names = "--init-weights", split = ",", paramLabel = "W",
            description = "Starting weights, one per feature, comma-separated (default: all 0).")
    double[] initWeights;

    @Option(names = "--init-bias", paramLabel = "B", defaultValue = "0",
            description = "Starting bias. Default: ${DEFAULT-VALUE}.")
    double initBias;

    /** The starting model of a classifier with one score per class: all zeros, the only start it takes. */
    LinearModel classModel(List<String> featureNames, List<String> classes) {
        if (initWeights != null || initBias != 0) {
            throw new ParameterException(spec.commandLine(), "--init-weights and --init-bias start a single-output model;"
                    + " a softmax model starts from zeros (or from --init-model)");
        }
        return LinearModel.zeros(featureNames, classes, !noIntercept);
    }

    /** The starting model for the given features. */
    LinearModel model(List<String> featureNames) {
        int d = featureNames.size();
        double[] weights = initWeights == null ? new double[d] : initWeights;
        if (weights.length != d) {
            throw new ParameterException(spec.commandLine(), "--init-weights has " + weights.length + " values but there are "
                    + d + " features " + featureNames);
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new ParameterException(spec.commandLine(), "--init-weights must be finite numbers, got " + w);
            }
        }
        if (noIntercept) {
            if (initBias != 0) {
                throw new ParameterException(spec.commandLine(), "--init-bias makes no sense with --no-intercept");
            }
            return LinearModel.withoutIntercept(featureNames, weights);
        }
        if (!Double.isFinite(initBias)) {
            throw new ParameterException(spec.commandLine(), "--init-bias must be a finite number, got " + initBias);
        }
        return LinearModel.of(featureNames, weights, initBias);
    }
}
