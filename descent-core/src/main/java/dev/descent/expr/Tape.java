package dev.descent.expr;

import static dev.descent.expr.Program.ADD;
import static dev.descent.expr.Program.COLUMN;
import static dev.descent.expr.Program.CONSTANT;
import static dev.descent.expr.Program.COPY;
import static dev.descent.expr.Program.DIVIDE;
import static dev.descent.expr.Program.FUNCTION;
import static dev.descent.expr.Program.MULTIPLY;
import static dev.descent.expr.Program.NEGATE;
import static dev.descent.expr.Program.PARAMETER;
import static dev.descent.expr.Program.POWER;
import static dev.descent.expr.Program.SQUARE;
import static dev.descent.expr.Program.SUBTRACT;

import java.util.Arrays;

/**
 * Runs a {@link Program} over up to {@link #ROWS} rows at a time: reverse-mode automatic
 * differentiation. The forward sweep computes every instruction for every row, one instruction at a
 * time over all the rows (so each step is a plain loop over arrays, not a call per row and node);
 * the backward sweep starts from {@code dL/dy_pred} for each row and runs the instructions in
 * reverse, each passing its adjoint on to what it read (the chain rule, once per node). Adjoints
 * that reach values computed from the parameters alone are summed over the rows, and the short
 * backward sweep over those instructions runs once, in {@link #gradient}.
 *
 * <p>A tape holds one thread's working arrays: one per thread.
 */
public final class Tape {
    /** Rows per sweep: enough to make each instruction's loop long, few enough that the arrays stay in the L1/L2 cache. */
    public static final int ROWS = 256;

    private static final Function[] FUNCTIONS = Function.values();

    private final Program p;
    private final double[][] values;
    private final double[][] adjoints;
    /** Per instruction that depends on the parameters alone: its adjoint summed over the rows since {@link #clear}. */
    private final double[] sums;
    /** The instructions that depend on the parameters alone but are read by one that varies: their values are spread over the rows. */
    private final int[] boundary;
    private final double[] parameters;

