package dev.descent.loss;

/**
 * Multinomial logistic loss (softmax cross-entropy) for k classes. The model gives one score
 * z_c per class; the probabilities are {@code p_c = e^{z_c} / sum_j e^{z_j}}, the target is the
 * index of the true class y, and the loss is {@code -log p_y = log(sum_j e^{z_j}) - z_y}; averaged.
 * Its derivatives are {@code dL/dz_c = p_c - [c = y]}.
 *
 * <p>For two classes it is the logistic loss of the score difference {@code z_1 - z_0}. Adding a
 * constant to every score changes nothing, so without a penalty the scores' common level is not
 * determined; training from zeros keeps the biases summing to zero, as scikit-learn's does.
 *
 * <p>J. S. Bridle, "Probabilistic interpretation of feedforward classification network outputs,
 * with relationships to statistical pattern recognition", Neurocomputing (1990), 227-236.
 */
public record Softmax() implements Loss {

    @Override
    public double value(double[] outputs, double target) {
        int y = classIndex(outputs, target);
        int top = argmax(outputs);
        double max = outputs[top];
        return (max - outputs[y]) + Math.log1p(othersSum(outputs, top, max));
    }

    @Override
    public double valueAndDerivatives(double[] outputs, double target, double[] derivatives) {
        int y = classIndex(outputs, target);
        int top = argmax(outputs);
        double others = probabilities(outputs, top, derivatives);
        // p_y - 1 loses its digits when p_y is close to 1; then y is the top class and 1 - p_y = others / total.
        derivatives[y] = y == top ? -others / (1 + others) : derivatives[y] - 1;
        return (outputs[top] - outputs[y]) + Math.log1p(others);
    }

    /** Writes the class probabilities {@code softmax(scores)} into {@code probabilities}, without overflow. */
    public static void probabilities(double[] scores, double[] probabilities) {
        probabilities(scores, argmax(scores), probabilities);
    }

    /**
     * Writes the class probabilities into {@code probabilities} and returns the loss {@code -log p_y}
     * of class {@code y} (0..k-1), the bits {@link #value} gives, from one exponential per class.
     */
    public static double probabilitiesAndLoss(double[] scores, int y, double[] probabilities) {
        int top = argmax(scores);
        double others = probabilities(scores, top, probabilities); // othersSum's terms, in its order (and an exact + 0)
        return (scores[top] - scores[y]) + Math.log1p(others);
    }

    /**
     * Writes {@code softmax(scores)} into {@code probabilities}, each {@code e^{z_c - max}} computed
     * once, and returns the sum of those other than the top one's (which is 1).
     */
    private static double probabilities(double[] scores, int top, double[] probabilities) {
        double max = scores[top];
        double others = 0;
        for (int c = 0; c < scores.length; c++) {
            probabilities[c] = c == top ? 1 : Math.exp(scores[c] - max);
            others += c == top ? 0 : probabilities[c];
        }
        double total = 1 + others;
        for (int c = 0; c < scores.length; c++) {
            probabilities[c] /= total;
        }
        return others;
    }

    /** The index of the largest score (the first of equal ones): the predicted class. */
    public static int argmax(double[] scores) {
        int top = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[top]) {
                top = c;
            }
        }
        return top;
    }

    /** {@code sum over c != top of e^{z_c - max}}: the total is 1 plus this, kept apart so log1p keeps its digits. */
    private static double othersSum(double[] scores, int top, double max) {
        double sum = 0;
        for (int c = 0; c < scores.length; c++) {
            if (c != top) {
                sum += Math.exp(scores[c] - max);
            }
        }
        return sum;
    }

    private static int classIndex(double[] outputs, double target) {
        int y = (int) target;
        if (y != target || y < 0 || y >= outputs.length) {
            throw new IllegalArgumentException("class " + target + " is not one of the " + outputs.length + " classes 0.."
                    + (outputs.length - 1));
        }
        return y;
    }

    @Override
    public Reduction reduction() {
        return Reduction.MEAN;
    }

    @Override
    public String name() {
        return "softmax";
    }

    /** The Hessian in the scores, {@code diag(p) - p p^T}, has no eigenvalue above 1/2 (Böhning, 1992). */
    @Override
    public double curvatureBound() {
        return 0.5;
    }

    @Override
    public boolean accepts(double target) {
        return target >= 0 && target == Math.rint(target);
    }

    @Override
    public String expectedTargets() {
        return "class indices 0, 1, ..., k-1";
    }

    @Override
    public boolean classifies() {
        return true;
    }
}
