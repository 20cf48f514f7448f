package dev.descent.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MulticlassMetricsTest {

    @Test
    void macroAveragesByHandWithAClassThatIsNeverPredicted() {
        // Three classes; rows (label -> predicted): 0->0, 0->0, 1->0, 1->1, 2->1, 2->1. Class 2 is never predicted.
        double[] labels = {0, 0, 1, 1, 2, 2};
        double[] scores = {
            3, 0, 0,
            2, 1, 0,
            1, 0, 0,
            0, 2, 1,
            0, 3, 2,
            0, 1, 0.5};
        MulticlassMetrics m = MulticlassMetrics.of(scores, labels, 3);
        assertEquals(3 / 6.0, m.accuracy(), 1e-15);
        // Class 0: predicted 3 times, 2 right: precision 2/3, recall 2/2, F1 0.8.
        // Class 1: predicted 3 times, 1 right: precision 1/3, recall 1/2, F1 0.4.
        // Class 2: never predicted: precision counted as 0 (as scikit-learn does), recall 0, F1 0.
        assertEquals((2 / 3.0 + 1 / 3.0 + 0) / 3, m.precision(), 1e-15);
        assertEquals((1 + 0.5 + 0) / 3, m.recall(), 1e-15);
        assertEquals((0.8 + 0.4 + 0) / 3, m.f1(), 1e-15);
        assertTrue(Double.isNaN(m.perClass().get(2).precision()));
        assertEquals(2, m.perClass().get(2).support());
        double logLoss = 0;
        for (int i = 0; i < 6; i++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(scores[i * 3 + c]);
            }
            logLoss -= Math.log(Math.exp(scores[i * 3 + (int) labels[i]]) / sum);
        }
        assertEquals(logLoss / 6, m.logLoss(), 1e-15);
    }

    @Test
    void rocAucIsOneAgainstTheRestAveragedOverTheClasses() {
        // Scores that rank every class's rows first for that class: each one-against-rest AUC is 1.
        double[] labels = {0, 1, 2, 0};
        double[] scores = {
            5, 0, 0,
            0, 5, 0,
            0, 0, 5,
            4, 1, 0};
        assertEquals(1, MulticlassMetrics.of(scores, labels, 3).rocAuc(), 1e-15);
        // Reversing the ranking of class 0 only: its AUC becomes 0, the others stay 1 -> 2/3.
        double[] flipped = {
            -5, 0, 0,
            0, 5, 0,
            0, 0, 5,
            -4, 1, 0};
        MulticlassMetrics m = MulticlassMetrics.of(flipped, labels, 3);
        assertEquals(2 / 3.0, m.rocAuc(), 1e-12);
    }

    @Test
    void binaryF1IsZeroNotUndefinedWhenNoPositiveIsFound() {
        // Labels 1, 1, 0; every score below 0, so everything is predicted 0: no true positive, no row predicted 1.
        // Precision is 0/0 (undefined), recall 0/2; scikit-learn's f1_score gives 0.
        ClassificationMetrics m = ClassificationMetrics.of(new double[] {-1, -2, -3}, new double[] {1, 1, 0}, true);
        assertTrue(Double.isNaN(m.precision()));
        assertEquals(0, m.recall());
        assertEquals(0, m.f1());
        assertEquals(1 / 3.0, m.accuracy(), 1e-15);
    }
}
