package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import java.util.List;

/**
 * A playground tab's settings, read from its JSON and checked; a mistake is an IllegalArgumentException naming it.
 *
 * @param model    a formula over the data's columns, or blank for the linear model
 * @param init     starting values, {@code a=1, b=0.1}; parameters left out start at 1 in a formula, and in the linear
 *                 model the weights at -1 and b at 1 (the lesson's start)
 * @param contour  the two parameters whose loss surface is drawn, or null for the first weight and b (a formula's
 *                 first two parameters)
 */
record PlaygroundSettings(TrainingOptions.OptimizerName optimizer, double lr, LossOption lossName, int batch, double l2,
                          long seed, int n, int features, double slope, double intercept, double noise,
                          boolean standardize, String model, String init, List<String> contour) {
    /** The most features generated data may have: each is twice as wide as the one before, so its curvature four times. */
    static final int MAX_FEATURES = 8;
    /** The most points generated data may have. */
    static final int MAX_POINTS = 100_000;
    private static final List<TrainingOptions.OptimizerName> OPTIMIZERS = List.of(TrainingOptions.OptimizerName.gd,
            TrainingOptions.OptimizerName.momentum, TrainingOptions.OptimizerName.nesterov,
            TrainingOptions.OptimizerName.adagrad, TrainingOptions.OptimizerName.rmsprop,
            TrainingOptions.OptimizerName.adam, TrainingOptions.OptimizerName.adamw);
    private static final List<LossOption> LOSSES = List.of(LossOption.mse, LossOption.sse, LossOption.mae,
            LossOption.huber);

    static PlaygroundSettings of(JsonNode json) {
        TrainingOptions.OptimizerName optimizer = OPTIMIZERS.stream()
                .filter(o -> o.name().equals(json.path("optimizer").asText("gd"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("optimizer must be one of " + OPTIMIZERS + ", got "
                        + json.path("optimizer")));
        LossOption loss = LOSSES.stream().filter(l -> l.name().equals(json.path("loss").asText("mse"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("loss must be one of " + LOSSES + ", got "
                        + json.path("loss")));
        double lr = number(json, "lr", 0.1, Double.MIN_VALUE, 1e6);
        int batch = (int) whole(json, "batch", 0, 0, 100_000);
        double l2 = number(json, "l2", 0, 0, 1e6);
        long seed = whole(json, "seed", 42, -1e15, 1e15);
        int n = (int) whole(json, "n", 30, 2, MAX_POINTS);
        int features = (int) whole(json, "features", 1, 1, MAX_FEATURES);
        double slope = number(json, "slope", 3, -1e6, 1e6);
        double intercept = number(json, "intercept", 8, -1e6, 1e6);
        double noise = number(json, "noise", 0, 0, 1e6);
        boolean standardize = flag(json, "standardize");
        String model = text(json, "model");
        String init = text(json, "init");
        return new PlaygroundSettings(optimizer, lr, loss, batch, l2, seed, n, features, slope, intercept, noise,
                standardize, model, init, contour(json.path("contour")));
    }

    private static double number(JsonNode json, String key, double otherwise, double low, double high) {
        JsonNode node = json.path(key);
        // a number, or a number's text as a form field sends it; not true, not an array
        double value = node.isMissingNode() || node.isNull() ? otherwise
                : node.isNumber() ? node.asDouble()
                : node.isTextual() && node.asText().strip().matches("-?[0-9.]+([eE][+-]?[0-9]+)?") ? node.asDouble(Double.NaN)
                : Double.NaN;
        if (!(value >= low && value <= high)) {
            String from = low == Double.MIN_VALUE ? "above 0" : "from " + Text.number(low);
            throw new IllegalArgumentException(key + " must be a number " + from + " to " + Text.number(high)
                    + ", got " + node);
        }
        return value;
    }

    /** A whole number: 2.9 points is a mistake to name, not 2 points. */
    private static long whole(JsonNode json, String key, int otherwise, double low, double high) {
        double value = number(json, key, otherwise, low, high);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException(key + " must be a whole number from " + Text.number(low) + " to "
                    + Text.number(high) + ", got " + json.path(key));
        }
        return (long) value;
    }

    private static boolean flag(JsonNode json, String key) {
        JsonNode node = json.path(key);
        if (!(node.isMissingNode() || node.isNull() || node.isBoolean())) {
            throw new IllegalArgumentException(key + " must be true or false, got " + node);
        }
        return node.asBoolean(false);
    }

    private static String text(JsonNode json, String key) {
        JsonNode node = json.path(key);
        if (!(node.isMissingNode() || node.isNull() || node.isTextual())) {
            throw new IllegalArgumentException(key + " must be text, got " + node);
        }
        return node.asText("").strip();
    }

    /** Two different parameter names, as a JSON array, or null where there is none. */
    static List<String> contour(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() != 2 || !node.get(0).isTextual() || !node.get(1).isTextual()
                || node.get(0).equals(node.get(1))) {
            throw new IllegalArgumentException("contour must name two different parameters, such as [\"a\", \"b\"], got "
                    + node);
        }
        return List.of(node.get(0).asText(), node.get(1).asText());
    }

    /** These settings with the surface drawn over the model's first two parameters (a new file's model may differ). */
    PlaygroundSettings withoutContour() {
        return new PlaygroundSettings(optimizer, lr, lossName, batch, l2, seed, n, features, slope, intercept, noise,
                standardize, model, init, null);
    }

    /** These settings with the surface drawn over {@code pair}. */
    PlaygroundSettings withContour(List<String> pair) {
        return new PlaygroundSettings(optimizer, lr, lossName, batch, l2, seed, n, features, slope, intercept, noise,
                standardize, model, init, pair);
    }

    /** The generated points these settings describe. */
    Dataset generated() {
        return LessonData.generate(n, features, slope, intercept, noise, seed);
    }

    Loss loss() {
        return lossName.loss(1, 0.5);
    }

    Penalty penalty() {
        return new Penalty(0, l2);
    }

    /** The loss the trainer minimises, penalty included: the one every view shows. */
    Objective objective(Dataset data) {
        return new Objective(loss(), data, penalty());
    }

    /** A trainer of one epoch, whose state the session carries from epoch to epoch. */
    Trainer trainer() {
        return Trainer.builder().loss(loss()).penalty(penalty())
                .optimizer(TrainingOptions.optimizer(optimizer, lr, 0.9, 0.01)).batchSize(batch).seed(seed)
                .epochs(1).build();
    }
}
