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

/**
 * The {@code --history} file: header {@code epoch,loss,bias,<feature names>}, then one row per epoch
 * k = 1..E with the parameters after k epochs and the loss at them. A model with one score per
 * class has header {@code epoch,loss,<parameter names>} instead ({@code class:feature}, ...,
 * {@code class:bias}). Numbers are written in their shortest exact form, so they read back to the
 * same bits.
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
        boolean single = model.outputCount() == 1;
        int p = model.parameterNames().size();
        AtomicFile.write(file, out -> {
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
            List<String> header = new ArrayList<>(List.of("epoch", "loss"));
            if (single) {
                header.add("bias");
                header.addAll(model.featureNames());
            } else {
                header.addAll(model.parameterNames());
            }
            csv.writeRecord(header);
            String[] row = new String[header.size()];
            for (int epoch = 1; epoch <= history.epochs(); epoch++) {
                double[] parameters = toOriginal.apply(model, history.parameters(epoch));
                row[0] = Integer.toString(epoch);
                row[1] = Double.toString(history.loss(epoch));
                if (single) {
                    row[2] = Double.toString(model.hasIntercept() ? parameters[d] : 0);
                    for (int j = 0; j < d; j++) {
                        row[3 + j] = Double.toString(parameters[j]);
                    }
                } else {
                    for (int k = 0; k < p; k++) {
                        row[2 + k] = Double.toString(parameters[k]);
                    }
                }
                csv.writeRecord(row);
            }
            csv.flush();
        });
    }
}
