package dev.descent.kernel;

/**
 * A running sum that carries its rounding error alongside (Neumaier's improvement of Kahan
 * summation), so that a reported loss over millions of rows keeps its digits.
 *
 * <p>A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen",
 * ZAMM 54 (1974), 39-51.
 */
public final class CompensatedSum {
    private double sum;
    private double compensation;

    public void add(double value) {
        double t = sum + value;
        compensation += Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }

    /** Adds another running sum, its compensation included. */
    public void add(CompensatedSum other) {
        add(other.sum);
        compensation += other.compensation;
    }

    /** Back to zero, to be used again. */
    public void reset() {
        sum = 0;
        compensation = 0;
    }

    /** The sum; +-Infinity once it has overflowed (the compensation is meaningless then). */
    public double value() {
        return Double.isFinite(sum) ? sum + compensation : sum;
    }
}