    public Tape(Program program) {
        this.p = program;
        int n = program.size();
        values = new double[n][ROWS];
        adjoints = new double[n][ROWS];
        sums = new double[n];
        boolean[] read = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (program.varying[k]) {
                if (program.left[k] >= 0 && !program.varying[program.left[k]]) {
                    read[program.left[k]] = true;
                }
                if (program.right[k] >= 0 && !program.varying[program.right[k]]) {
                    read[program.right[k]] = true;
                }
            }
        }
        boundary = java.util.stream.IntStream.range(0, n).filter(k -> read[k]).toArray();
        parameters = new double[program.parameterCount];
    }

    public Program program() {
        return p;
    }

    /** Sets the parameters and computes what depends on them alone; clears the gradient sums. */
    public void setParameters(double[] theta) {
        System.arraycopy(theta, 0, parameters, 0, parameters.length);
        for (int k = 0; k < p.size(); k++) {
            if (!p.varying[k]) {
                forward(k, 1);
            }
        }
        clear();
    }

    /** Starts the gradient sums again from zero. */
    public void clear() {
        Arrays.fill(sums, 0);
    }

    /**
     * The forward sweep over rows {@code order[from..to)} of the row-major features {@code x} with {@code d} values
     * a row (rows {@code from..to} when {@code order} is null; at most {@link #ROWS}); returns the array whose first
     * {@code to - from} values are the predictions (valid until the next call).
     */
    public double[] forward(double[] x, int d, int[] order, int from, int to) {
        int rows = to - from;
        for (int k = 0; k < p.size(); k++) {
            if (p.ops[k] == COLUMN) {
                double[] v = values[k];
                int column = (int) p.operand[k];
                for (int i = 0; i < rows; i++) {
                    v[i] = x[(order == null ? from + i : order[from + i]) * d + column];
                }
            }
        }
        return sweep(rows);
    }

    /** The forward sweep over one row, {@code x[offset ..]}; returns its prediction. */
    public double forward(double[] x, int offset) {
        for (int k = 0; k < p.size(); k++) {
            if (p.ops[k] == COLUMN) {
                values[k][0] = x[offset + (int) p.operand[k]];
            }
        }
        return sweep(1)[0];
    }

    /** The forward sweep over rows whose columns are loaded. */
    private double[] sweep(int rows) {
        for (int k : boundary) {
            Arrays.fill(values[k], 1, rows, values[k][0]);
        }
        for (int k = 0; k < p.size(); k++) {
            if (p.varying[k] && p.ops[k] != COLUMN) {
                forward(k, rows);
            }
        }
        return values[p.output];
    }

    /**
     * Where row i of the last forward sweep first left the real numbers: the first instruction whose value is not
     * finite though what it read is, as {@code log(a*x + b) = log(-0.5)}; null when the prediction is finite.
     */
    public String whereNotFinite(int i) {
        for (int k = 0; k < p.size(); k++) {
            double v = values[k][p.varying[k] ? i : 0];
            if (!Double.isFinite(v)) {
                return Printer.formula(p.source(k)) + " = " + operation(k, i) + (Double.isNaN(v) ? " is not a number"
                        : " overflows");
            }
        }
        return null;
    }

    /** Instruction k with the values it read at row i, such as {@code log(-0.5)} or {@code 3 / 0}. */
    private String operation(int k, int i) {
        int op = p.ops[k];
        String a = p.left[k] >= 0 ? Printer.number(values[p.left[k]][p.varying[p.left[k]] ? i : 0]) : "";
        String b = p.right[k] >= 0 ? Printer.number(values[p.right[k]][p.varying[p.right[k]] ? i : 0]) : "";
        return switch (op) {
            case PARAMETER, CONSTANT, COLUMN -> Printer.formula(p.source(k));
            case NEGATE -> "-" + a;
            case COPY -> a;
            case ADD -> a + " + " + b;
            case SUBTRACT -> a + " - " + b;
            case MULTIPLY -> a + " * " + b;
            case DIVIDE -> a + " / " + b;
            case POWER -> a + "^" + b;
            case SQUARE -> a + "^2";
            default -> FUNCTIONS[op - FUNCTION].label() + "(" + a + (b.isEmpty() ? "" : ", " + b) + ")";
        };
    }

    /**
     * The backward sweep over the rows of the last forward sweep, from {@code dLdy[i]}, the loss's derivative with
     * respect to row i's prediction; adds each row's part of the gradient to the sums.
     */
    public void backward(double[] dLdy, int rows) {
        for (int k = 0; k < p.size(); k++) {
            if (p.varying[k]) {
                Arrays.fill(adjoints[k], 0, rows, 0);
            }
        }
        for (int k : boundary) {
            Arrays.fill(adjoints[k], 0, rows, 0);
        }
        System.arraycopy(dLdy, 0, adjoints[p.output], 0, rows);
        for (int k = p.size() - 1; k >= 0; k--) {
            if (p.varying[k]) {
                backward(k, rows);
            }
        }
        for (int k : boundary) {
            double[] a = adjoints[k];
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += a[i];
            }
            sums[k] += s;
        }
    }

    /** Writes the gradient summed over every row swept since the parameters were set (or {@link #clear}) into {@code gradient[offset..]}. */
    public void gradient(double[] gradient, int offset) {
        for (int k = 0; k < p.size(); k++) {
            if (!p.varying[k]) {
                adjoints[k][0] = sums[k];
            }
        }
        Arrays.fill(gradient, offset, offset + parameters.length, 0);
        for (int k = p.size() - 1; k >= 0; k--) {
            if (p.varying[k]) {
                continue;
            }
            if (p.ops[k] == PARAMETER) {
                gradient[offset + (int) p.operand[k]] += adjoints[k][0];
            } else {
                backward(k, 1);
            }
        }
    }

    /**
     * The Jacobian of the predictions of rows {@code from..to} (at most {@link #ROWS}) with respect to the parameters,
     * written row-major into {@code jacobian[(from + i) * p + k]}: one forward and one backward sweep, as for a
     * gradient, with each row's adjoints kept apart instead of summed.
     */
    public void jacobian(double[] x, int d, int from, int to, double[] jacobian) {
        int rows = to - from;
        int np = parameters.length;
        double[][] inner = boundaryGradients();
        forward(x, d, null, from, to);
        double[] ones = new double[rows];
        Arrays.fill(ones, 1);
        backward(ones, rows);
        for (int i = 0; i < rows; i++) {
            Arrays.fill(jacobian, (from + i) * np, (from + i + 1) * np, 0);
        }
        for (int c = 0; c < boundary.length; c++) {
            double[] a = adjoints[boundary[c]];
            double[] g = inner[c];
            for (int k = 0; k < np; k++) {
                if (g[k] != 0) {
                    for (int i = 0; i < rows; i++) {
                        jacobian[(from + i) * np + k] += a[i] * g[k];
                    }
                }
            }
        }
    }

    /**
     * For each instruction that varying ones read but that depends on the parameters alone, its gradient with respect
     * to the parameters: one short backward sweep each.
     */
    private double[][] boundaryGradients() {
        double[][] gradients = new double[boundary.length][parameters.length];
        for (int c = 0; c < boundary.length; c++) {
            for (int k = 0; k < p.size(); k++) {
                if (!p.varying[k]) {
                    adjoints[k][0] = 0;
                }
            }
            adjoints[boundary[c]][0] = 1;
            for (int k = boundary[c]; k >= 0; k--) {
                if (p.varying[k]) {
                    continue;
                }
                if (p.ops[k] == PARAMETER) {
                    gradients[c][(int) p.operand[k]] += adjoints[k][0];
                } else {
                    backward(k, 1);
                }
            }
        }
        return gradients;
    }

    /** Instruction k over rows 0..rows. */
    private void forward(int k, int rows) {
        double[] v = values[k];
        int op = p.ops[k];
        switch (op) {
            case CONSTANT -> v[0] = p.operand[k];
            case PARAMETER -> v[0] = parameters[(int) p.operand[k]];
            default -> {
                double[] a = values[p.left[k]];
                double[] b = p.right[k] >= 0 ? values[p.right[k]] : null;
                compute(op, a, b, v, rows);
            }
        }
    }

    private static void compute(int op, double[] a, double[] b, double[] v, int rows) {
        switch (op) {
            case NEGATE -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = -a[i];
                }
            }
            case COPY -> System.arraycopy(a, 0, v, 0, rows);
            case ADD -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = a[i] + b[i];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = a[i] - b[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = a[i] * b[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = a[i] / b[i];
                }
            }
            case SQUARE -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = a[i] * a[i];
                }
            }
            case POWER -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = Math.pow(a[i], b[i]);
                }
            }
            default -> function(FUNCTIONS[op - FUNCTION], a, b, v, rows);
        }
    }

    private static void function(Function f, double[] a, double[] b, double[] v, int rows) {
        switch (f) {
            case EXP -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = Math.exp(a[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = Math.log(a[i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = Math.sqrt(a[i]);
                }
            }
            case SIN -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = Math.sin(a[i]);
                }
            }
            case COS -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = Math.cos(a[i]);
                }
            }
            default -> {
                for (int i = 0; i < rows; i++) {
                    v[i] = f.apply(a[i], b == null ? 0 : b[i]);
                }
            }
        }
    }

    /** Passes instruction k's adjoint over rows 0..rows on to the instructions it read. */
    private void backward(int k, int rows) {
        int op = p.ops[k];
        if (op == CONSTANT || op == PARAMETER || op == COLUMN) {
            return;
        }
        double[] g = adjoints[k];
        double[] v = values[k];
        double[] a = values[p.left[k]];
        double[] ga = adjoints[p.left[k]];
        double[] b = p.right[k] >= 0 ? values[p.right[k]] : null;
        double[] gb = p.right[k] >= 0 ? adjoints[p.right[k]] : null;
        switch (op) {
            case NEGATE -> {
                for (int i = 0; i < rows; i++) {
                    ga[i] -= g[i];
                }
            }
            case COPY -> {
                for (int i = 0; i < rows; i++) {
                    ga[i] += g[i];
                }
            }
            case ADD -> {
                for (int i = 0; i < rows; i++) {
                    ga[i] += g[i];
                    gb[i] += g[i];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rows; i++) {
                    ga[i] += g[i];
                    gb[i] -= g[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rows; i++) {
                    ga[i] += g[i] * b[i];
                    gb[i] += g[i] * a[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < rows; i++) { // d(a/b)/db = -(a/b)/b
                    ga[i] += g[i] / b[i];
                    gb[i] -= g[i] * v[i] / b[i];
                }
            }
            case SQUARE -> {
                for (int i = 0; i < rows; i++) {
                    ga[i] += 2 * g[i] * a[i];
                }
            }
            case POWER -> {
                boolean constantExponent = p.ops[p.right[k]] == CONSTANT; // no log(a): a negative base is fine then
                for (int i = 0; i < rows; i++) {
                    ga[i] += g[i] * b[i] * Math.pow(a[i], b[i] - 1);
                    if (!constantExponent) {
                        gb[i] += v[i] == 0 ? 0 : g[i] * v[i] * Math.log(a[i]);
                    }
                }
            }
            default -> functionBackward(FUNCTIONS[op - FUNCTION], g, v, a, ga, b, gb, rows);
        }
    }

    private static void functionBackward(Function f, double[] g, double[] v, double[] a, double[] ga, double[] b,
                                         double[] gb, int rows) {
        for (int i = 0; i < rows; i++) {
            switch (f) {
                case EXP -> ga[i] += g[i] * v[i];
                case LOG -> ga[i] += g[i] / a[i];
                case SQRT -> ga[i] += 0.5 * g[i] / v[i];
                case ABS -> ga[i] += g[i] * Math.signum(a[i]);
                case SIN -> ga[i] += g[i] * Math.cos(a[i]);
                case COS -> ga[i] -= g[i] * Math.sin(a[i]);
                case TAN -> ga[i] += g[i] * (1 + v[i] * v[i]);
                case ATAN -> ga[i] += g[i] / (1 + a[i] * a[i]);
                case TANH -> ga[i] += g[i] * (1 - v[i] * v[i]);
                case SIGMOID -> ga[i] += g[i] * v[i] * (1 - v[i]);
                case MIN -> { // the argument min follows; a tie follows the first, as the symbolic derivative does
                    if (a[i] <= b[i]) {
                        ga[i] += g[i];
                    } else {
                        gb[i] += g[i];
                    }
                }
                case MAX -> {
                    if (a[i] >= b[i]) {
                        ga[i] += g[i];
                    } else {
                        gb[i] += g[i];
                    }
                }
                case SIGN, STEP -> {
                }
                case POW -> throw new IllegalStateException("pow compiles to ^");
            }
        }
    }
}
