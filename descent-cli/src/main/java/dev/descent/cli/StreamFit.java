package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.CsvRowChunks;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.LibsvmReader;
import dev.descent.data.Rows;
import dev.descent.data.Standardization;
import dev.descent.io.ModelFile;
import dev.descent.loss.Loss;
import dev.descent.model.LinearModel;
import dev.descent.optim.Optimizer;
import dev.descent.optim.UpdateRule;
import dev.descent.train.StreamTrainer;
import dev.descent.train.TrainingListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParameterException;

/**
 * {@code fit DATA.csv --target y --stream --batch-size B}: mini-batch training over a CSV or LIBSVM file read afresh
 * every epoch in chunks of about {@value #CHUNK_ROWS} rows, one chunk in memory at a time, so a file larger than the heap
 * trains in memory that does not grow with it. With --standardize (CSV), a first pass learns each feature's mean and
 * spread; a LIBSVM file's first pass finds its largest index, the model's width.
 */
final class StreamFit {
    /** Rows read at a time: with 32 features, 16 MB. */
    static final int CHUNK_ROWS = 65_536;

    private final FitCommand command;

    StreamFit(FitCommand command) {
        this.command = command;
    }

    int run() throws Exception {
        refuseWhatNeedsTheWholeFile();
        TrainingOptions training = command.training;
        boolean sparse = command.data.sparse(command.dataFile);
        if (sparse) {
            Check.unused(command.spec, InputFormatOption.NO_COLUMNS, List.of("--target", "--features", "--degree",
                    "--missing"));
            Check.unused(command.spec, "sparse rows are not standardised (centring would fill in every zero)",
                    List.of("--standardize"));
        } else {
            Check.given(command.spec, "--target=COLUMN", command.data.target);
        }
        if (training.optimizer == TrainingOptions.OptimizerName.lbfgs || training.optimizer == TrainingOptions.OptimizerName.lm) {
            throw new ParameterException(command.spec.commandLine(), "--stream updates on mini-batches; --optimizer "
                    + training.optimizer + " needs every row at every step");
        }
        int batch = training.batchSize != null ? Check.atLeast(command.spec, "--batch-size", training.batchSize, 1)
                : training.optimizer == TrainingOptions.OptimizerName.sgd ? 1 : 0;
        if (batch == 0) {
            throw new ParameterException(command.spec.commandLine(), "--stream trains on mini-batches: give --batch-size");
        }
        if ("auto".equals(training.lr)) {
            throw new ParameterException(command.spec.commandLine(), "--lr auto measures the curvature over every row;"
                    + " with --stream give a number");
        }
        Loss loss = training.lossFunction();
        if (loss instanceof dev.descent.loss.Softmax) {
            throw new ParameterException(command.spec.commandLine(), "--stream trains models of one output");
        }
        Check.atLeast(command.spec, "--epochs", training.epochs, 1);
        double rate = training.learningRate(null, true, loss, training.penalty());
        Optimizer optimizer = TrainingOptions.optimizer(training.optimizer, rate, training.momentum, training.weightDecay);
        String target = sparse ? "label" : command.data.target;
        List<String> features = command.data.features;
        Standardization scaling = command.standardize ? spread(target, features) : null;
        List<String> names;
        StreamTrainer.Source source;
        if (sparse) {
            int d = largestIndex();
            names = dev.descent.data.SparseDataset.featureNames(d);
            source = () -> {
                LibsvmReader.Chunks chunks = new LibsvmReader(command.dataFile, dev.descent.data.ReadProgress.NONE)
                        .chunks(d, CHUNK_ROWS);
                return new StreamTrainer.Chunks() {
                    @Override
                    public Rows next() throws DataException {
                        return chunks.next();
                    }

                    @Override
                    public void close() {
                        chunks.close();
                    }
                };
            };
        } else {
            try (CsvRowChunks head = CsvRowChunks.open(command.dataFile, target, features)) {
                names = head.featureNames();
                if (head.next(1) == null) {
                    throw new DataException(command.dataFile + ": the file has a header but no data rows");
                }
            }
            source = () -> {
                CsvRowChunks chunks = CsvRowChunks.open(command.dataFile, target, features);
                return new StreamTrainer.Chunks() {
                    @Override
                    public Rows next() throws DataException {
                        Dataset chunk = chunks.next(CHUNK_ROWS);
                        return chunk == null || scaling == null ? chunk : scaling.apply(chunk);
                    }

                    @Override
                    public void close() {
                        chunks.close();
                    }
                };
            };
        }
        StreamTrainer trainer = new StreamTrainer(loss, training.penalty(), (UpdateRule) optimizer,
                ScheduleSpec.parse(command.spec, training.schedule), batch, training.epochs, training.seed);
        long start = System.nanoTime();
        StreamTrainer.Result result;
        try (TrainingProgress progress = new TrainingProgress(training.epochs)) {
            result = trainer.fit(source, LinearModel.zeros(names, true), progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LinearModel trained = (LinearModel) result.model();
        LinearModel fitted = scaling == null ? trained : scaling.toOriginal(trained);
        if (command.out != null) {
            ModelFile.save(command.out, fitted, target, summary(result, batch, seconds));
        }
        PrintWriter out = command.spec.commandLine().getOut();
        if (command.format == OutputFormat.json) {
            ObjectNode json = summary(result, batch, seconds);
            ModelFile.putParameters(json, fitted);
            json.put("data", command.dataFile.toString()).put("target", target);
            names.forEach(json.putArray("features")::add);
            out.println(Text.json(json));
        } else {
            out.printf(Locale.ROOT, "%s in batches of %d, %d epochs, streamed from %s in chunks of %,d rows: %,d rows,"
                    + " target %s%s%n", training.optimizer, batch, training.epochs, command.dataFile, CHUNK_ROWS,
                    result.rows(), target, scaling != null ? ", standardised" : "");
            out.println();
            out.printf(Locale.ROOT, "%-20s  %20s%n", "parameter", "fitted");
            double[] p = fitted.parameters();
            for (int k = 0; k < p.length; k++) {
                out.printf(Locale.ROOT, "%-20s  %20.10g%n", fitted.parameterNames().get(k), p[k]);
            }
            out.println();
            double[] losses = result.losses();
            out.printf(Locale.ROOT, "%s per epoch (its batches' losses, each before its update%s): first %s, last %s%n",
                    training.loss.label, training.penalty().isNone() ? "" : ", plus the penalty at its end",
                    Text.number(losses[0]), Text.number(losses[losses.length - 1]));
            if (command.out != null) {
                out.println("Wrote the model to " + command.out + ".");
            }
        }
        out.flush();
        return Descent.OK;
    }

    /** A LIBSVM file's largest feature index, from one pass over it: the model's width, which every chunk takes. */
    private int largestIndex() throws DataException {
        try (LibsvmReader.Chunks chunks = new LibsvmReader(command.dataFile, dev.descent.data.ReadProgress.NONE)
                .chunks(0, CHUNK_ROWS)) {
            boolean any = false;
            while (chunks.next() != null) {
                any = true;
            }
            if (!any || chunks.largestIndex() == 0) {
                throw new DataException(command.dataFile + ": no data lines with a feature; expected lines of the form"
                        + " 'label index:value ...'");
            }
            return chunks.largestIndex();
        }
    }

    /** Each feature's mean and standard deviation, from one pass over the file (Welford's running sums). */
    private Standardization spread(String target, List<String> features) throws DataException {
        try (CsvRowChunks chunks = CsvRowChunks.open(command.dataFile, target, features)) {
            int d = chunks.featureNames().size();
            double[] mean = new double[d];
            double[] squares = new double[d];
            long n = 0;
            for (Dataset chunk = chunks.next(CHUNK_ROWS); chunk != null; chunk = chunks.next(CHUNK_ROWS)) {
                for (int i = 0; i < chunk.rowCount(); i++) {
                    n++;
                    for (int j = 0; j < d; j++) {
                        double x = chunk.feature(i, j);
                        double delta = x - mean[j];
                        mean[j] += delta / n;
                        squares[j] += delta * (x - mean[j]);
                    }
                }
            }
            double[] scales = new double[d];
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(squares[j] / Math.max(1, n));
                if (!Double.isFinite(mean[j]) || !Double.isFinite(sd)) {
                    throw new DataException(command.dataFile + ": the column " + dev.descent.Shown.text(
                            chunks.featureNames().get(j)) + " has values too large to standardise in one pass (near the"
                            + " largest double); scale it, or fit without --stream");
                }
                scales[j] = sd > 0 ? sd : 1;
            }
            return new Standardization(mean, scales);
        }
    }

    private ObjectNode summary(StreamTrainer.Result result, int batch, double seconds) {
        ObjectNode node = new ObjectMapper().createObjectNode().put("stream", true).put("chunk_rows", CHUNK_ROWS)
                .put("rows", result.rows()).put("optimizer", command.training.optimizer.name())
                .put("batch_size", batch).put("epochs", command.training.epochs).put("seed", command.training.seed)
                .put("standardized", command.standardize).put("loss_name", command.training.lossFunction().name())
                .put("train_seconds", seconds);
        ArrayNode losses = node.putArray("losses");
        for (double v : result.losses()) {
            losses.add(v);
        }
        return node;
    }

    /** What needs every row in memory, or a second look at them, is refused with the reason. */
    private void refuseWhatNeedsTheWholeFile() {
        Check.unused(command.spec, "--stream reads the file in chunks, one at a time, and keeps none of them",
                List.of("--validation", "--solver", "--cache", "--history", "--plot", "--report", "--init-model",
                        "--init-weights", "--init-bias", "--float", "--degree", "--checkpoint", "--resume", "--model",
                        "--init", "--bounds", "--sigma", "--time-limit", "--tol", "--gradient-tol", "--no-intercept",
                        "--patience", "--contour"));
        Check.unused(command.spec, "--stream shuffles the rows of each chunk it reads, every epoch",
                List.of("--shuffle"));
        if (command.data.missing != DataOptions.MissingChoice.error) {
            throw new ParameterException(command.spec.commandLine(), "--stream reads every value as it comes: --missing "
                    + command.data.missing + " is not taken with it");
        }
    }
}
