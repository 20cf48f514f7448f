package dev.descent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option checks that picocli's types cannot express; each failure is a usage error naming the option. */
final class Check {
    private Check() {
    }

    static double positive(CommandSpec spec, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ParameterException(spec.commandLine(), option + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ParameterException(spec.commandLine(), option + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    static double finite(CommandSpec spec, String option, double value) {
        if (!Double.isFinite(value)) {
            throw new ParameterException(spec.commandLine(), option + " must be a finite number, got " + value);
        }
        return value;
    }

    static int atLeast(CommandSpec spec, String option, int value, int minimum) {
        if (value < minimum) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    /** An output file whose folder exists, checked before any work is done. */
    static Path writable(CommandSpec spec, String option, Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + ": the folder " + folder + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + " is a folder, expected a file name");
        }
        return file;
    }
}
