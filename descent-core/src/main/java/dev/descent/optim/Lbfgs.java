package dev.descent.optim;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Limited-memory BFGS: a quasi-Newton method that builds a curvature model from the last
 * {@code memory} steps and gradient changes, then searches along the direction it gives for a
 * step that satisfies the strong Wolfe conditions. For smooth convex losses it is the fast route
 * to the optimum (Spark MLlib fits its linear models with it). Full-batch only.
 *
 * <p>J. Nocedal, "Updating quasi-Newton matrices with limited storage", Mathematics of
 * Computation 35 (1980), 773-782; the two-loop recursion and line search follow J. Nocedal,
 * S. J. Wright, <i>Numerical Optimization</i>, 2nd ed., Springer 2006, Algorithms 7.4, 3.5 and 3.6.
 *
 * @param learningRate the first trial step of the first iteration, in units of {@code 1/||g||}
 *                     (later iterations try the quasi-Newton step, length 1)
 * @param memory       how many step pairs to remember (Nocedal and Wright suggest 3 to 20)
 */
public record Lbfgs(double learningRate, int memory) implements Optimizer {
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final double CURVATURE = 0.9;
    private static final int MAX_EVALUATIONS = 40;

    public Lbfgs {
        Optimizer.checkRate("the learning rate", learningRate);
        if (memory < 1) {
            throw new IllegalArgumentException("memory must be at least 1, got " + memory);
        }
    }

    /** Step length 1 and a memory of 10 pairs. */
    public static Lbfgs standard() {
        return new Lbfgs(1, 10);
    }

    @Override
    public String name() {
        return "lbfgs";
    }

    /** A smooth function: writes its gradient at {@code x} and returns its value there. */
    @FunctionalInterface
    public interface Function {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /**
     * One iteration from {@code x}, whose value is {@code value} and gradient {@code gradient}; moves
     * {@code x} and overwrites {@code gradient} with the gradient at the new point.
     *
     * @return the value at the new point, or empty (and {@code x} untouched) when no step along the
     *         search direction lowers the function or its slope: the optimum, to working precision
     */
    public OptionalDouble iterate(double[] x, double[] gradient, double value, Function function, OptimizerState state) {
        int n = x.length;
        double[] direction = direction(gradient, state);
        double slope = dot(gradient, direction);
        if (!(slope < 0)) { // not a descent direction (rounding near the optimum): start the memory afresh
            state.restore(0, Map.of());
            direction = negate(gradient);
            slope = dot(gradient, direction);
            if (slope == 0) {
                return OptionalDouble.empty();
            }
        }
        double first = state.steps() == 0 ? learningRate / Math.max(1, Math.sqrt(-slope)) : 1;
        Search search = new Search(x, direction, value, slope, function);
        boolean found = search.run(first) || search.onSlope(first);
        if (!found || withinRounding(x, search.bestX) || (search.bestValue >= value
                && dot(search.bestGradient, search.bestGradient) >= dot(gradient, gradient))) {
            return OptionalDouble.empty(); // neither the value nor the gradient can be lowered any more
        }
        double[] s = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = search.bestX[k] - x[k];
            y[k] = search.bestGradient[k] - gradient[k];
        }
        System.arraycopy(search.bestX, 0, x, 0, n);
        System.arraycopy(search.bestGradient, 0, gradient, 0, n);
        remember(s, y, state);
        return OptionalDouble.of(search.bestValue);
    }

    /** {@code -H g} by the two-loop recursion over the remembered pairs. */
    private double[] direction(double[] gradient, OptimizerState state) {
        int pairs = (int) Math.min(state.steps(), memory);
        double[] q = gradient.clone();
        double[] alpha = new double[pairs];
        long newest = state.steps() - 1;
        for (int i = 0; i < pairs; i++) {
            int slot = (int) ((newest - i) % memory);
            double[] s = state.slot("s" + slot);
            double[] y = state.slot("y" + slot);
            alpha[i] = dot(s, q) / dot(y, s);
            axpy(-alpha[i], y, q);
        }
        if (pairs > 0) {
            int slot = (int) (newest % memory);
            double[] s = state.slot("s" + slot);
            double[] y = state.slot("y" + slot);
            double gamma = dot(s, y) / dot(y, y); // H0 = gamma I, Nocedal and Wright (7.20)
            for (int k = 0; k < q.length; k++) {
                q[k] *= gamma;
            }
        }
        for (int i = pairs - 1; i >= 0; i--) {
            int slot = (int) ((newest - i) % memory);
            double[] s = state.slot("s" + slot);
            double[] y = state.slot("y" + slot);
            double beta = dot(y, q) / dot(y, s);
            axpy(alpha[i] - beta, s, q);
        }
        return negate(q);
    }

    private void remember(double[] s, double[] y, OptimizerState state) {
        if (!(dot(s, y) > 0)) { // no positive curvature along the step: keep the model positive definite
            state.restore(0, Map.of());
            return;
        }
        int slot = (int) (state.steps() % memory);
        System.arraycopy(s, 0, state.slot("s" + slot), 0, s.length);
        System.arraycopy(y, 0, state.slot("y" + slot), 0, y.length);
        state.advance();
    }

    /** A line search for a step satisfying the strong Wolfe conditions (Nocedal and Wright 3.5, 3.6). */
    private static final class Search {
        private final double[] x;
        private final double[] direction;
        private final double value;
        private final double slope;
        private final Function function;
        private final double[] trialX;
        private final double[] trialGradient;
        double[] bestX;
        double[] bestGradient;
        double bestValue;
        private int evaluations;

