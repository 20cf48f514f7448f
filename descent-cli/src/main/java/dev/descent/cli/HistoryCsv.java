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
 * k = 1..E with the parameters after k updates and the loss at them. Numbers are written in their
 * shortest exact form, so they read back to the same bits.
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
        AtomicFile.write(file, out -> {
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
            List<String> header = new ArrayList<>(List.of("epoch", "loss", "bias"));
            header.addAll(model.featureNames());
            csv.writeRecord(header);
            String[] row = new String[3 + d];
            for (int epoch = 1; epoch <= history.epochs(); epoch++) {
                double[] p = toOriginal.apply(model, history.parameters(epoch));
                row[0] = Integer.toString(epoch);
                row[1] = Double.toString(history.loss(epoch));
                row[2] = Double.toString(model.hasIntercept() ? p[d] : 0);
                for (int j = 0; j < d; j++) {
                    row[3 + j] = Double.toString(p[j]);
                }
                csv.writeRecord(row);
            }
            csv.flush();
        });
    }
}
