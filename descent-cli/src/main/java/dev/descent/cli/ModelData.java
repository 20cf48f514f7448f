package dev.descent.cli;

import dev.descent.data.ClassLabels;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.Rows;
import dev.descent.data.SparseDataset;
import dev.descent.io.SavedFile;
import dev.descent.io.SavedFormula;
import dev.descent.io.SavedModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the data a saved model needs: its features by name from a CSV file (expanding a polynomial
 * model's one column), or by index from a LIBSVM file.
 */
final class ModelData {
    private ModelData() {
    }

    /**
     * A saved model's predictions on the rows of a data file.
     *
     * @param notFinite where a formula model first gives no finite prediction (the row, its values, the subexpression),
     *                  or null
     */
    record Scored(Rows data, Predictions predictions, List<String> classes, String loss, String notFinite) {
    }

    /**
     * The rows of {@code file} that the model saved in {@code modelFile} reads, and its predictions on them: a linear
     * model as {@link #read} reads them, a formula model the columns it names (from a CSV file only).
     */
    static Scored score(Path modelFile, SavedFile saved, Path file, boolean sparse, String target) throws DataException {
        if (saved instanceof SavedModel linear) {
            Rows data = read(modelFile, linear, file, sparse, target);
            return new Scored(data, Predictions.of(linear.model(), data), linear.model().outputNames(), linear.loss(), null);
        }
        SavedFormula formula = (SavedFormula) saved;
        if (sparse) {
            throw new DataException(modelFile + " is a formula model, which reads named columns of a CSV file; " + file
                    + " is read as LIBSVM rows (see --input-format)");
        }
        List<String> columns = formula.model().columns();
        Dataset data;
        try (DelayedProgressBar bar = DataOptions.loadingBar(file)) {
            CsvDatasetReader reader = DataOptions.reader(file, bar);
            data = target == null ? reader.readFeatures(columns) : reader.read(target, columns);
        }
        double[] predictions = formula.model().predictions(data.featureData());
        String notFinite = null;
        for (double p : predictions) {
            if (!Double.isFinite(p)) {
                notFinite = formula.model().whereNotFinite(data.featureData());
                break;
            }
        }
        return new Scored(data, new Predictions(predictions, 1), List.of(), formula.loss(), notFinite);
    }

    /**
     * The rows of {@code file} for the model saved in {@code modelFile}: LIBSVM rows (labels as targets)
     * when {@code sparse}, else the model's columns of a CSV file, with {@code target} (none when it is null).
     */
    static Rows read(Path modelFile, SavedModel saved, Path file, boolean sparse, String target) throws DataException {
        return sparse ? libsvm(modelFile, saved, file) : csv(saved, file, target);
    }

    /** A model with one score per class reads the target as labels of its classes. */
    private static Dataset csv(SavedModel saved, Path file, String target) throws DataException {
        List<String> features = saved.model().featureNames();
        List<String> columns = saved.degree() > 1 ? List.of(features.get(0)) : features;
        List<String> classes = saved.model().outputNames();
        try (DelayedProgressBar bar = DataOptions.loadingBar(file)) {
            CsvDatasetReader reader = DataOptions.reader(file, bar);
            Dataset data = target == null ? reader.readFeatures(columns)
                    : !classes.isEmpty() ? reader.readClasses(target, columns, new ClassLabels(classes)).data()
                    : reader.read(target, columns);
            return saved.degree() > 1 ? data.withPolynomialFeatures(saved.degree()) : data;
        }
    }

    /**
     * For a single-output model whose features are f1 .. fd, as a fit on a LIBSVM file names them. Indices
     * the file never reaches are zeros; an index past d is refused, naming its line: the model has no
     * weight for it.
     */
    private static SparseDataset libsvm(Path modelFile, SavedModel saved, Path file) throws DataException {
        if (saved.model().outputCount() > 1) {
            throw new DataException(modelFile + " is a " + saved.loss() + " model, which reads CSV files only:"
                    + " sparse rows take single-output models");
        }
        List<String> features = saved.model().featureNames();
        int d = features.size();
        List<String> numbered = SparseDataset.featureNames(d);
        for (int j = 0; j < d; j++) {
            if (!features.get(j).equals(numbered.get(j))) {
                throw new DataException(modelFile + ": feature " + (j + 1) + " is " + features.get(j) + ", but a LIBSVM"
                        + " file's features are f1, f2, ... by index: give this model a CSV file with its columns");
            }
        }
        try (DelayedProgressBar bar = DataOptions.loadingBar(file)) {
            String fitted = d == 1 ? "1 feature (f1)" : d + " features (f1 to f" + d + ")";
            return DataOptions.libsvmReader(file, bar).read(d, modelFile + " was fitted on " + fitted
                    + " and has no weight for it");
        }
    }
}
