package dev.descent.expr;

import dev.descent.expr.Expr.Binary;
import dev.descent.expr.Expr.Call;
import dev.descent.expr.Expr.Negate;
import dev.descent.expr.Expr.Num;
import dev.descent.expr.Expr.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rewrites a tree into a smaller one with the same value wherever both are defined: numbers
 * folded, {@code 0} and {@code 1} dropped where they change nothing, signs gathered to the front,
 * numbers to the front of products. It is what turns a mechanical derivative such as
 * {@code 2*(a*x + b - y)^(2-1)*(1*x + a*0 + 0)} into the lesson's {@code 2 (a x + b - y) x}.
 */
public final class Simplifier {
    private Simplifier() {
    }

    public static Expr simplify(Expr e) {
        if (e instanceof Negate n) {
            return negate(simplify(n.operand()));
        }
        if (e instanceof Binary b) {
            Expr l = simplify(b.left());
            Expr r = simplify(b.right());
            return switch (b.op()) {
                case ADD -> add(l, r);
                case SUBTRACT -> subtract(l, r);
                case MULTIPLY -> multiply(l, r);
                case DIVIDE -> divide(l, r);
                case POWER -> power(l, r);
            };
        }
        if (e instanceof Call c) {
            List<Expr> arguments = c.arguments().stream().map(Simplifier::simplify).toList();
            if (arguments.stream().allMatch(a -> a instanceof Num)) {
                double value = c.function().apply(((Num) arguments.get(0)).value(),
                        arguments.size() > 1 ? ((Num) arguments.get(1)).value() : 0);
                if (Double.isFinite(value) && isExact(c.function(), value)) {
                    return Expr.num(value);
                }
            }
            return new Call(c.function(), arguments);
        }
        return e;
    }

    /** Folds a call only where the result is exact (sign(2) = 1, min(1, 2) = 1), so printed derivatives keep exp(1) as exp(1). */
    private static boolean isExact(Function f, double value) {
        return switch (f) {
            case ABS, MIN, MAX, SIGN, STEP -> true;
            default -> value == 0 || value == 1;
        };
    }

    static Expr negate(Expr a) {
        if (a instanceof Num n) {
            return Expr.num(-n.value());
        }
        if (a instanceof Negate n) {
            return n.operand();
        }
        if (a instanceof Binary b && b.op() == Op.SUBTRACT) {
            return Expr.subtract(b.right(), b.left());
        }
        if (a instanceof Binary b && (b.op() == Op.MULTIPLY || b.op() == Op.DIVIDE) && b.left() instanceof Num n) {
            return new Binary(b.op(), Expr.num(-n.value()), b.right());
        }
        return Expr.negate(a);
    }

    static Expr add(Expr a, Expr b) {
        if (a instanceof Num x && b instanceof Num y) {
            return Expr.num(x.value() + y.value());
        }
        if (isZero(a)) {
            return b;
        }
        if (isZero(b)) {
            return a;
        }
        if (b instanceof Negate n) {
            return subtract(a, n.operand());
        }
        if (b instanceof Num y && y.value() < 0) {
            return Expr.subtract(a, Expr.num(-y.value()));
        }
        if (a instanceof Negate n) {
            return subtract(b, n.operand());
        }
        if (a.equals(b)) {
            return multiply(Expr.num(2), a);
        }
        return Expr.add(a, b);
    }

    static Expr subtract(Expr a, Expr b) {
        if (a instanceof Num x && b instanceof Num y) {
            return Expr.num(x.value() - y.value());
        }
        if (isZero(b)) {
            return a;
        }
        if (isZero(a)) {
            return negate(b);
        }
        if (b instanceof Negate n) {
            return add(a, n.operand());
        }
        if (b instanceof Num y && y.value() < 0) {
            return Expr.add(a, Expr.num(-y.value()));
        }
        if (a.equals(b)) {
            return Expr.num(0);
        }
        return Expr.subtract(a, b);
    }

