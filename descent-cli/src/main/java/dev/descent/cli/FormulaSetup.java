package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.expr.Formula;
import dev.descent.expr.FormulaException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code --model} formula placed over a data file's columns: which of its names are data and which
 * are parameters, with the mistakes {@code fit} and {@code explain} both refuse.
 *
 * @param columns    the data columns it reads, in the file's order
 * @param parameters the other names, in natural order
 */
record FormulaSetup(Formula formula, List<String> columns, List<String> parameters) {

    /**
     * Reads {@code text} over {@code dataColumns} (the file's columns but the target), refusing a formula that does not
     * parse, names the target, names no column, or has no parameter.
     */
    static FormulaSetup of(CommandSpec spec, String text, List<String> dataColumns, String target, String file)
            throws DescentException {
        Formula formula;
        try {
            formula = Formula.parse(text);
        } catch (FormulaException e) {
            throw new DescentException("--model: " + e.getMessage());
        }
        if (formula.names().contains(target)) {
            throw new ParameterException(spec.commandLine(), "--model names the target " + target
                    + "; the formula predicts it from the other columns");
        }
        List<String> columns = formula.columns(dataColumns);
        if (columns.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--model " + formula.text() + " names no column of " + file
                    + " (its columns are " + String.join(", ", dataColumns) + ")");
        }
        List<String> parameters = formula.parameters(dataColumns);
        if (parameters.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--model " + formula.text() + " has no parameter to fit:"
                    + " every name is a column of " + file);
        }
        return new FormulaSetup(formula, columns, parameters);
    }
}
