package dev.descent.expr;

import dev.descent.expr.Expr.Binary;
import dev.descent.expr.Expr.Call;
import dev.descent.expr.Expr.Constant;
import dev.descent.expr.Expr.Name;
import dev.descent.expr.Expr.Negate;
import dev.descent.expr.Expr.Num;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A formula compiled to a flat list of instructions, each naming the earlier instructions it reads:
 * a tree turned into a graph in which a subexpression that occurs twice ({@code b*x} in
 * {@code exp(b*x) + b*x}) is one instruction, computed once. {@link Tape} runs it over rows, forward
 * for the value and backward for every parameter's derivative.
 *
 * <p>An instruction is <em>varying</em> when it reads a data column, directly or not; the others
 * ({@code b^2} in {@code x/b^2}) depend on the parameters alone and are computed once per set of
 * parameters, not once per row.
 */
public final class Program {
    static final int CONSTANT = 0;
    static final int PARAMETER = 1;
    static final int COLUMN = 2;
    static final int NEGATE = 3;
    static final int ADD = 4;
    static final int SUBTRACT = 5;
    static final int MULTIPLY = 6;
    static final int DIVIDE = 7;
    static final int POWER = 8;
    static final int SQUARE = 9;
    /** A varying copy of a value that is not: the output of a formula that reads no column, such as {@code c}. */
    static final int COPY = 10;
    /** Calls: {@code FUNCTION + Function.ordinal()}. */
    static final int FUNCTION = 16;

    final int[] ops;
    final int[] left;
    final int[] right;
    /** A constant's value; a parameter's or column's index. */
    final double[] operand;
    final boolean[] varying;
    final int output;
    final int parameterCount;
    /** Each instruction as a formula, for messages. */
    private final List<Expr> sources;
    /** Each thread's tape for one row at a time, shared by every model of this program whatever its parameters. */
    private final ThreadLocal<Tape> rowTapes = ThreadLocal.withInitial(() -> new Tape(this, 1));

    private Program(Builder b, int output, int parameterCount) {
        int n = b.ops.size();
        this.ops = b.ops.stream().mapToInt(Integer::intValue).toArray();
        this.left = b.left.stream().mapToInt(Integer::intValue).toArray();
        this.right = b.right.stream().mapToInt(Integer::intValue).toArray();
        this.operand = b.operand.stream().mapToDouble(Double::doubleValue).toArray();
        this.varying = new boolean[n];
        for (int k = 0; k < n; k++) {
            varying[k] = b.varying.get(k);
        }
        this.sources = List.copyOf(b.sources);
        this.output = output;
        this.parameterCount = parameterCount;
    }

    /**
     * Compiles {@code e}, whose names are each one of {@code parameters} or one of {@code columns}; parameter k and
     * column j are then read as the k-th parameter and the j-th value of a row.
     */
    public static Program compile(Expr e, List<String> parameters, List<String> columns) {
        Builder b = new Builder(parameters, columns);
        int output = b.node(e);
        if (!b.varying.get(output)) {
            output = b.add(COPY, output, -1, 0, true, e);
        }
        return new Program(b, output, parameters.size());
    }

    /** The number of parameters an evaluation reads. */
    public int parameterCount() {
        return parameterCount;
    }

    /** This thread's tape for sweeps of one row; set its parameters before each use. */
    public Tape rowTape() {
        return rowTapes.get();
    }

    /** The number of instructions. */
    public int size() {
        return ops.length;
    }

    /** Instruction k as a formula. */
    Expr source(int k) {
        return sources.get(k);
    }

    /** Hash-conses the tree into instructions: an instruction equal to an earlier one is that one. */
    private static final class Builder {
        private record Key(int op, int left, int right, double operand) {
        }

        private final List<String> parameters;
        private final List<String> columns;
        private final Map<Key, Integer> seen = new HashMap<>();
        final List<Integer> ops = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<Double> operand = new ArrayList<>();
        final List<Boolean> varying = new ArrayList<>();
        final List<Expr> sources = new ArrayList<>();

        Builder(List<String> parameters, List<String> columns) {
            this.parameters = parameters;
            this.columns = columns;
        }

        int node(Expr e) {
            if (e instanceof Num n) {
                return add(CONSTANT, -1, -1, n.value(), false, e);
            }
            if (e instanceof Constant c) {
                return add(CONSTANT, -1, -1, c.value(), false, e);
            }
            if (e instanceof Name n) {
                int k = parameters.indexOf(n.name());
                if (k >= 0) {
                    return add(PARAMETER, -1, -1, k, false, e);
                }
                int j = columns.indexOf(n.name());
                if (j < 0) {
                    throw new IllegalArgumentException("'" + n.name() + "' is neither a parameter nor a column");
                }
                return add(COLUMN, -1, -1, j, true, e);
            }
            if (e instanceof Negate n) {
                return unary(NEGATE, node(n.operand()), e);
            }
            if (e instanceof Binary b) {
                if (b.op() == Expr.Op.POWER && b.right() instanceof Num p && p.value() == 2) {
                    return unary(SQUARE, node(b.left()), e);
                }
                int op = switch (b.op()) {
                    case ADD -> ADD;
                    case SUBTRACT -> SUBTRACT;
                    case MULTIPLY -> MULTIPLY;
                    case DIVIDE -> DIVIDE;
                    case POWER -> POWER;
                };
                return binary(op, node(b.left()), node(b.right()), e);
            }
            Call c = (Call) e;
            if (c.function() == Function.POW) {
                return node(Expr.power(c.arguments().get(0), c.arguments().get(1)));
            }
            int a = node(c.arguments().get(0));
            return c.function().arity() == 1 ? unary(FUNCTION + c.function().ordinal(), a, e)
                    : binary(FUNCTION + c.function().ordinal(), a, node(c.arguments().get(1)), e);
        }

        private int unary(int op, int a, Expr source) {
            return add(op, a, -1, 0, varying.get(a), source);
        }

        private int binary(int op, int a, int b, Expr source) {
            return add(op, a, b, 0, varying.get(a) || varying.get(b), source);
        }

        int add(int op, int a, int b, double value, boolean isVarying, Expr source) {
            Key key = new Key(op, a, b, value);
            Integer known = seen.get(key);
            if (known != null) {
                return known;
            }
            ops.add(op);
            left.add(a);
            right.add(b);
            operand.add(value);
            varying.add(isVarying);
            sources.add(source);
            seen.put(key, ops.size() - 1);
            return ops.size() - 1;
        }
    }
}
