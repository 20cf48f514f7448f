package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.loss.AbsoluteError;
import dev.descent.loss.Huber;
import dev.descent.loss.Hinge;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.Quantile;
import dev.descent.loss.Softmax;
import java.nio.file.Path;

/** The values of {@code --loss}. */
enum LossOption {
    mse("MSE"), sse("SSE"), mae("MAE"), huber("Huber loss"), quantile("quantile loss"), logistic("log-loss"),
    hinge("hinge loss"), softmax("cross-entropy");

    final String label;

    LossOption(String label) {
        this.label = label;
    }

    /** The loss a model file names (its parameters do not matter for predicting). */
    static Loss named(Path modelFile, String name) throws DescentException {
        try {
            return valueOf(name).loss(1, 0.5);
        } catch (IllegalArgumentException e) {
            throw new DescentException(modelFile + ": damaged model: unknown loss \"" + name + "\"");
        }
    }

    /** The loss, with Huber's {@code delta} and the quantile {@code tau} where they apply. */
    Loss loss(double delta, double tau) {
        return switch (this) {
            case mse -> Loss.mse();
            case sse -> Loss.sse();
            case mae -> new AbsoluteError();
            case huber -> new Huber(delta);
            case quantile -> new Quantile(tau);
            case logistic -> new Logistic();
            case hinge -> new Hinge();
            case softmax -> new Softmax();
        };
    }
}
