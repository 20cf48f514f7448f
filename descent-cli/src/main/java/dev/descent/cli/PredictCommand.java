package dev.descent.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.descent.data.Dataset;
import dev.descent.io.AtomicFile;
import dev.descent.io.ModelFile;
import dev.descent.io.SavedModel;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Applies a saved model to the rows of a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        header = "Apply a saved model to a CSV file and write one prediction per row.",
        description = {"Reads the model's features by name from DATA (other columns, the target among them, are"
                + " ignored) and writes CSV in row order: a column 'prediction' for a regression model; 'probability'"
                + " (of class 1) and 'label' for a logistic model; 'score' and 'label' for a hinge (SVM) model."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.json", description = "A model written by 'descent fit --out'.")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "DATA", description = "The CSV file to predict for.")
    Path dataFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the predictions here (default: standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            Check.writable(spec, "--out", out);
        }
        SavedModel saved = ModelFile.read(modelFile);
        LinearModel model = saved.model();
        Dataset data = ModelData.read(saved, dataFile, null);
        Loss loss = LossOption.named(modelFile, saved.loss());
        if (out == null) {
            write(spec.commandLine().getOut(), loss, model, data);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFile.write(out, writer -> write(writer, loss, model, data));
        }
        return Descent.OK;
    }

    private static void write(Writer writer, Loss loss, LinearModel model, Dataset data) throws IOException {
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(writer);
        boolean logistic = loss instanceof Logistic;
        boolean classifier = loss.classifies();
        csv.writeRecord(classifier ? new String[] {logistic ? "probability" : "score", "label"} : new String[] {"prediction"});
        double[] x = data.featureData();
        int d = data.featureCount();
        for (int i = 0; i < data.rowCount(); i++) {
            double z = model.predict(x, i * d);
            if (classifier) {
                csv.writeRecord(Double.toString(logistic ? Logistic.probability(z) : z), z >= 0 ? "1" : "0");
            } else {
                csv.writeRecord(Double.toString(z));
            }
        }
        csv.flush();
    }
}
