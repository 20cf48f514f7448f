package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.ClassLabels;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.FloatDataset;
import dev.descent.data.LabelledDataset;
import dev.descent.data.LibsvmReader;
import dev.descent.data.Missing;
import dev.descent.data.SparseDataset;
import dev.descent.io.DatasetCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The data file's format, which columns of a CSV file to use, and how to expand them: shared by the commands that read data. */
final class DataOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (named in the header row).")
    String target;

    @Option(names = "--features", split = ",", paramLabel = "COLUMN",
            description = "The feature columns, comma-separated, in this order (default: every column but the target).")
    List<String> features = new ArrayList<>();

    @Option(names = "--degree", paramLabel = "K", defaultValue = "1",
            description = "Expand the one feature into x, x^2, ..., x^K (a polynomial fit). Default: ${DEFAULT-VALUE}.")
    int degree;

    @Mixin
    InputFormatOption inputFormat;

    /** The --missing choices, as the command line spells them. */
    enum MissingChoice {
        error(Missing.ERROR), drop(Missing.DROP), mean(Missing.MEAN);

        final Missing policy;

        MissingChoice(Missing policy) {
            this.policy = policy;
        }
    }

    @Option(names = "--missing", paramLabel = "error|drop|mean", defaultValue = "error",
            description = "A missing value (an empty cell, NA, N/A, NaN or null): error refuses the file, naming where"
                    + " (default); drop leaves out each row with one; mean puts its column's mean in a feature's place"
                    + " (a row without its target is left out). The output says how many of each. Reads on one thread.")
    MissingChoice missing;

    /** What the last load met of missing values (null under --missing error). */
    Missing.Count missingCount;

    @Option(names = "--cache",
            description = "Keep the loaded data as raw doubles in DATA.descent-cache beside the file, and read them from"
                    + " there next time while the file and the chosen columns stay the same: no parsing.")
    boolean cache;

    /** What the cache did on the last load: "hit" or "written" (null without --cache). */
    String cacheOutcome;

    /** Whether {@code file} is read as sparse LIBSVM rows: as --input-format says, or by its extension. */
    boolean sparse(Path file) {
        return inputFormat.sparse(file);
    }

    /**
     * Reads {@code file} as LIBSVM rows with {@code featureCount} features (0: as many as its largest
     * index). Such a file has its label first on each line and numbered features, so the options that
     * choose CSV columns are refused.
     */
    SparseDataset loadSparse(Path file, int featureCount) throws DataException {
        Check.unused(spec, InputFormatOption.NO_COLUMNS, List.of("--target", "--features", "--degree", "--missing"));
        Check.unused(spec, "--cache keeps dense CSV data", List.of("--cache"));
        try (DelayedProgressBar bar = loadingBar(file)) {
            return libsvmReader(file, bar).read(featureCount);
        }
    }

    /**
     * Reads {@code file} as these options select; with {@code exact}, also each value's decimal
     * residue, so that the exact solver answers for the numbers as written.
     */
    Dataset load(Path file, boolean exact) throws DataException {
        checkOptions(file);
        if (cache && exact) {
            throw new ParameterException(spec.commandLine(), "--cache keeps doubles, but --solver exact reads each"
                    + " value's decimal text: drop --cache");
        }
        if (cache && InputFile.isCopy(file)) {
            throw new ParameterException(spec.commandLine(), "--cache keeps a file's data beside it; data from a pipe"
                    + " have no file to keep them beside: drop --cache");
        }
        if (cache && missing != MissingChoice.error) {
            throw new ParameterException(spec.commandLine(), "--cache keeps the data of a whole file; --missing "
                    + missing + " leaves out or fills in rows: give one or the other");
        }
        DatasetCache kept = cache ? cacheOf(file) : null;
        if (kept != null) {
            try {
                Optional<Dataset> cached = kept.read();
                if (cached.isPresent()) {
                    cacheOutcome = "hit";
                    return expand(cached.get());
                }
            } catch (IOException e) {
                warn("cannot read the cache " + kept.file() + " (" + e.getMessage() + "); reading " + file);
            }
        }
        DatasetCache.Stamp stamp = kept == null ? null : stamp(kept);
        Dataset read;
        try (DelayedProgressBar bar = loadingBar(file)) {
            CsvDatasetReader reader = reader(file, bar).readingPast(missing.policy);
            read = exact ? reader.readExact(target, features) : reader.read(target, features);
            missingCount = reader.missingCount();
        }
        if (stamp != null) {
            try {
                cacheOutcome = kept.write(read, stamp) ? "written" : null;
            } catch (IOException e) {
                warn("cannot write the cache " + kept.file() + " (" + e.getMessage() + "); the data were read all the same");
            }
        }
        return expand(read);
    }

    /** The cache of {@code file}, keyed by these options' choice of columns. */
    private DatasetCache cacheOf(Path file) {
        return new DatasetCache(file, "target=" + target + ";features=" + features);
    }

    /**
     * Whether {@code file} will likely be read from its cache: {@code --cache} is given and a cache file is there (which
     * may still turn out stale, or written for other columns: the file is then parsed after all). Such a read takes one
     * thread, and leaves the other cores free.
     */
    boolean likelyCached(Path file) {
        return cache && Files.isRegularFile(cacheOf(file).file());
    }

    /**
     * Reads {@code file} as these options select, with the features stored as float32 straight from
     * the text. The cache (which keeps doubles) and polynomial features (whose fit needs every digit)
     * are refused.
     */
    FloatDataset loadFloat(Path file) throws DataException {
        checkOptions(file);
        Check.unused(spec, "--cache keeps doubles, and --float reads the text straight into float32", List.of("--cache"));
        Check.unused(spec, "--degree makes powers of x, whose fit needs the digits that --float rounds away",
                List.of("--degree"));
        try (DelayedProgressBar bar = loadingBar(file)) {
            CsvDatasetReader reader = reader(file, bar).readingPast(missing.policy);
            FloatDataset read = reader.readFloat(target, features);
            missingCount = reader.missingCount();
            return read;
        }
    }

    /** The source's stamp, or null (no caching) when it cannot be read: the CSV reader then says why. */
    private static DatasetCache.Stamp stamp(DatasetCache cache) {
        try {
            return cache.stamp();
        } catch (IOException e) {
            return null;
        }
    }

    private void warn(String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + message);
        spec.commandLine().getErr().flush();
    }

    /**
     * Reads {@code file} with the target as class labels: those of {@code classes}, or, when it is
     * null, whichever the file has.
     */
    LabelledDataset loadClasses(Path file, ClassLabels classes) throws DataException {
        checkOptions(file);
        Check.unused(spec, "--cache keeps numeric targets; class labels are read from the file", List.of("--cache"));
        try (DelayedProgressBar bar = loadingBar(file)) {
            CsvDatasetReader reader = reader(file, bar).readingPast(missing.policy);
            LabelledDataset read = classes == null ? reader.readClasses(target, features)
                    : reader.readClasses(target, features, classes);
            missingCount = reader.missingCount();
            return new LabelledDataset(expand(read.data()), read.classes());
        }
    }

    /** A bar in megabytes for reading a file that takes longer than about a second. */
    static DelayedProgressBar loadingBar(Path file) {
        return new DelayedProgressBar("Loading " + file.getFileName(), " MB", 1_000_000);
    }

    /** A reader of {@code file} that moves {@code bar}. */
    static CsvDatasetReader reader(Path file, DelayedProgressBar bar) {
        return new CsvDatasetReader(file, (done, total) -> bar.stepTo(done, total, null));
    }

    /** A LIBSVM reader of {@code file} that moves {@code bar}. */
    static LibsvmReader libsvmReader(Path file, DelayedProgressBar bar) {
        return new LibsvmReader(file, (done, total) -> bar.stepTo(done, total, null));
    }

    private void checkOptions(Path file) {
        if (sparse(file)) {
            throw new ParameterException(spec.commandLine(), file + " is read as a LIBSVM file (sparse rows), which this"
                    + " command does not take: it needs a CSV file (see --input-format)");
        }
        Check.given(spec, "--target=COLUMN", target);
        if (degree < 1) {
            throw new ParameterException(spec.commandLine(), "--degree must be at least 1, got " + degree);
        }
    }

    private Dataset expand(Dataset data) {
        if (degree == 1) {
            return data;
        }
        if (data.featureCount() != 1) {
            throw new ParameterException(spec.commandLine(), "--degree " + degree + " expands one feature, but "
                    + data.featureCount() + " are selected " + data.featureNames() + ": pick one with --features");
        }
        return data.withPolynomialFeatures(degree);
    }

    /** The line the output gives what --missing did, or null when it did nothing (or was not asked). */
    String missingText() {
        if (missingCount == null || missingCount.cellCount() == 0) {
            return null;
        }
        StringBuilder cells = new StringBuilder();
        missingCount.cells().forEach((column, count) -> cells.append(cells.length() == 0 ? "" : ", ").append(column)
                .append(' ').append(count));
        int n = missingCount.cellCount();
        String what = n + (n == 1 ? " missing value" : " missing values") + " (" + cells + ")";
        int rows = missingCount.rowsDropped();
        return missingCount.policy() == Missing.DROP ? "Missing values: " + what + "; left out " + rows
                + (rows == 1 ? " row" : " rows") + "."
                : "Missing values: " + what + "; features filled in with their column's mean"
                + (rows == 0 ? "" : ", and " + rows + (rows == 1 ? " row" : " rows") + " without a target left out") + ".";
    }

    /** What --missing did, for the JSON output (null when it was not asked). */
    ObjectNode missingJson() {
        if (missingCount == null) {
            return null;
        }
        ObjectNode node = new ObjectMapper()
                .createObjectNode().put("policy", missing.name()).put("rows_dropped", missingCount.rowsDropped());
        ObjectNode cells = node.putObject("cells");
        missingCount.cells().forEach(cells::put);
        return node;
    }
}
