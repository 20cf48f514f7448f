package dev.descent.expr;

import java.util.List;

/**
 * A formula as a tree: numbers, names, operators and function calls. Immutable; two trees are
 * equal when they have the same shape and values, which is what lets the compiler share common
 * subexpressions.
 */
public sealed interface Expr {

    /** A number, such as {@code 2} or {@code 1e-3}. */
    record Num(double value) implements Expr {
    }

    /** A named constant, such as {@code pi}: printed by name, evaluated as its value. */
    record Constant(String name, double value) implements Expr {
    }

    /** A name: a data column or a parameter, which one decided by the data it meets. */
    record Name(String name) implements Expr {
    }

    /** {@code -operand}. */
    record Negate(Expr operand) implements Expr {
    }

    /** {@code left op right}. */
    record Binary(Op op, Expr left, Expr right) implements Expr {
    }

    /** {@code function(arguments...)}, with as many arguments as the function takes. */
    record Call(Function function, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
            if (arguments.size() != function.arity()) {
                throw new IllegalArgumentException(function.label() + " takes " + function.arity() + " arguments");
            }
        }
    }

    /** The binary operators, with their symbols. */
    enum Op {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), POWER("^");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    static Expr num(double value) {
        return new Num(value);
    }

    static Expr name(String name) {
        return new Name(name);
    }

    static Expr add(Expr a, Expr b) {
        return new Binary(Op.ADD, a, b);
    }

    static Expr subtract(Expr a, Expr b) {
        return new Binary(Op.SUBTRACT, a, b);
    }

    static Expr multiply(Expr a, Expr b) {
        return new Binary(Op.MULTIPLY, a, b);
    }

    static Expr divide(Expr a, Expr b) {
        return new Binary(Op.DIVIDE, a, b);
    }

    static Expr power(Expr a, Expr b) {
        return new Binary(Op.POWER, a, b);
    }

    static Expr negate(Expr a) {
        return new Negate(a);
    }

    static Expr call(Function f, Expr... arguments) {
        return new Call(f, List.of(arguments));
    }
}
