package dev.descent.expr;

import dev.descent.expr.Expr.Binary;
import dev.descent.expr.Expr.Call;
import dev.descent.expr.Expr.Constant;
import dev.descent.expr.Expr.Name;
import dev.descent.expr.Expr.Negate;
import dev.descent.expr.Expr.Num;

/**
 * Symbolic differentiation: the chain rule applied node by node, each result simplified as it is
 * built. {@code d(u*v) = du*v + u*dv}, {@code d exp(u) = exp(u)*du}, and so on; for a model
 * {@code a*x + b} it gives {@code x} for {@code a} and {@code 1} for {@code b}: the lesson's
 * {@code dy_pred/da = x}.
 */
public final class Derivative {
    private final String variable;

    private Derivative(String variable) {
        this.variable = variable;
    }

    /** {@code d e / d variable}, simplified. */
    public static Expr of(Expr e, String variable) {
        return Simplifier.simplify(new Derivative(variable).d(e));
    }

    private Expr d(Expr e) {
        if (e instanceof Num || e instanceof Constant) {
            return Expr.num(0);
        }
        if (e instanceof Name n) {
            return Expr.num(n.name().equals(variable) ? 1 : 0);
        }
        if (e instanceof Negate n) {
            return Simplifier.negate(d(n.operand()));
        }
        if (e instanceof Binary b) {
            return binary(b);
        }
        return call((Call) e);
    }

    private Expr binary(Binary b) {
        Expr u = b.left();
        Expr v = b.right();
        Expr du = d(u);
        Expr dv = d(v);
        return switch (b.op()) {
            case ADD -> Simplifier.add(du, dv);
            case SUBTRACT -> Simplifier.subtract(du, dv);
            case MULTIPLY -> Simplifier.add(Simplifier.multiply(du, v), Simplifier.multiply(u, dv));
            // d(u/v) = du/v - u dv / v^2
            case DIVIDE -> Simplifier.subtract(Simplifier.divide(du, v),
                    Simplifier.divide(Simplifier.multiply(u, dv), Simplifier.power(v, Expr.num(2))));
            case POWER -> power(u, v, du, dv);
        };
    }

    /** {@code d u^v = v u^(v-1) du + u^v log(u) dv}, each term only where its factor du or dv is not zero. */
    private static Expr power(Expr u, Expr v, Expr du, Expr dv) {
        Expr first = Simplifier.isZero(du) ? Expr.num(0)
                : Simplifier.multiply(Simplifier.multiply(v, Simplifier.power(u, Simplifier.subtract(v, Expr.num(1)))), du);
        Expr second = Simplifier.isZero(dv) ? Expr.num(0)
                : Simplifier.multiply(Simplifier.multiply(Simplifier.power(u, v), Expr.call(Function.LOG, u)), dv);
        return Simplifier.add(first, second);
    }

    private Expr call(Call c) {
        Expr u = c.arguments().get(0);
        Expr du = d(u);
        if (c.function().arity() == 2) {
            Expr v = c.arguments().get(1);
            Expr dv = d(v);
            return switch (c.function()) {
                case POW -> power(u, v, du, dv);
                // min(u, v) follows u until u passes v: du + step(u - v) (dv - du); max the other way round
                case MIN -> Simplifier.add(du, Simplifier.multiply(Expr.call(Function.STEP, Simplifier.subtract(u, v)),
                        Simplifier.subtract(dv, du)));
                case MAX -> Simplifier.add(du, Simplifier.multiply(Expr.call(Function.STEP, Simplifier.subtract(v, u)),
                        Simplifier.subtract(dv, du)));
                default -> throw new IllegalStateException(c.function().label());
            };
        }
        if (Simplifier.isZero(du)) {
            return Expr.num(0);
        }
        Expr outer = switch (c.function()) {
            case EXP -> c;
            case LOG -> Simplifier.divide(Expr.num(1), u);
            case SQRT -> Simplifier.divide(Expr.num(1), Simplifier.multiply(Expr.num(2), c));
            case ABS -> Expr.call(Function.SIGN, u);
            case SIN -> Expr.call(Function.COS, u);
            case COS -> Simplifier.negate(Expr.call(Function.SIN, u));
            case TAN -> Simplifier.add(Expr.num(1), Simplifier.power(c, Expr.num(2)));
            case ATAN -> Simplifier.divide(Expr.num(1), Simplifier.add(Expr.num(1), Simplifier.power(u, Expr.num(2))));
            case TANH -> Simplifier.subtract(Expr.num(1), Simplifier.power(c, Expr.num(2)));
            case SIGMOID -> Simplifier.multiply(c, Simplifier.subtract(Expr.num(1), c));
            case SIGN, STEP -> Expr.num(0);
            default -> throw new IllegalStateException(c.function().label());
        };
        return Simplifier.multiply(outer, du);
    }
}
