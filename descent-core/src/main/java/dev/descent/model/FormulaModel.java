package dev.descent.model;

import dev.descent.expr.Formula;
import dev.descent.expr.Program;
import dev.descent.expr.Tape;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A model written as a formula, such as {@code a*exp(b*x) + c}: its features are the data columns
 * the formula names, its parameters the other names. Predictions and gradients run on the compiled
 * formula ({@link Program}), by reverse-mode differentiation: one forward and one backward sweep per
 * row, whatever the number of parameters.
 */
public final class FormulaModel implements Model {
    private final Formula formula;
    private final List<String> columns;
    private final List<String> parameterNames;
    private final double[] values;
    private final Program program;

    private FormulaModel(Formula formula, List<String> columns, List<String> parameterNames, double[] values,
                         Program program) {
        if (values.length != parameterNames.size()) {
            throw new IllegalArgumentException(parameterNames.size() + " parameters but " + values.length + " values");
        }
        this.formula = formula;
        this.columns = List.copyOf(columns);
        this.parameterNames = List.copyOf(parameterNames);
        this.values = values.clone();
        this.program = program;
    }

    /**
     * The formula over data with {@code dataColumns}: its features are the columns it names, in the data's order
     * ({@link Formula#columns}), its parameters the other names in natural order ({@link Formula#parameters}), at
     * {@code values}. Train it on data of those columns alone ({@code Dataset.select(model.columns())}).
     *
     * @throws IllegalArgumentException if the formula names no column, or the values are not one per parameter
     */
    public static FormulaModel of(Formula formula, List<String> dataColumns, double[] values) {
        List<String> columns = formula.columns(dataColumns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("the formula " + formula.text() + " names none of the columns " + dataColumns);
        }
        List<String> parameters = formula.parameters(dataColumns);
        return new FormulaModel(formula, columns, parameters, values, formula.compile(parameters, columns));
    }

    public Formula formula() {
        return formula;
    }

    /** The data columns a row holds, in order: the features. */
    public List<String> columns() {
        return columns;
    }

    /** The compiled formula. */
    public Program program() {
        return program;
    }

    @Override
    public int featureCount() {
        return columns.size();
    }

    @Override
    public List<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public double[] parameters() {
        return values.clone();
    }

    /** The value of the parameter called {@code name}. */
    public double parameter(String name) {
        int k = parameterNames.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no parameter " + name + "; the parameters are " + parameterNames);
        }
        return values[k];
    }

    @Override
    public FormulaModel withParameters(double[] parameters) {
        return new FormulaModel(formula, columns, parameterNames, parameters, program);
    }

    @Override
    public void predict(double[] features, int offset, double[] outputs) {
        Tape tape = program.rowTape();
        tape.setParameters(values);
        outputs[0] = tape.forward(features, offset);
    }

    @Override
    public void addGradient(double[] features, int offset, double[] dLossDOutputs, double[] gradient) {
        Tape tape = program.rowTape();
        tape.setParameters(values);
        tape.forward(features, offset);
        tape.backward(dLossDOutputs, 1);
        double[] g = new double[values.length];
        tape.gradient(g, 0);
        for (int k = 0; k < g.length; k++) {
            gradient[k] += g[k];
        }
    }

    /**
     * {@code dy_pred/dtheta_k} at one row (its values in the order of {@link #columns()}), by one forward and one
     * backward sweep: the derivatives' values, where {@link Formula#derivative} gives their formulas.
     */
    public double[] derivatives(double... row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values " + columns + ", got " + row.length);
        }
        double[] jacobian = new double[values.length];
        Tape tape = new Tape(program);
        tape.setParameters(values);
        tape.jacobian(row, Math.max(1, row.length), 0, 1, jacobian);
        return jacobian;
    }

    /** The predictions for every row of the row-major {@code x}, a sweep of {@link Tape#ROWS} rows at a time. */
    public double[] predictions(double[] x) {
        Tape tape = new Tape(program);
        tape.setParameters(values);
        int d = columns.size();
        double[] predictions = new double[x.length / d];
        for (int from = 0; from < predictions.length; from += Tape.ROWS) {
            int to = Math.min(predictions.length, from + Tape.ROWS);
            System.arraycopy(tape.forward(x, d, null, from, to), 0, predictions, from, to - from);
        }
        return predictions;
    }

    /**
     * Where this model first fails to give a finite prediction on the row-major rows {@code x}: the row, its values
     * and the subexpression that left the real numbers, with the parameters; null when every prediction is finite.
     */
    public String whereNotFinite(double[] x) {
        return whereNotFinite(x, i -> i);
    }

    /** As {@link #whereNotFinite(double[])}, naming row i of {@code x} as row {@code fileRow(i) + 1}. */
    public String whereNotFinite(double[] x, IntUnaryOperator fileRow) {
        Tape tape = new Tape(program);
        tape.setParameters(values);
        int d = columns.size();
        int n = x.length / d;
        for (int from = 0; from < n; from += Tape.ROWS) {
            int to = Math.min(n, from + Tape.ROWS);
            double[] predictions = tape.forward(x, d, null, from, to);
            for (int i = 0; i < to - from; i++) {
                if (!Double.isFinite(predictions[i])) {
                    StringBuilder s = new StringBuilder("at row ").append(fileRow.applyAsInt(from + i) + 1).append(" (");
                    for (int j = 0; j < d; j++) {
                        s.append(j == 0 ? "" : ", ").append(columns.get(j)).append(" = ").append(x[(from + i) * d + j]);
                    }
                    return s.append("): ").append(tape.whereNotFinite(i)).append(", with ").append(parameterText()).toString();
                }
            }
        }
        return null;
    }

    private String parameterText() {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < values.length; k++) {
            s.append(k == 0 ? "" : ", ").append(parameterNames.get(k)).append(" = ").append(values[k]);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return formula.text() + " at " + parameterText();
    }
}
