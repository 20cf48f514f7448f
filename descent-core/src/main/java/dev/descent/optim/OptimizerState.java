package dev.descent.optim;

/**
 * What an optimizer remembers between steps of one run. Plain and mutable, owned by the run
 * that created it through {@link Optimizer#start}.
 */
public final class OptimizerState {
    private long steps;

    /** The number of steps taken so far. */
    public long steps() {
        return steps;
    }

    void advance() {
        steps++;
    }
}
