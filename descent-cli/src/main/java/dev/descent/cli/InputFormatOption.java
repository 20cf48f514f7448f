package dev.descent.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --input-format}: whether a data file is CSV or LIBSVM, shared by every command that reads one. */
final class InputFormatOption {
    /** Why a LIBSVM file takes no option that chooses CSV columns. */
    static final String NO_COLUMNS = "a LIBSVM file has its label first on each line and numbered features";

    @Option(names = "--input-format", paramLabel = "csv|libsvm|parquet",
            description = "The data file's format: csv (a header row, then numbers), libsvm (sparse rows: label"
                    + " index:value ...) or parquet (with --engine spark). Default: libsvm for a file named *.svm,"
                    + " *.libsvm or *.svmlight, parquet for *.parquet, else csv.")
    Format format;

    enum Format {
        csv, libsvm, parquet
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * Whether {@code file} is read here as sparse LIBSVM rows (else as CSV): as --input-format says, or by its
     * extension. Parquet is refused: only Spark reads it.
     */
    boolean sparse(Path file) {
        Format chosen = format(file);
        if (chosen == Format.parquet) {
            throw new ParameterException(spec.commandLine(), file + " is Parquet, which Descent reads through Spark"
                    + " (fit --engine spark); write it as CSV for this command");
        }
        return chosen == Format.libsvm;
    }

    /** The format {@code file} is read in: as --input-format says, or by its extension. */
    Format format(Path file) {
        if (format != null) {
            return format;
        }
        Path last = file.getFileName();
        String name = last == null ? "" : last.toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".svmlight") ? Format.libsvm
                : name.endsWith(".parquet") ? Format.parquet : Format.csv;
    }
}
