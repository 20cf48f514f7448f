package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.data.FloatDataset;
import dev.descent.data.Rows;
import dev.descent.data.SparseDataset;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import java.util.Arrays;

/**
 * A model's outputs on every row of a data set: n values, or n x k class scores row-major.
 *
 * @param outputs the outputs, row after row
 * @param k       outputs per row
 */
record Predictions(double[] outputs, int k) {

    static Predictions of(LinearModel model, Rows data) {
        return data instanceof SparseDataset sparse ? sparse(model, sparse)
                : data instanceof FloatDataset floats ? floats(model, floats)
                : dense(model, (Dataset) data);
    }

    /** Predictions on float32 rows, each row widened first: the bits the widened doubles would give. */
    private static Predictions floats(LinearModel model, FloatDataset data) {
        int d = data.featureCount();
        double[] row = new double[d];
        return rows(model, data.rowCount(), (i, outputs) -> {
            for (int j = 0; j < d; j++) {
                row[j] = data.feature(i, j);
            }
            model.predict(row, 0, outputs);
        });
    }

    /**
     * A single-output model's predictions on sparse rows (the only models that train on them or read them),
     * over the non-zeros: the bias added last, as for dense rows, so the two give the same bits.
     */
    private static Predictions sparse(LinearModel model, SparseDataset data) {
        double[] weights = model.weights();
        double[] outputs = new double[data.rowCount()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = data.dot(i, weights) + model.bias();
        }
        return new Predictions(outputs, 1);
    }

    private static Predictions dense(LinearModel model, Dataset data) {
        int d = data.featureCount();
        double[] x = data.featureData();
        return rows(model, data.rowCount(), (i, outputs) -> model.predict(x, i * d, outputs));
    }

    /** Writes row {@code i}'s outputs into {@code outputs}. */
    @FunctionalInterface
    private interface Row {
        void predict(int i, double[] outputs);
    }

    private static Predictions rows(LinearModel model, int n, Row row) {
        int k = model.outputCount();
        double[] outputs = new double[n * k];
        double[] scores = new double[k];
        for (int i = 0; i < n; i++) {
            row.predict(i, scores);
            System.arraycopy(scores, 0, outputs, i * k, k);
        }
        return new Predictions(outputs, k);
    }

    /** The class of row {@code i}: the top score, or for one output, 1 when the score is at least 0. */
    int predictedClass(int i) {
        if (k == 1) {
            return outputs[i] >= 0 ? 1 : 0;
        }
        return Softmax.argmax(scores(i));
    }

    /** The class probabilities of row {@code i} by softmax. */
    double[] probabilities(int i) {
        double[] p = new double[k];
        Softmax.probabilities(scores(i), p);
        return p;
    }

    private double[] scores(int i) {
        return Arrays.copyOfRange(outputs, i * k, i * k + k);
    }

    /** The fraction of rows whose predicted class is their label. */
    double accuracy(double[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predictedClass(i) == labels[i] ? 1 : 0;
        }
        return right / (double) labels.length;
    }
}