    static Expr multiply(Expr a, Expr b) {
        if (a instanceof Num x && b instanceof Num y) {
            return Expr.num(x.value() * y.value());
        }
        if (isZero(a) || isZero(b)) {
            return Expr.num(0);
        }
        if (isOne(a)) {
            return b;
        }
        if (isOne(b)) {
            return a;
        }
        if (isNumber(a, -1)) {
            return negate(b);
        }
        if (isNumber(b, -1)) {
            return negate(a);
        }
        if (a instanceof Negate n) {
            return negate(multiply(n.operand(), b));
        }
        if (b instanceof Negate n) {
            return negate(multiply(a, n.operand()));
        }
        if (a instanceof Binary p && p.op() == Op.DIVIDE) {
            return divide(multiply(p.left(), b), p.right()); // (u/w) v = u v / w
        }
        if (b instanceof Binary p && p.op() == Op.DIVIDE) {
            return divide(multiply(a, p.left()), p.right());
        }
        return product(a, b);
    }

    /**
     * A product as a chain of factors: the number first and calls last, the others in the order they came (as the
     * lesson writes {@code 2 (a x + b - y) x}, and {@code a x exp(b x)}); equal factors become a power.
     */
    private static Expr product(Expr a, Expr b) {
        List<Expr> factors = new ArrayList<>();
        factors(a, factors);
        factors(b, factors);
        double coefficient = 1;
        List<Expr> rest = new ArrayList<>();
        for (Expr f : factors) {
            if (f instanceof Num n) {
                coefficient *= n.value();
            } else {
                rest.add(f);
            }
        }
        rest.sort(Comparator.comparingInt(Simplifier::rank)); // stable: equal ranks keep their order
        List<Expr> merged = new ArrayList<>();
        for (int i = 0; i < rest.size(); ) {
            int j = i;
            while (j < rest.size() && rest.get(j).equals(rest.get(i))) {
                j++;
            }
            merged.add(j - i == 1 ? rest.get(i) : Expr.power(rest.get(i), Expr.num(j - i)));
            i = j;
        }
        if (coefficient == 0) {
            return Expr.num(0);
        }
        Expr result = coefficient == 1 ? null : Expr.num(coefficient);
        for (Expr f : merged) {
            result = result == null ? f : Expr.multiply(result, f);
        }
        return result == null ? Expr.num(1) : result;
    }

    private static void factors(Expr e, List<Expr> into) {
        if (e instanceof Binary p && p.op() == Op.MULTIPLY) {
            factors(p.left(), into);
            factors(p.right(), into);
        } else {
            into.add(e);
        }
    }

    private static int rank(Expr e) {
        return e instanceof Call ? 1 : 0;
    }

    static Expr divide(Expr a, Expr b) {
        if (a instanceof Num x && b instanceof Num y && y.value() != 0 && isWhole(x.value() / y.value())) {
            return Expr.num(x.value() / y.value());
        }
        if (isZero(a) && !isZero(b)) {
            return Expr.num(0);
        }
        if (isOne(b)) {
            return a;
        }
        if (a instanceof Negate n) {
            return negate(divide(n.operand(), b));
        }
        if (b instanceof Negate n) {
            return negate(divide(a, n.operand()));
        }
        if (a.equals(b)) {
            return Expr.num(1);
        }
        return Expr.divide(a, b);
    }

    static Expr power(Expr a, Expr b) {
        if (a instanceof Num x && b instanceof Num y && isWhole(Math.pow(x.value(), y.value()))) {
            return Expr.num(Math.pow(x.value(), y.value()));
        }
        if (isZero(b)) {
            return Expr.num(1);
        }
        if (isOne(b)) {
            return a;
        }
        if (isOne(a)) {
            return Expr.num(1);
        }
        if (a instanceof Binary p && p.op() == Op.POWER && b instanceof Num y && p.right() instanceof Num x
                && isWhole(x.value()) && isWhole(y.value())) {
            return power(p.left(), Expr.num(x.value() * y.value())); // (u^2)^3 = u^6; not (u^2)^0.5, which is |u|
        }
        return Expr.power(a, b);
    }

    private static boolean isWhole(double v) {
        return Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15;
    }

    static boolean isZero(Expr e) {
        return isNumber(e, 0);
    }

    static boolean isOne(Expr e) {
        return isNumber(e, 1);
    }

    private static boolean isNumber(Expr e, double value) {
        return e instanceof Num n && n.value() == value;
    }
}
