package dev.descent.cli;

import dev.descent.data.DataException;
import dev.descent.data.Rows;
import dev.descent.loss.Loss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks that picocli's types cannot express: options (usage errors naming the option) and targets (input errors). */
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

    /** Refuses a missing option that only some data files need, in picocli's words for a required one. */
    static void given(CommandSpec spec, String option, Object value) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '" + option + "'");
        }
    }

    /** Refuses any of {@code options} given on the command line, which {@code why} makes meaningless. */
    static void unused(CommandSpec spec, String why, List<String> options) {
        for (String option : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), why + ": drop " + option);
            }
        }
    }

    /**
     * Refuses the first target in {@code data} that {@code loss} cannot learn, naming the file, the data
     * row and what {@code who} (such as "the logistic loss" or "a logistic model") needs.
     */
    static void targets(Path file, Rows data, Loss loss, String who) throws DataException {
        for (int i = 0; i < data.rowCount(); i++) {
            if (!loss.accepts(data.target(i))) {
                throw new DataException(file + ": data row " + (i + 1) + " has " + data.targetName() + " = "
                        + Text.number(data.target(i)) + ", but " + who + " needs " + loss.expectedTargets());
            }
        }
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

    /**
     * Refuses, before anything is read or written, an output that names an input (it would be overwritten while, or
     * after, it is read) or another output. Each map is option or role to path; null paths are left out.
     */
    static void outputs(CommandSpec spec, Map<String, Path> outputs, Map<String, Path> inputs) {
        List<Map.Entry<String, Path>> earlier = new ArrayList<>();
        for (Map.Entry<String, Path> out : outputs.entrySet()) {
            if (out.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (in.getValue() != null && sameFile(out.getValue(), in.getValue())) {
                    throw new ParameterException(spec.commandLine(), out.getKey() + " " + out.getValue() + " is "
                            + in.getKey() + ": writing it would overwrite what is read; choose another file");
                }
            }
            for (Map.Entry<String, Path> other : earlier) {
                if (sameFile(out.getValue(), other.getValue())) {
                    throw new ParameterException(spec.commandLine(), other.getKey() + " and " + out.getKey()
                            + " both name " + out.getValue() + "; give each its own file");
                }
            }
            earlier.add(out);
        }
    }

    /** Whether two paths name one regular file (links followed); a device or pipe may be named twice. */
    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isRegularFile(a) && Files.isSameFile(a, b);
            }
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
