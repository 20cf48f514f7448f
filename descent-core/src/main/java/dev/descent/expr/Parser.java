package dev.descent.expr;

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
    private final String text;
    private int at;

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
        return e;
    }

    private Expr sum() throws FormulaException {
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
        if (take('-')) {
            return Expr.negate(unary());
        }
        if (take('+')) {
            return unary();
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
