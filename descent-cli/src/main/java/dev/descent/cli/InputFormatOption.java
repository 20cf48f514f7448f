package dev.descent.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --input-format}: whether a data file is CSV or LIBSVM, shared by every command that reads one. */
final class InputFormatOption {
    /** Why a LIBSVM file takes no option that chooses CSV columns. */
    static final String NO_COLUMNS = "a LIBSVM file has its label first on each line and numbered features";

    @Option(names = "--input-format", paramLabel = "csv|libsvm",
            description = "The data file's format: csv (a header row, then numbers) or libsvm (sparse rows: label"
                    + " index:value ...). Default: libsvm for a file named *.svm, *.libsvm or *.svmlight, else csv.")
    Format format;

    enum Format {
        csv, libsvm
    }

    /** Whether {@code file} is read as sparse LIBSVM rows: as --input-format says, or by its extension. */
    boolean sparse(Path file) {
        if (format != null) {
            return format == Format.libsvm;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".svmlight");
    }
}
