package dev.descent.metric;

import dev.descent.kernel.CompensatedSum;
import dev.descent.loss.Softmax;
import java.util.List;

/**
 * How well class scores (one per class, as a softmax model gives) predict class labels; the
 * predicted class is the one with the highest score. Precision, recall and F1 are computed per
 * class and averaged with equal weight per class ("macro", scikit-learn's {@code average='macro'}),
 * over the classes that occur among the labels or the predictions; a class never predicted has
 * precision 0, as scikit-learn counts it.
 *
 * @param logLoss    mean {@code -log p_y} of the softmax probabilities
 * @param accuracy   the fraction of labels predicted right
 * @param precision  the macro average of the per-class precisions
 * @param recall     the macro average of the per-class recalls
 * @param f1         the macro average of the per-class F1 scores
 * @param rocAuc     one class against the rest, averaged over the classes among the labels
 *                   (scikit-learn's {@code multi_class='ovr', average='macro'}); NaN with one class
 * @param perClass   precision, recall, F1 and the number of labels, class by class
 */
public record MulticlassMetrics(double logLoss, double accuracy, double precision, double recall, double f1,
                               double rocAuc, List<PerClass> perClass) {

    /** One class's figures; NaN precision (recall) when it is never predicted (never a label). */
    public record PerClass(double precision, double recall, double f1, int support) {
    }

    /**
     * @param scores n x k row-major class scores
     * @param labels n class indices in 0..k-1
     * @param k      the number of classes
     */
    public static MulticlassMetrics of(double[] scores, double[] labels, int k) {
        int n = labels.length;
        if (scores.length != (long) n * k || n == 0) {
            throw new IllegalArgumentException("expected " + n + " x " + k + " scores for " + n + " labels, got " + scores.length);
        }
        int[] truePositive = new int[k];
        int[] predictedCount = new int[k];
        int[] support = new int[k];
        double[] probability = new double[n * k];
        double[] row = new double[k];
        double[] p = new double[k];
        CompensatedSum logLoss = new CompensatedSum();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int y = (int) labels[i];
            if (y != labels[i] || y < 0 || y >= k) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", expected a class 0.." + (k - 1));
            }
            System.arraycopy(scores, i * k, row, 0, k);
            int predicted = Softmax.argmax(row);
            support[y]++;
            predictedCount[predicted]++;
            if (predicted == y) {
                truePositive[y]++;
                correct++;
            }
            logLoss.add(Softmax.probabilitiesAndLoss(row, y, p));
            System.arraycopy(p, 0, probability, i * k, k);
        }
        PerClass[] perClass = new PerClass[k];
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        double aucSum = 0;
        int occurring = 0;
        int labelled = 0;
        double[] column = new double[n];
        double[] isClass = new double[n];
        for (int c = 0; c < k; c++) {
            double precision = ClassificationMetrics.fraction(truePositive[c], predictedCount[c]);
            double recall = ClassificationMetrics.fraction(truePositive[c], support[c]);
            double f1 = ClassificationMetrics.f1(truePositive[c], precision, recall);
            perClass[c] = new PerClass(precision, recall, f1, support[c]);
            if (support[c] > 0 || predictedCount[c] > 0) {
                occurring++;
                precisionSum += Double.isNaN(precision) ? 0 : precision;
                recallSum += Double.isNaN(recall) ? 0 : recall;
                f1Sum += f1;
            }
            if (support[c] > 0 && support[c] < n) {
                for (int i = 0; i < n; i++) {
                    column[i] = probability[i * k + c];
                    isClass[i] = labels[i] == c ? 1 : 0;
                }
                aucSum += ClassificationMetrics.rocAuc(column, isClass);
                labelled++;
            }
        }
        return new MulticlassMetrics(logLoss.value() / n, correct / (double) n, precisionSum / occurring,
                recallSum / occurring, f1Sum / occurring, labelled < 2 ? Double.NaN : aucSum / labelled, List.of(perClass));
    }
}
