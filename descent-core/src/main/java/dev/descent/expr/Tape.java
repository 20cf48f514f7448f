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
    private static final int EXP = FUNCTION + Function.EXP.ordinal();

    private final Program p;
    private final double[][] values;
    private final double[][] adjoints;
    /**
     * Per instruction that depends on the parameters alone: its adjoint summed over the rows since {@link #clear} (or,
     * during a sweep over those instructions alone, that sweep's own copy, {@link #sweepSums}).
     */
    private double[] sums;
    private final double[] sweepSums;
    /** The instructions that depend on the parameters alone but are read by one that varies: their values are spread over the rows. */
    private final int[] boundary;
    /** Whether an instruction depends on a parameter: only those need an adjoint. */
    private final boolean[] needed;
    /**
     * Whether instruction k is the first, in the backward sweep, to pass an adjoint to what it reads on its left (right):
     * that one writes the adjoint, the others add to it, so no adjoint is cleared before a sweep.
     */
    private final boolean[] firstLeft;
    private final boolean[] firstRight;
    private final double[] parameters;
    private final double[] scratch;
    /** In a Jacobian's sweep, adjoints that reach the parameters-only instructions are kept per row, not summed. */
    private boolean rowsApart;
    /** Products in which a zero wins over an infinity ({@link #times}): for the rare sweep whose plain products made NaN. */
    private boolean careful;
    private final double[] savedSums;

    /** A tape for sweeps of up to {@link #ROWS} rows. */
    public Tape(Program program) {
        this(program, ROWS);
    }

    /** A tape for sweeps of up to {@code capacity} rows (1: a row at a time, small to make). */
    Tape(Program program, int capacity) {
        this.p = program;
        int n = program.size();
        values = new double[n][capacity];
        adjoints = new double[n][capacity];
        scratch = new double[capacity];
        sums = new double[n];
        sweepSums = new double[n];
        savedSums = new double[n];
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
        needed = new boolean[n];
        for (int k = 0; k < n; k++) {
            int op = program.ops[k];
            needed[k] = op == PARAMETER || program.left[k] >= 0 && needed[program.left[k]]
                    || program.right[k] >= 0 && needed[program.right[k]];
        }
        firstLeft = new boolean[n];
        firstRight = new boolean[n];
        boolean[] given = new boolean[n];
        given[program.output] = true; // its adjoint is the loss's derivative, copied in
        for (int k = n - 1; k >= 0; k--) {
            if (program.varying[k] && needed[k]) {
                int l = program.left[k];
                int r = program.right[k];
                if (l >= 0 && needed[l]) {
                    firstLeft[k] = !given[l];
                    given[l] = true;
                }
                if (r >= 0 && needed[r]) {
                    firstRight[k] = !given[r];
                    given[r] = true;
                }
            }
        }
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
                if (p.ops[k] == PARAMETER) {
                    return "the parameter " + Printer.formula(p.source(k)) + " is " + v;
                }
                return Printer.formula(p.source(k)) + " = " + operation(k, i) + (Double.isNaN(v) ? " is not a number"
                        : " is " + (v > 0 ? "infinite" : "minus infinity"));
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
        if (rowsApart) {
            careful = true;
            sweepBack(dLdy, rows);
            careful = false;
            return;
        }
        System.arraycopy(sums, 0, savedSums, 0, sums.length);
        sweepBack(dLdy, rows);
        if (hasNaN(sums) && !hasNaN(savedSums)) { // an infinite derivative met a zero: again, with the zero winning
            System.arraycopy(savedSums, 0, sums, 0, sums.length);
            careful = true;
            try {
                sweepBack(dLdy, rows);
            } finally {
                careful = false;
            }
        }
    }

    private void sweepBack(double[] dLdy, int rows) {
        System.arraycopy(dLdy, 0, adjoints[p.output], 0, rows);
        for (int k = p.size() - 1; k >= 0; k--) {
            if (p.varying[k] && needed[k]) {
                backward(k, rows);
            }
        }
    }

    private static boolean hasNaN(double[] values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** Writes the gradient summed over every row swept since the parameters were set (or {@link #clear}) into {@code gradient[offset..]}. */
    public void gradient(double[] gradient, int offset) {
        Arrays.fill(gradient, offset, offset + parameters.length, 0);
        parameterSweep(sums, p.size() - 1, gradient, offset);
    }

    /**
     * The short backward sweep over the instructions that depend on the parameters alone, from instruction {@code top}
     * down, starting from the adjoints {@code seeds} (left as they are): adds the parameters' adjoints into
     * {@code gradient[offset ..]}. Its working sums are a copy, so the running ones are not disturbed.
     */
    private void parameterSweep(double[] seeds, int top, double[] gradient, int offset) {
        double[] running = sums;
        System.arraycopy(seeds, 0, sweepSums, 0, seeds.length);
        sums = sweepSums; // pass and product add into these
        try {
            for (int k = top; k >= 0; k--) {
                if (p.varying[k] || !needed[k]) {
                    continue;
                }
                if (p.ops[k] == PARAMETER) {
                    gradient[offset + (int) p.operand[k]] += sums[k];
                } else {
                    adjoints[k][0] = sums[k]; // one "row"
                    backward(k, 1);
                }
            }
        } finally {
            sums = running;
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
        rowsApart = true;
        try {
            for (int k : boundary) {
                Arrays.fill(adjoints[k], 0, rows, 0); // kept per row here, and added to from every reader
            }
            backward(ones, rows);
        } finally {
            rowsApart = false;
        }
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
        double[] seed = new double[p.size()];
        for (int c = 0; c < boundary.length; c++) {
            seed[boundary[c]] = 1;
            parameterSweep(seed, boundary[c], gradients[c], 0);
            seed[boundary[c]] = 0;
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

    /**
     * Passes instruction k's adjoint over rows 0..rows on to the instructions it read that depend on a parameter: into
     * the adjoint of one that varies, into the sum of one that does not (or its per-row adjoint, in a Jacobian's sweep).
     */
    private void backward(int k, int rows) {
        int op = p.ops[k];
        double[] g = adjoints[k];
        double[] v = values[k];
        int l = p.left[k];
        int r = p.right[k];
        double[] a = values[l];
        double[] b = r >= 0 ? values[r] : null;
        boolean toLeft = needed[l];
        boolean toRight = r >= 0 && needed[r];
        switch (op) {
            case NEGATE -> pass(k, l, true, g, -1, rows);
            case COPY -> pass(k, l, true, g, 1, rows);
            case ADD -> {
                if (toLeft) {
                    pass(k, l, true, g, 1, rows);
                }
                if (toRight) {
                    pass(k, r, false, g, 1, rows);
                }
            }
            case SUBTRACT -> {
                if (toLeft) {
                    pass(k, l, true, g, 1, rows);
                }
                if (toRight) {
                    pass(k, r, false, g, -1, rows);
                }
            }
            case MULTIPLY -> {
                if (toLeft && toRight && p.varying[l] != p.varying[r] && !rowsApart) {
                    scaledAndSummed(k, g, rows); // a row's value times a parameter's: one loop for both
                    return;
                }
                if (toLeft) {
                    product(k, l, true, g, b, rows);
                }
                if (toRight) {
                    product(k, r, false, g, a, rows);
                }
            }
            default -> {
                if (op == EXP) {
                    product(k, l, true, g, v, rows); // d exp(a)/da is exp(a) itself
                    return;
                }
                double[] t = scratch;
                if (toLeft) {
                    leftFactor(op, v, a, b, t, rows);
                    product(k, l, true, g, t, rows);
                }
                if (toRight) {
                    rightFactor(op, v, a, b, t, rows);
                    product(k, r, false, g, t, rows);
                }
            }
        }
    }

    /**
     * Passes {@code sign * g} to instruction o, read by k on its left ({@code left}) or right. Where k is the first to
     * pass o anything and passes g unchanged on its left, o's adjoint simply becomes k's array: k's adjoint is final
     * by now, and nothing reads it again in this sweep. (One side only: two readers sharing one array would add into
     * each other's adjoints.)
     */
    private void pass(int k, int o, boolean left, double[] g, double sign, int rows) {
        double[] target = adjoints[o];
        if (!p.varying[o] && !rowsApart) {
            sums[o] += sign * sum(g, null, rows);
        } else if (left && firstLeft[k] && sign == 1 && p.varying[o]) {
            adjoints[o] = g;
        } else if (left ? firstLeft[k] : firstRight[k]) {
            for (int i = 0; i < rows; i++) {
                target[i] = sign * g[i];
            }
        } else {
            for (int i = 0; i < rows; i++) {
                target[i] += sign * g[i];
            }
        }
    }

    /**
     * The backward step of {@code v = u * s}, u varying and s computed from the parameters alone (either side): u's
     * adjoint gets {@code g * s}, s's sum gets {@code sum_i g[i] * u[i]}, in one loop over the rows, the sum in four
     * running sums as {@link #sum} takes it.
     */
    private void scaledAndSummed(int k, double[] g, int rows) {
        boolean varyingLeft = p.varying[p.left[k]];
        int u = varyingLeft ? p.left[k] : p.right[k];
        int scalar = varyingLeft ? p.right[k] : p.left[k];
        boolean first = varyingLeft ? firstLeft[k] : firstRight[k];
        double c = values[scalar][0];
        double[] x = values[u];
        double[] target = adjoints[u];
        if (careful) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += times(g[i], x[i]);
                target[i] = (first ? 0 : target[i]) + times(g[i], c);
            }
            sums[scalar] += s;
            return;
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        if (first) {
            for (; i + 3 < rows; i += 4) {
                s0 += g[i] * x[i];
                s1 += g[i + 1] * x[i + 1];
                s2 += g[i + 2] * x[i + 2];
                s3 += g[i + 3] * x[i + 3];
                target[i] = g[i] * c;
                target[i + 1] = g[i + 1] * c;
                target[i + 2] = g[i + 2] * c;
                target[i + 3] = g[i + 3] * c;
            }
            for (; i < rows; i++) {
                s0 += g[i] * x[i];
                target[i] = g[i] * c;
            }
        } else {
            for (; i + 3 < rows; i += 4) {
                s0 += g[i] * x[i];
                s1 += g[i + 1] * x[i + 1];
                s2 += g[i + 2] * x[i + 2];
                s3 += g[i + 3] * x[i + 3];
                target[i] += g[i] * c;
                target[i + 1] += g[i + 1] * c;
                target[i + 2] += g[i + 2] * c;
                target[i + 3] += g[i + 3] * c;
            }
            for (; i < rows; i++) {
                s0 += g[i] * x[i];
                target[i] += g[i] * c;
            }
        }
        sums[scalar] += (s0 + s1) + (s2 + s3);
    }

    /** Passes {@code g * f} to instruction o, read by k on its left ({@code left}) or right. */
    private void product(int k, int o, boolean left, double[] g, double[] f, int rows) {
        double[] target = adjoints[o];
        if (careful) {
            boolean first = left ? firstLeft[k] : firstRight[k];
            boolean summed = !p.varying[o] && !rowsApart;
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double t = times(g[i], f[i]);
                if (summed) {
                    s += t;
                } else {
                    target[i] = (first ? 0 : target[i]) + t;
                }
            }
            if (summed) {
                sums[o] += s;
            }
        } else if (!p.varying[o] && !rowsApart) {
            sums[o] += sum(g, f, rows);
        } else if (left ? firstLeft[k] : firstRight[k]) {
            for (int i = 0; i < rows; i++) {
                target[i] = g[i] * f[i];
            }
        } else {
            for (int i = 0; i < rows; i++) {
                target[i] += g[i] * f[i];
            }
        }
    }

    /**
     * {@code g * f}, where a zero on either side wins: an infinite local derivative (sqrt's, or x^0.5's, at 0) times a
     * zero (a row where x is 0, or an adjoint of 0) is the limit 0, where IEEE's product would be NaN and stop a fit.
     */
    private static double times(double g, double f) {
        return g == 0 || f == 0 ? 0 : g * f;
    }

    /**
     * {@code sum_i g[i] * f[i]} (or of {@code g} alone when f is null) in four running sums, combined in a fixed order:
     * one sum would wait on each addition in turn, four keep the adder busy. The order depends on nothing but the rows.
     */
    private static double sum(double[] g, double[] f, int rows) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        if (f == null) {
            for (; i + 3 < rows; i += 4) {
                s0 += g[i];
                s1 += g[i + 1];
                s2 += g[i + 2];
                s3 += g[i + 3];
            }
            for (; i < rows; i++) {
                s0 += g[i];
            }
        } else {
            for (; i + 3 < rows; i += 4) {
                s0 += g[i] * f[i];
                s1 += g[i + 1] * f[i + 1];
                s2 += g[i + 2] * f[i + 2];
                s3 += g[i + 3] * f[i + 3];
            }
            for (; i < rows; i++) {
                s0 += g[i] * f[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code d v / d a} for an instruction with value v that read a (and b): the chain rule's local factor. */
    private static void leftFactor(int op, double[] v, double[] a, double[] b, double[] t, int rows) {
        switch (op) {
            case DIVIDE -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = 1 / b[i];
                }
            }
            case SQUARE -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = 2 * a[i];
                }
            }
            case POWER -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = b[i] * Math.pow(a[i], b[i] - 1);
                }
            }
            default -> functionFactor(FUNCTIONS[op - FUNCTION], v, a, b, t, rows);
        }
    }

    /** {@code d v / d b}, for an instruction that read two values. */
    private static void rightFactor(int op, double[] v, double[] a, double[] b, double[] t, int rows) {
        switch (op) {
            case DIVIDE -> { // d(a/b)/db = -(a/b)/b
                for (int i = 0; i < rows; i++) {
                    t[i] = -v[i] / b[i];
                }
            }
            case POWER -> { // a^b log(a); 0 where a^b is 0, whose limit that is
                for (int i = 0; i < rows; i++) {
                    t[i] = v[i] == 0 ? 0 : v[i] * Math.log(a[i]);
                }
            }
            default -> { // min and max follow one argument: the second where the first is passed over
                boolean min = op - FUNCTION == Function.MIN.ordinal();
                for (int i = 0; i < rows; i++) {
                    t[i] = (min ? a[i] <= b[i] : a[i] >= b[i]) ? 0 : 1;
                }
            }
        }
    }

    private static void functionFactor(Function f, double[] v, double[] a, double[] b, double[] t, int rows) {
        switch (f) {
            case LOG -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = 1 / a[i];
                }
            }
            case SQRT -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = 0.5 / v[i];
                }
            }
            case TANH -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = 1 - v[i] * v[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = v[i] * (1 - v[i]);
                }
            }
            default -> {
                for (int i = 0; i < rows; i++) {
                    t[i] = switch (f) {
                        case ABS -> Math.signum(a[i]);
                        case SIN -> Math.cos(a[i]);
                        case COS -> -Math.sin(a[i]);
                        case TAN -> 1 + v[i] * v[i];
                        case ATAN -> 1 / (1 + a[i] * a[i]);
                        // the argument min or max follows; a tie follows the first, as the symbolic derivative does
                        case MIN -> a[i] <= b[i] ? 1 : 0;
                        case MAX -> a[i] >= b[i] ? 1 : 0;
                        case SIGN, STEP -> 0;
                        default -> throw new IllegalStateException(f.label());
                    };
                }
            }
        }
    }
}
