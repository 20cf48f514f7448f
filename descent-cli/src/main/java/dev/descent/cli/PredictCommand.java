package dev.descent.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.descent.data.Rows;
import dev.descent.io.AtomicFile;
import dev.descent.io.ModelFile;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Applies a saved model to the rows of a CSV or LIBSVM file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        header = "Apply a saved model to a CSV or LIBSVM file and write one prediction per row.",
        description = {"Reads the model's features by name from a CSV file (other columns, the target among them, are"
                + " ignored) and writes CSV in row order: a column 'prediction' for a regression model; 'probability'"
                + " (of class 1) and 'label' for a logistic model; 'score' and 'label' for a hinge (SVM) model;"
                + " 'probability_<class>' for each class and 'label' (the most probable class) for a softmax model.",
                "", "A LIBSVM file (see --input-format) gives feature fk by index k, for a model fitted on one: indices"
                + " it lacks are zeros, an index past the model's features is an error, and its labels are ignored."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.json",
            converter = InputFile.class, description = "A model written by 'descent fit --out'.")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "DATA",
            converter = InputFile.class, description = "The CSV or LIBSVM file to predict for.")
    Path dataFile;

    @Mixin
    InputFormatOption inputFormat;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the predictions here (default: standard output).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            Check.writable(spec, "--out", out);
            Check.outputs(spec, Map.of("--out", out), Map.of("the model file", modelFile, "the data file", dataFile));
        }
        ModelData.Scored scored = ModelData.score(modelFile, ModelFile.readAny(modelFile), dataFile,
                inputFormat.sparse(dataFile), null);
        Loss loss = LossOption.named(modelFile, scored.loss());
        if (scored.notFinite() != null) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + dataFile + ": the formula gives no"
                    + " number " + scored.notFinite() + "; such rows are predicted as NaN");
            spec.commandLine().getErr().flush();
        }
        if (out == null) {
            write(spec.commandLine().getOut(), loss, scored);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFile.write(out, writer -> write(writer, loss, scored));
        }
        return Descent.OK;
    }

    private static void write(Writer writer, Loss loss, ModelData.Scored scored) throws IOException {
        CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(writer);
        Predictions predictions = scored.predictions();
        Rows data = scored.data();
        List<String> classes = scored.classes();
        if (!classes.isEmpty()) {
            List<String> header = new ArrayList<>();
            classes.forEach(c -> header.add("probability_" + c));
            header.add("label");
            csv.writeRecord(header);
            String[] row = new String[classes.size() + 1];
            for (int i = 0; i < data.rowCount(); i++) {
                double[] p = predictions.probabilities(i);
                for (int c = 0; c < p.length; c++) {
                    row[c] = Double.toString(p[c]);
                }
                row[p.length] = classes.get(predictions.predictedClass(i));
                csv.writeRecord(row);
            }
        } else if (loss.classifies()) {
            boolean logistic = loss instanceof Logistic;
            csv.writeRecord(logistic ? "probability" : "score", "label");
            for (int i = 0; i < data.rowCount(); i++) {
                double z = predictions.outputs()[i];
                csv.writeRecord(Double.toString(logistic ? Logistic.probability(z) : z),
                        Integer.toString(predictions.predictedClass(i)));
            }
        } else {
            csv.writeRecord("prediction");
            for (double y : predictions.outputs()) {
                csv.writeRecord(Double.toString(y));
            }
        }
        csv.flush();
    }
}
