package dev.descent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A model written as a formula, its starting values, bounds and weights. */
final class FormulaOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FORMULA",
            description = "Fit this formula instead of a linear model, such as \"a*exp(b*x) + c\": names that are columns"
                    + " of the data are data, every other name is a parameter. + - * / ^, unary minus, parentheses,"
                    + " exp log sqrt abs sin cos tan atan tanh sigmoid pow min max sign step, pi; -x^2 is -(x^2).")
    String model;

    @Option(names = "--init", split = ",", paramLabel = "NAME=VALUE",
            description = "Starting values of the formula's parameters, such as a=1,b=0.1; those left out start at 1.")
    List<String> init = new ArrayList<>();

    @Option(names = "--bounds", split = ",", paramLabel = "NAME=LOW:HIGH",
            description = "Bounds on parameters for --optimizer lm, such as b1=0:inf,b2=-1:1 (inf and -inf allowed).")
    List<String> bounds = new ArrayList<>();

    @Option(names = "--sigma", paramLabel = "COLUMN",
            description = "A column of the target's standard deviations: --optimizer lm weighs each row by 1/sigma^2, as"
                    + " scipy's curve_fit does.")
    String sigma;

    /** Whether any option that needs --model is given without it. */
    boolean partsWithoutModel() {
        return model == null && (!init.isEmpty() || !bounds.isEmpty() || sigma != null);
    }

    /** The starting values --init gives, by name, each checked against the formula's parameters and columns. */
    Map<String, Double> initialValues(List<String> parameters, List<String> columns) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String item : init) {
            String[] parts = split(item, "--init", "NAME=VALUE, such as a=1");
            String name = known(parts[0], "--init", parameters, columns);
            values.put(name, Check.finite(spec, "--init " + name, number(parts[1], "--init " + name)));
        }
        return values;
    }

    /** Lower and upper bounds per parameter (infinite where none is given), or null without --bounds. */
    double[][] bounds(List<String> parameters, List<String> columns) {
        if (bounds.isEmpty()) {
            return null;
        }
        double[] lower = new double[parameters.size()];
        double[] upper = new double[parameters.size()];
        java.util.Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(upper, Double.POSITIVE_INFINITY);
        for (String item : bounds) {
            String[] parts = split(item, "--bounds", "NAME=LOW:HIGH, such as b=0:inf");
            String name = known(parts[0], "--bounds", parameters, columns);
            String[] range = parts[1].split(":", -1);
            if (range.length != 2) {
                throw new ParameterException(spec.commandLine(), "--bounds " + item + ": expected NAME=LOW:HIGH, such as "
                        + name + "=0:inf");
            }
            int k = parameters.indexOf(name);
            lower[k] = number(range[0], "--bounds " + name);
            upper[k] = number(range[1], "--bounds " + name);
            if (!(lower[k] <= upper[k]) || lower[k] == Double.POSITIVE_INFINITY || upper[k] == Double.NEGATIVE_INFINITY) {
                throw new ParameterException(spec.commandLine(), "--bounds " + item + ": the low bound must be at most the"
                        + " high one, and leave a finite value between them");
            }
        }
        return new double[][] {lower, upper};
    }

    private String[] split(String item, String option, String expected) {
        int eq = item.indexOf('=');
        if (eq <= 0 || eq == item.length() - 1) {
            throw new ParameterException(spec.commandLine(), option + " " + item + ": expected " + expected);
        }
        return new String[] {item.substring(0, eq).strip(), item.substring(eq + 1).strip()};
    }

    private String known(String name, String option, List<String> parameters, List<String> columns) {
        if (columns.contains(name)) {
            throw new ParameterException(spec.commandLine(), option + " " + name + ": " + name + " is a column of the data,"
                    + " not a parameter; the parameters are " + String.join(", ", parameters));
        }
        if (!parameters.contains(name)) {
            throw new ParameterException(spec.commandLine(), option + " " + name + ": the formula has no parameter "
                    + name + "; its parameters are " + String.join(", ", parameters));
        }
        return name;
    }

    private double number(String text, String option) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), option + ": '" + text + "' is not a number");
                }
            }
        }
    }
}
