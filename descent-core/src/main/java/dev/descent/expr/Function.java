package dev.descent.expr;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The functions a formula may call. {@code sign} and {@code step} are there because the
 * derivatives of {@code abs}, {@code min} and {@code max} need them; a user may call them too.
 */
public enum Function {
    EXP(1), LOG(1), SQRT(1), ABS(1), SIN(1), COS(1), TAN(1), ATAN(1), TANH(1), SIGMOID(1),
    POW(2), MIN(2), MAX(2),
    /** -1, 0 or 1. */
    SIGN(1),
    /** 1 where the argument is positive, else 0. */
    STEP(1);

    private final int arity;

    Function(int arity) {
        this.arity = arity;
    }

    public int arity() {
        return arity;
    }

    /** The name a formula calls it by. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function called {@code name} in a formula. */
    public static Optional<Function> named(String name) {
        return Arrays.stream(values()).filter(f -> f.label().equals(name)).findFirst();
    }

    /** Every function's name, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Function::label).collect(Collectors.joining(", "));
    }

    /** The function's value. */
    public double apply(double a, double b) {
        return switch (this) {
            case EXP -> Math.exp(a);
            case LOG -> Math.log(a);
            case SQRT -> Math.sqrt(a);
            case ABS -> Math.abs(a);
            case SIN -> Math.sin(a);
            case COS -> Math.cos(a);
            case TAN -> Math.tan(a);
            case ATAN -> Math.atan(a);
            case TANH -> Math.tanh(a);
            case SIGMOID -> 1 / (1 + Math.exp(-a));
            case POW -> Math.pow(a, b);
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case SIGN -> Math.signum(a);
            case STEP -> a > 0 ? 1 : 0;
        };
    }
}
