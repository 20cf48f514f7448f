package dev.descent.train;

/** Why training stopped. */
public enum StopReason {
    /** All the epochs asked for ran. */
    MAX_EPOCHS("max_epochs", "ran all the epochs asked for"),
    /** The loss changed by less than the tolerance from one epoch to the next. */
    LOSS_TOLERANCE("loss_tolerance", "the loss changed by less than the tolerance"),
    /** The gradient's largest component fell below the tolerance. */
    GRADIENT_TOLERANCE("gradient_tolerance", "the gradient fell below the tolerance"),
    /** The validation loss did not improve for {@code patience} epochs; the best parameters were kept. */
    EARLY_STOPPING("early_stopping", "the validation loss stopped improving"),
    /** The time limit was reached. */
    TIME_LIMIT("time_limit", "the time limit was reached"),
    /** No step along the search direction lowers the loss: the optimum, to working precision (L-BFGS). */
    NO_PROGRESS("no_progress", "no step lowers the loss any more: the optimum to working precision");

    private final String key;
    private final String description;

    StopReason(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The name used in JSON output and model files, such as {@code loss_tolerance}. */
    public String key() {
        return key;
    }

    /** A phrase for people, such as "the loss changed by less than the tolerance". */
    public String description() {
        return description;
    }
}
