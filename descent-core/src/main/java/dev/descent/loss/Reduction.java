package dev.descent.loss;

/**
 * How per-sample losses combine into one number: their mean or their sum.
 *
 * <p>This one switch is the forum thread's "why 1/n?": the lesson's loss is a mean (MSE), so
 * its gradient carries {@code 1/n}; a sum (SSE) carries none, and its gradient is n times larger.
 */
public enum Reduction {
    /** The mean over the n samples: every per-sample term and derivative is scaled by 1/n. */
    MEAN,
    /** The plain sum over the samples. */
    SUM;

    /** The factor applied to a sum over {@code n} samples. */
    public double factor(int n) {
        return this == MEAN ? 1.0 / n : 1.0;
    }
}
