package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Rows;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.model.Model;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A fitted model scored on the rows --validation held out of training: the loss (without the penalty, as scikit-learn
 * scores), and RMSE, or accuracy for a classifier.
 */
record HeldOut(int rows, double loss, double rmse, double accuracy) {

    /** The score on the rows {@code trainer} held out of {@code data}, or null when it held none. */
    static HeldOut of(Trainer trainer, Rows data, Model fitted, Loss loss) {
        int[] held = trainer == null ? null : trainer.validationRowIndices(data.rowCount());
        if (held == null) {
            return null;
        }
        Rows rows = data.rows(held);
        double value = new Objective(loss, rows).value(fitted);
        return loss.classifies() && fitted instanceof LinearModel linear
                ? new HeldOut(rows.rowCount(), value, Double.NaN, Predictions.of(linear, rows).accuracy(rows.targetData()))
                : new HeldOut(rows.rowCount(), value, Math.sqrt(new Objective(Loss.mse(), rows).value(fitted)), Double.NaN);
    }

    /** The line the text output gives it. */
    void print(PrintWriter out, String lossLabel) {
        boolean classifier = !Double.isNaN(accuracy);
        out.printf(Locale.ROOT, "On the %d validation rows (held out of training): %s %s   %s %s%n", rows, lossLabel,
                Text.number(loss), classifier ? "accuracy" : "RMSE", Text.number(classifier ? accuracy : rmse));
    }

    /** Its entry in the JSON output, {@code validation}: rows, loss, and rmse or accuracy. */
    void put(ObjectNode root) {
        ObjectNode node = root.putObject("validation").put("rows", rows).put("loss", loss);
        if (Double.isNaN(accuracy)) {
            node.put("rmse", rmse);
        } else {
            node.put("accuracy", accuracy);
        }
    }
}
