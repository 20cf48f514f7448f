package dev.descent.metric;

import dev.descent.kernel.CompensatedSum;

/**
 * How well predictions match a numeric target.
 *
 * @param mse  mean squared error
 * @param rmse its square root, in the target's units
 * @param mae  mean absolute error
 * @param r2   the coefficient of determination, {@code 1 - SSE / sum((y - mean(y))^2)}: 1 is perfect,
 *             0 no better than predicting the mean (NaN when the target is constant)
 */
public record RegressionMetrics(double mse, double rmse, double mae, double r2) {

    public static RegressionMetrics of(double[] predictions, double[] targets) {
        int n = checkShapes(predictions, targets);
        CompensatedSum squares = new CompensatedSum();
        CompensatedSum absolutes = new CompensatedSum();
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < n; i++) {
            double r = predictions[i] - targets[i];
            squares.add(r * r);
            absolutes.add(Math.abs(r));
            sum.add(targets[i]);
        }
        double mean = sum.value() / n;
        CompensatedSum total = new CompensatedSum();
        for (double y : targets) {
            total.add((y - mean) * (y - mean));
        }
        double mse = squares.value() / n;
        double r2 = total.value() == 0 ? Double.NaN : 1 - squares.value() / total.value();
        return new RegressionMetrics(mse, Math.sqrt(mse), absolutes.value() / n, r2);
    }

    static int checkShapes(double[] predictions, double[] targets) {
        if (predictions.length != targets.length || targets.length == 0) {
            throw new IllegalArgumentException(predictions.length + " predictions for " + targets.length + " targets");
        }
        return targets.length;
    }
}
