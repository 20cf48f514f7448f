package dev.descent.loss;

/**
 * The hinge loss of a linear support vector machine, on labels 0 and 1 (taken as -1 and +1):
 * with {@code s = 2y - 1}, {@code max(0, 1 - s z)}; averaged. Zero once a sample is on the right
 * side with margin 1; not differentiable at the margin, where the subgradient is taken as 0.
 *
 * <p>C. Cortes, V. Vapnik, "Support-vector networks", Machine Learning 20 (1995), 273-297.
 */
public record Hinge() implements BinaryClassification {

    @Override
    public double value(double prediction, double target) {
        return Math.max(0, 1 - (2 * target - 1) * prediction);
    }

    @Override
    public double derivative(double prediction, double target) {
        double s = 2 * target - 1;
        return s * prediction < 1 ? -s : 0; // -s inside the margin, 0 beyond it
    }

    @Override
    public double curvatureBound() {
        return Double.NaN;
    }

    @Override
    public String name() {
        return "hinge";
    }
}
