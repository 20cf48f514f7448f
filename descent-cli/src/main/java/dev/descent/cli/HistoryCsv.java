package dev.descent.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.descent.io.AtomicFile;
import dev.descent.model.LinearModel;
import dev.descent.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code --history} file: header {@code epoch,loss,bias,<feature names>}, then one row per epoch
 * k = 1..E with the parameters after k epochs and the loss at them. A model with one score per
 * class has header {@code epoch,loss,<parameter names>} instead ({@code class:feature}, ...,
 * {@code class:bias}), as has a formula model. Numbers are written in their shortest exact form, so
 * they read back to the same bits.
 */
final class HistoryCsv {
    private HistoryCsv() {
    }

    /** Converts parameters from the space training ran in to the user's (undoing standardisation). */
    interface ToOriginal {
        double[] apply(LinearModel form, double[] parameters);
    }

    static void write(Path file, History history, LinearModel model, ToOriginal toOriginal) throws IOException {
        int d = model.featureCount();
        if (model.outputCount() > 1) {
            write(file, history, model.parameterNames(), parameters -> toOriginal.apply(model, parameters));
            return;
        }
        List<String> columns = new ArrayList<>(List.of("bias"));
        columns.addAll(model.featureNames());
        write(file, history, columns, trained -> {
            double[] parameters = toOriginal.apply(model, trained);
            double[] row = new double[d + 1];
            row[0] = model.hasIntercept() ? parameters[d] : 0;
            System.arraycopy(parameters, 0, row, 1, d);
            return row;
        });
    }

    /** The history of a model whose parameters are written as they are, under their names (a formula model's). */
    static void write(Path file, History history, List<String> parameterNames) throws IOException {
        write(file, history, parameterNames, parameters -> parameters);
    }

    /** Rows of {@code epoch, loss} and the values {@code row} makes of each epoch's parameters, under {@code columns}. */
    private static void write(Path file, History history, List<String> columns, UnaryOperator<double[]> row)
            throws IOException {
        AtomicFile.write(file, out -> {
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
            List<String> header = new ArrayList<>(List.of("epoch", "loss"));
            header.addAll(columns);
            csv.writeRecord(header);
            String[] cells = new String[header.size()];
            for (int epoch = 1; epoch <= history.epochs(); epoch++) {
                double[] values = row.apply(history.parameters(epoch));
                cells[0] = Integer.toString(epoch);
                cells[1] = Double.toString(history.loss(epoch));
                for (int k = 0; k < values.length; k++) {
                    cells[2 + k] = Double.toString(values[k]);
                }
                csv.writeRecord(cells);
            }
            csv.flush();
        });
    }
}
