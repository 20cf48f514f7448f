package dev.descent.metric;

import dev.descent.kernel.CompensatedSum;
import dev.descent.loss.Logistic;
import java.util.Arrays;

/**
 * How well scores separate labels 0 and 1. A score is the model's output z (log-odds for logistic
 * regression); the predicted label is 1 when {@code z >= 0}.
 *
 * @param logLoss   mean {@code -y log p - (1 - y) log(1 - p)} with {@code p = sigma(z)} (NaN when the
 *                  scores are not log-odds)
 * @param accuracy  the fraction of labels predicted right
 * @param precision of the rows predicted 1, the fraction that are 1 (NaN when none is predicted 1)
 * @param recall    of the rows that are 1, the fraction predicted 1 (NaN when none is 1)
 * @param f1        the harmonic mean of precision and recall
 * @param rocAuc    the probability that a random 1 scores above a random 0, ties counting half
 *                  (NaN when only one class is present)
 */
public record ClassificationMetrics(double logLoss, double accuracy, double precision, double recall, double f1,
                                    double rocAuc) {

    /**
     * @param scores    the model's outputs
     * @param labels    0 or 1
     * @param logOdds   whether the scores are log-odds, so that the log-loss means something
     */
    public static ClassificationMetrics of(double[] scores, double[] labels, boolean logOdds) {
        int n = RegressionMetrics.checkShapes(scores, labels);
        CompensatedSum logLoss = new CompensatedSum();
        Logistic logistic = new Logistic();
        int truePositive = 0;
        int falsePositive = 0;
        int falseNegative = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double y = labels[i];
            if (y != 0 && y != 1) {
                throw new IllegalArgumentException("label " + i + " is " + y + ", expected 0 or 1");
            }
            boolean predicted = scores[i] >= 0;
            boolean actual = y == 1;
            correct += predicted == actual ? 1 : 0;
            truePositive += predicted && actual ? 1 : 0;
            falsePositive += predicted && !actual ? 1 : 0;
            falseNegative += !predicted && actual ? 1 : 0;
            logLoss.add(logistic.value(scores[i], y));
        }
        double precision = fraction(truePositive, truePositive + falsePositive);
        double recall = fraction(truePositive, truePositive + falseNegative);
        double f1 = f1(truePositive, precision, recall);
        return new ClassificationMetrics(logOdds ? logLoss.value() / n : Double.NaN, correct / (double) n, precision,
                recall, f1, rocAuc(scores, labels));
    }

    /** The Mann-Whitney statistic over (positives x negatives), by ranking the scores with average ranks for ties. */
    static double rocAuc(double[] scores, double[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** {@code count / total}, NaN when {@code total} is 0: precision with nothing predicted, recall with nothing to find. */
    static double fraction(int count, int total) {
        return total == 0 ? Double.NaN : count / (double) total;
    }

    /** The harmonic mean of precision and recall; 0 with no true positive (as scikit-learn has it), even when one is NaN. */
    static double f1(int truePositive, double precision, double recall) {
        return truePositive == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
