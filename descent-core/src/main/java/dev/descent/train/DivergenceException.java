package dev.descent.train;

import dev.descent.DescentException;

/** Training stopped because the loss stopped being a finite number. */
public class DivergenceException extends DescentException {
    private static final long serialVersionUID = 1L;
    private final int epoch;

    public DivergenceException(String message, int epoch) {
        super(message);
        this.epoch = epoch;
    }

    /** The epoch at which the loss was found to be infinite or NaN. */
    public int epoch() {
        return epoch;
    }
}