        Search(double[] x, double[] direction, double value, double slope, Function function) {
            this.x = x;
            this.direction = direction;
            this.value = value;
            this.slope = slope;
            this.function = function;
            this.trialX = new double[x.length];
            this.trialGradient = new double[x.length];
            this.bestValue = value;
        }

        /** Whether a step that lowers the function was found; the best such point is kept. */
        boolean run(double step) {
            double previousStep = 0;
            double previousValue = value;
            double previousSlope = slope;
            while (evaluations < MAX_EVALUATIONS) {
                double f = evaluate(step);
                double dphi = dot(trialGradient, direction);
                if (f > value + SUFFICIENT_DECREASE * step * slope || (evaluations > 1 && f >= previousValue)) {
                    return zoom(previousStep, previousValue, previousSlope, step, f);
                }
                if (Math.abs(dphi) <= -CURVATURE * slope) {
                    return accept(f);
                }
                if (dphi >= 0) {
                    return zoom(step, f, dphi, previousStep, previousValue);
                }
                previousStep = step;
                previousValue = f;
                previousSlope = dphi;
                step *= 2;
            }
            return bestValue < value;
        }

        /**
         * When the function no longer changes in working precision its values cannot guide the search,
         * but its slope still can: for a convex function the slope along the direction rises with the
         * step, so a secant search brackets a step where it has shrunk by the curvature factor. Such a
         * step lowers the gradient even where the value stays put.
         */
        boolean onSlope(double step) {
            evaluations = 0;
            double low = 0;
            double lowSlope = slope;
            double high = step;
            double highSlope = Double.NaN;
            while (evaluations < MAX_EVALUATIONS) {
                double f = evaluate(high);
                highSlope = dot(trialGradient, direction);
                if (Math.abs(highSlope) <= -CURVATURE * slope && f <= value + 1e-12 * Math.abs(value)) {
                    return accept(f);
                }
                if (highSlope >= 0) {
                    break;
                }
                low = high;
                lowSlope = highSlope;
                high *= 2;
            }
            while (evaluations < MAX_EVALUATIONS && highSlope >= 0) {
                double width = high - low;
                double secant = low - lowSlope * width / (highSlope - lowSlope);
                double step2 = Math.min(Math.max(secant, low + 0.1 * width), high - 0.1 * width);
                double f = evaluate(step2);
                double dphi = dot(trialGradient, direction);
                if (Math.abs(dphi) <= -CURVATURE * slope && f <= value + 1e-12 * Math.abs(value)) {
                    return accept(f);
                }
                if (dphi < 0) {
                    low = step2;
                    lowSlope = dphi;
                } else {
                    high = step2;
                    highSlope = dphi;
                }
            }
            return false;
        }

        /** Takes the last trial point as the step's end. */
        private boolean accept(double f) {
            bestValue = f;
            bestX = trialX.clone();
            bestGradient = trialGradient.clone();
            return true;
        }

        private boolean zoom(double low, double lowValue, double lowSlope, double high, double highValue) {
            while (evaluations < MAX_EVALUATIONS) {
                double step = interpolate(low, lowValue, lowSlope, high, highValue);
                double f = evaluate(step);
                if (f > value + SUFFICIENT_DECREASE * step * slope || f >= lowValue) {
                    high = step;
                    highValue = f;
                } else {
                    double dphi = dot(trialGradient, direction);
                    if (Math.abs(dphi) <= -CURVATURE * slope) {
                        return accept(f);
                    }
                    if (dphi * (high - low) >= 0) {
                        high = low;
                        highValue = lowValue;
                    }
                    low = step;
                    lowValue = f;
                    lowSlope = dphi;
                }
                if (Math.abs(high - low) <= 1e-16 * Math.max(Math.abs(low), Math.abs(high))) {
                    break;
                }
            }
            return bestValue < value;
        }

        /** The minimiser of the quadratic through (low, f, f') and (high, f), kept well inside the bracket. */
        private static double interpolate(double low, double lowValue, double lowSlope, double high, double highValue) {
            double width = high - low;
            double denominator = 2 * (highValue - lowValue - lowSlope * width);
            double step = denominator > 0 ? low - lowSlope * width * width / denominator : Double.NaN;
            double margin = 0.1 * Math.abs(width);
            double lo = Math.min(low, high) + margin;
            double hi = Math.max(low, high) - margin;
            return step >= lo && step <= hi ? step : low + width / 2;
        }

        private double evaluate(double step) {
            evaluations++;
            for (int k = 0; k < x.length; k++) {
                trialX[k] = x[k] + step * direction[k];
            }
            double f = function.valueAndGradient(trialX, trialGradient);
            if (f < bestValue) {
                bestValue = f;
                bestX = trialX.clone();
                bestGradient = trialGradient.clone();
            }
            return Double.isNaN(f) ? Double.POSITIVE_INFINITY : f;
        }
    }

    /** Whether no coordinate of {@code to} is more than two units in the last place from {@code from}. */
    private static boolean withinRounding(double[] from, double[] to) {
        for (int k = 0; k < from.length; k++) {
            if (Math.abs(to[k] - from[k]) > 2 * Math.ulp(from[k])) {
                return false;
            }
        }
        return true;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int k = 0; k < x.length; k++) {
            y[k] += alpha * x[k];
        }
    }

    private static double[] negate(double[] v) {
        double[] result = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            result[k] = -v[k];
        }
        return result;
    }
}
