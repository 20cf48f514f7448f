package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Dataset;
import dev.descent.data.Standardization;
import dev.descent.loss.Reduction;
import dev.descent.solve.Curvature;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The curvature of squared loss on some data, and what it means for gradient descent: the largest
 * curvature L bounds the learning rate, the ratio to the smallest sets how many epochs each digit
 * of accuracy costs, and standardising the features shrinks that ratio.
 */
record Conditioning(double largest, double smallest, double standardizedLargest, double standardizedSmallest) {

    static Conditioning of(Dataset data, boolean intercept, Reduction reduction) {
        double[] raw = Curvature.squaredLossHessianEigenvalues(data, intercept, reduction);
        Dataset standardized = Standardization.learn(data, intercept).apply(data);
        double[] scaled = Curvature.squaredLossHessianEigenvalues(standardized, intercept, reduction);
        return new Conditioning(raw[raw.length - 1], raw[0], scaled[scaled.length - 1], scaled[0]);
    }

    double condition() {
        return condition(largest, smallest);
    }

    double standardizedCondition() {
        return condition(standardizedLargest, standardizedSmallest);
    }

    /** L / mu, or infinity when mu is zero to rounding: a flat direction (dependent features), no unique optimum. */
    private static double condition(double largest, double smallest) {
        return smallest > 1e-12 * largest ? largest / smallest : Double.POSITIVE_INFINITY;
    }

    /**
     * Epochs of gradient descent at lr = 1/L per digit of accuracy in the slowest direction,
     * {@code ln 10 / -ln(1 - 1/kappa)}, rounded up: at least one.
     */
    static double epochsPerDigit(double condition) {
        return Math.max(1, Math.ceil(Math.log(10) / -Math.log1p(-1 / condition)));
    }

    void addTo(ObjectNode json) {
        json.put("largest_curvature", largest);
        json.put("smallest_curvature", smallest);
        json.put("stable_learning_rate_below", 2 / largest);
        json.put("suggested_learning_rate", 1 / largest);
        putCondition(json, "condition_number", condition());
        putCondition(json, "standardized_condition_number", standardizedCondition());
    }

    /** A condition number, or null for a singular problem (JSON has no infinity). */
    private static void putCondition(ObjectNode json, String key, double condition) {
        if (Double.isInfinite(condition)) {
            json.putNull(key);
        } else {
            json.put(key, condition);
        }
    }

    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%n6. How large a step, and how many: the curvature%n"
                + "   The loss is a bowl whose curvature along its principal directions runs from mu = %s to L = %s%n"
                + "   (the eigenvalues of its Hessian). Gradient descent is stable only for lr < 2/L = %s; at lr = 1/L = %s%n"
                + "   (what --lr auto picks) the error along the flattest direction shrinks by (1 - mu/L) per epoch.%n"
                + "   The condition number kappa = L/mu = %s.%n"
                + "   Standardised features (--standardize) give kappa = %s. Standardising%n"
                + "   evens out the curvature across features measured in different units, and centring them%n"
                + "   decouples the bias from the weights.%n",
                Text.brief(smallest), Text.brief(largest), Text.brief(2 / largest), Text.brief(1 / largest),
                digits(condition()), digits(standardizedCondition()));
    }

    /** kappa and what it costs, in words. */
    private static String digits(double condition) {
        return Double.isInfinite(condition)
                ? "infinite: a direction is flat (the features are linearly dependent) and the optimum is not unique"
                : Text.brief(condition) + ", so each digit of accuracy takes about " + Text.brief(epochsPerDigit(condition))
                        + " epochs";
    }
}
