package dev.descent.expr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a formula by recursive descent, with the precedence of mathematics:
 *
 * <pre>
 * sum     = product (('+' | '-') product)*
 * product = unary (('*' | '/') unary)*
 * unary   = ('-' | '+') unary | power
 * power   = atom ('^' unary)?          right to left: 2^3^2 = 2^(3^2); -x^2 = -(x^2); 2^-1 = 0.5
 * atom    = number | name | function '(' sum (',' sum)* ')' | '(' sum ')'
 * </pre>
 *
 * Errors name the column (counted from 1) where reading stopped and what was expected there.
 */
public final class Parser {
    /** Parentheses, calls and signs nested deeper than this are refused: each level costs the parser stack. */
    static final int MAX_NESTING = 256;
    /**
     * The most levels a tree may have (a sum of 2,000 terms has 2,000): differentiating, simplifying and compiling it
     * each walk it recursively.
     */
    static final int MAX_DEPTH = 1000;

    private final String text;
    private int at;
    private int nesting;

    private Parser(String text) {
        this.text = text;
    }

    /** The tree of {@code text}. */
    public static Expr parse(String text) throws FormulaException {
        Parser parser = new Parser(text);
        parser.skipSpace();
        if (parser.at == text.length()) {
            throw new FormulaException("the formula is empty");
        }
        Expr e = parser.sum();
        if (parser.at < text.length()) {
            throw parser.error("expected an operator (+ - * / ^) or the end, found '" + text.charAt(parser.at) + "'");
        }
        if (depth(e) > MAX_DEPTH) {
            throw new FormulaException("the formula has more than " + MAX_DEPTH + " levels (terms of one sum or product"
                    + " count one each); split it");
        }
        return e;
    }

    /** The number of levels of a tree, counted without recursion. */
    private static int depth(Expr root) {
        ArrayDeque<Expr> level = new ArrayDeque<>(List.of(root));
        int depth = 0;
        while (!level.isEmpty() && depth <= MAX_DEPTH) {
            depth++;
            ArrayDeque<Expr> next = new ArrayDeque<>();
            for (Expr e : level) {
                if (e instanceof Expr.Negate n) {
                    next.add(n.operand());
                } else if (e instanceof Expr.Binary b) {
                    next.add(b.left());
                    next.add(b.right());
                } else if (e instanceof Expr.Call c) {
                    next.addAll(c.arguments());
                }
            }
            level = next;
        }
        return depth;
    }

    /** A sum, at one more level of nesting: the whole formula, or what parentheses or a call's arguments hold. */
    private Expr sum() throws FormulaException {
        if (++nesting > MAX_NESTING) {
            throw error("nested more than " + MAX_NESTING + " deep");
        }
        Expr e = terms();
        nesting--;
        return e;
    }

    private Expr terms() throws FormulaException {
        Expr e = product();
        while (true) {
            if (take('+')) {
                e = Expr.add(e, product());
            } else if (take('-')) {
                e = Expr.subtract(e, product());
            } else {
                return e;
            }
        }
    }

    private Expr product() throws FormulaException {
        Expr e = unary();
        while (true) {
            if (take('*')) {
                e = Expr.multiply(e, unary());
            } else if (take('/')) {
                e = Expr.divide(e, unary());
            } else {
                return e;
            }
        }
    }

    private Expr unary() throws FormulaException {
        if (take('-') || take('+')) {
            char sign = text.charAt(lastSign());
            if (++nesting > MAX_NESTING) {
                throw error("more than " + MAX_NESTING + " signs in a row");
            }
            Expr operand = unary();
            nesting--;
            return sign == '-' ? Expr.negate(operand) : operand;
        }
        Expr base = atom();
        return take('^') ? Expr.power(base, unary()) : base;
    }

    private Expr atom() throws FormulaException {
        if (at == text.length()) {
            throw error("expected a number, a name or '('");
        }
        char c = text.charAt(at);
        if (take('(')) {
            Expr e = sum();
            expect(')');
            return e;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            return nameOrCall();
        }
        throw error("expected a number, a name or '(', found '" + c + "'");
    }

    private Expr number() throws FormulaException {
        int start = at;
        while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            at++;
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            int mark = at++;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            if (at == text.length() || !Character.isDigit(text.charAt(at))) {
                at = mark; // "2e" is 2 followed by the name e: leave it to say so
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
        }
        String literal = text.substring(start, at);
        double value;
        try {
            value = Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            at = start;
            throw error("'" + literal + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            at = start;
            throw error(literal + " is too large for double precision");
        }
        skipSpace();
        return Expr.num(value);
    }

    private Expr nameOrCall() throws FormulaException {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        String name = text.substring(start, at);
        skipSpace();
        if (at < text.length() && text.charAt(at) == '(') {
            Function f = Function.named(name).orElse(null);
            if (f == null) {
                at = start;
                throw error("unknown function '" + name + "' (the functions are " + Function.names() + ")");
            }
            take('(');
            List<Expr> arguments = new ArrayList<>();
            arguments.add(sum());
            while (take(',')) {
                arguments.add(sum());
            }
            if (arguments.size() != f.arity()) {
                if (arguments.size() < f.arity()) {
                    throw error("expected ',': " + name + " takes " + f.arity() + " arguments");
                }
                throw error(name + " takes " + f.arity() + " argument" + (f.arity() == 1 ? "" : "s")
                        + ", not " + arguments.size());
            }
            expect(')');
            return new Expr.Call(f, arguments);
        }
        if (Function.named(name).isPresent()) {
            at = start + name.length();
            throw error("expected '(' after the function " + name);
        }
        if (name.equals("pi")) {
            return new Expr.Constant("pi", Math.PI);
        }
        return Expr.name(name);
    }

    /** Where the sign just taken stands: before any spaces skipped after it. */
    private int lastSign() {
        int i = at - 1;
        while (Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i;
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            skipSpace();
            return true;
        }
        return false;
    }

    private void expect(char c) throws FormulaException {
        if (!take(c)) {
            throw error("expected '" + c + "'" + (at < text.length() ? ", found '" + text.charAt(at) + "'" : ""));
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private FormulaException error(String what) {
        return new FormulaException("formula \"" + text + "\" at column " + (at + 1) + ": " + what);
    }
}
