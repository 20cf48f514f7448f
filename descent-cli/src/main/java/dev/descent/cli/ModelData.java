package dev.descent.cli;

import dev.descent.data.ClassLabels;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.io.SavedModel;
import java.nio.file.Path;
import java.util.List;

/** Reads the columns a saved model needs from a CSV file, expanding a polynomial model's one column. */
final class ModelData {
    private ModelData() {
    }

    /**
     * The model's features (and {@code target}, or none when it is null) from {@code file}. A model
     * with one score per class reads the target as labels of its classes.
     */
    static Dataset read(SavedModel saved, Path file, String target) throws DataException {
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
}
