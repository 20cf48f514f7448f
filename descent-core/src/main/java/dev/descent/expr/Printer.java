package dev.descent.expr;

import dev.descent.expr.Expr.Binary;
import dev.descent.expr.Expr.Call;
import dev.descent.expr.Expr.Constant;
import dev.descent.expr.Expr.Name;
import dev.descent.expr.Expr.Negate;
import dev.descent.expr.Expr.Num;
import dev.descent.expr.Expr.Op;
import java.math.BigDecimal;

/**
 * Writes a tree back as text, with no more parentheses than precedence needs, in one of three
 * styles: {@link #formula} (with {@code *}, which {@link Parser} reads back to a tree of the same
 * value, bit for bit: the same tree, but that a negative number reads back as the negation of a
 * positive one),
 * {@link #readable} (products by juxtaposition, as the lesson writes {@code 2 (a x + b - y) x}),
 * and {@link #latex}.
 */
public final class Printer {
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int UNARY = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private enum Style { FORMULA, READABLE, LATEX }

    private final Style style;

    private Printer(Style style) {
        this.style = style;
    }

    /** Text the parser reads back to a tree with the same value for every input, to the bit. */
    public static String formula(Expr e) {
        return new Printer(Style.FORMULA).print(e);
    }

    /** Text for people: {@code 2 (a x + b - y) x}. */
    public static String readable(Expr e) {
        return new Printer(Style.READABLE).print(e);
    }

    /** LaTeX math (without the surrounding dollars). */
    public static String latex(Expr e) {
        return new Printer(Style.LATEX).print(e);
    }

    private String print(Expr e) {
        if (e instanceof Num n) {
            return number(n.value());
        }
        if (e instanceof Constant c) {
            return style == Style.LATEX ? "\\" + c.name() : c.name();
        }
        if (e instanceof Name n) {
            return style == Style.LATEX ? latexName(n.name()) : n.name();
        }
        if (e instanceof Negate n) {
            // -(b*x) keeps its parentheses to parse back to the same tree; for people -b x says the same
            int needed = style == Style.FORMULA ? UNARY : PRODUCT;
            return "-" + wrap(n.operand(), precedence(n.operand()), needed);
        }
        if (e instanceof Binary b) {
            return binary(b);
        }
        return call((Call) e);
    }

    private String binary(Binary b) {
        Expr l = b.left();
        Expr r = b.right();
        return switch (b.op()) {
            // a + (b + c) keeps its parentheses in a formula: without them it would read back as (a + b) + c, whose
            // rounding differs
            case ADD -> print(l) + " + " + wrap(r, precedence(r), style == Style.FORMULA ? SUM + 1 : SUM);
            case SUBTRACT -> print(l) + " - " + wrap(r, precedence(r), SUM + 1);
            case MULTIPLY -> {
                String left = wrap(l, precedence(l), PRODUCT);
                String right = wrap(r, precedence(r), POWER); // a (-b), not a -b
                String times = switch (style) {
                    case FORMULA -> "*";
                    case LATEX -> Character.isDigit(right.charAt(0)) ? " \\cdot " : " \\, ";
                    case READABLE -> Character.isDigit(right.charAt(0)) ? " * " : " ";
                };
                yield left + times + right;
            }
            case DIVIDE -> style == Style.LATEX ? "\\frac{" + print(l) + "}{" + print(r) + "}"
                    : wrap(l, precedence(l), PRODUCT) + (style == Style.FORMULA ? "/" : " / ") + wrap(r, precedence(r), POWER);
            case POWER -> {
                String base = wrap(l, precedence(l), ATOM);
                yield style == Style.LATEX ? base + "^{" + print(r) + "}" : base + "^" + wrap(r, precedence(r), POWER);
            }
        };
    }

    private String call(Call c) {
        String f = c.function().label();
        if (style == Style.LATEX) {
            String argument = print(c.arguments().get(0));
            return switch (c.function()) {
                case SQRT -> "\\sqrt{" + argument + "}";
                case ABS -> "\\left|" + argument + "\\right|";
                case EXP, LOG, SIN, COS, TAN, TANH -> "\\" + f + "\\left(" + argument + "\\right)";
                case ATAN -> "\\arctan\\left(" + argument + "\\right)";
                case MIN, MAX -> "\\" + f + "\\left(" + argument + ", " + print(c.arguments().get(1)) + "\\right)";
                case POW -> wrap(c.arguments().get(0), precedence(c.arguments().get(0)), ATOM) + "^{"
                        + print(c.arguments().get(1)) + "}";
                default -> "\\operatorname{" + f + "}\\left(" + argument + "\\right)";
            };
        }
        StringBuilder s = new StringBuilder(f).append('(');
        for (int i = 0; i < c.arguments().size(); i++) {
            s.append(i == 0 ? "" : ", ").append(print(c.arguments().get(i)));
        }
        return s.append(')').toString();
    }

    /** {@code e} printed, in parentheses when its precedence is below {@code needed}. */
    private String wrap(Expr e, int precedence, int needed) {
        String s = print(e);
        if (precedence >= needed) {
            return s;
        }
        return style == Style.LATEX ? "\\left(" + s + "\\right)" : "(" + s + ")";
    }

    private static int precedence(Expr e) {
        if (e instanceof Num n) {
            return n.value() < 0 || n.value() == 0 && 1 / n.value() < 0 ? UNARY : ATOM;
        }
        if (e instanceof Negate) {
            return UNARY;
        }
        if (e instanceof Binary b) {
            return switch (b.op()) {
                case ADD, SUBTRACT -> SUM;
                case MULTIPLY, DIVIDE -> PRODUCT;
                case POWER -> POWER;
            };
        }
        return ATOM;
    }

    /** The shortest text that reads back as the same double: 2, not 2.0; 0.001, 1e-10. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return v == 0 && 1 / v < 0 ? "-0" : Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.contains("E")) {
            return s.replace(".0E", "E").replace("E", "e");
        }
        return new BigDecimal(s).toPlainString();
    }

    /** {@code b1} as {@code b_{1}}, {@code k_on} as {@code k_{on}}. */
    private static String latexName(String name) {
        int underscore = name.indexOf('_');
        if (underscore > 0 && underscore < name.length() - 1) {
            return name.substring(0, underscore) + "_{" + name.substring(underscore + 1).replace("_", "\\_") + "}";
        }
        int digits = name.length();
        while (digits > 1 && Character.isDigit(name.charAt(digits - 1))) {
            digits--;
        }
        return digits < name.length() ? name.substring(0, digits) + "_{" + name.substring(digits) + "}" : name;
    }
}
