package dev.descent.loss;

import java.util.Objects;

/** {@code (y_pred - y)^2} per sample; reduced by mean (MSE) or sum (SSE). */
public record SquaredError(Reduction reduction) implements ScalarLoss {

    public SquaredError {
        Objects.requireNonNull(reduction, "reduction");
    }

    @Override
    public double value(double prediction, double target) {
        double r = prediction - target;
        return r * r;
    }

    @Override
    public double derivative(double prediction, double target) {
        return 2 * (prediction - target); // d/dy_pred (y_pred - y)^2 = 2 (y_pred - y)
    }

    @Override
    public double curvatureBound() {
        return 2;
    }

    @Override
    public String name() {
        return reduction == Reduction.MEAN ? "mse" : "sse";
    }
}
