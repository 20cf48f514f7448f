package dev.descent.optim;

import dev.descent.model.Model;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer remembers between steps of one run: the step count, the learning rate in
 * force (a schedule may change it), which parameters are penalised, and named vectors such as
 * Adam's moments. Plain and mutable, owned by the run that created it through {@link Optimizer#start};
 * its contents are all a checkpoint needs to resume the run exactly.
 */
public final class OptimizerState {
    private final int size;
    private final Map<String, double[]> slots = new LinkedHashMap<>();
    private boolean[] penalised;
    private long steps;
    private long epochs;
    private double learningRate;

    public OptimizerState(int size, double learningRate) {
        this.size = size;
        this.learningRate = learningRate;
        this.penalised = new boolean[size];
        Arrays.fill(penalised, true);
    }

    /** The number of steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Counts one step; update rules call it once per {@code step}. */
    public void advance() {
        steps++;
    }

    /** The number of epochs completed, which schedules count (it carries on when a run is resumed). */
    public long epochs() {
        return epochs;
    }

    /** Counts one epoch; the trainer calls it at the end of each. */
    public void advanceEpoch() {
        epochs++;
    }

    /** Sets the number of epochs completed, as saved with a model. */
    public void setEpochs(long epochs) {
        this.epochs = epochs;
    }

    /** A deep copy, so that resuming from a saved state leaves that state as it was. */
    public OptimizerState copy() {
        OptimizerState copy = new OptimizerState(size, learningRate);
        copy.penalised = penalised.clone();
        copy.epochs = epochs;
        copy.restore(steps, slots);
        return copy;
    }

    /** The learning rate for the next step. */
    public double learningRate() {
        return learningRate;
    }

    /** Sets the rate for the next step; 0 (where a schedule has decayed to nothing) leaves the parameters still. */
    public void setLearningRate(double learningRate) {
        if (!acceptsRate(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a finite number >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Whether {@link #setLearningRate} takes this rate: a finite number, at least 0. */
    public static boolean acceptsRate(double learningRate) {
        return learningRate >= 0 && !Double.isInfinite(learningRate);
    }

    /** Whether parameter {@code k} takes weight decay and penalties (a bias does not). */
    public boolean penalised(int k) {
        return penalised[k];
    }

    /** Which of {@code model}'s parameters take penalties and weight decay (a bias does not). */
    public static boolean[] penalised(Model model) {
        int p = model.parameterNames().size();
        boolean[] flags = new boolean[p];
        for (int k = 0; k < p; k++) {
            flags[k] = model.penalised(k);
        }
        return flags;
    }

    public void setPenalised(boolean[] penalised) {
        if (penalised.length != size) {
            throw new IllegalArgumentException("expected " + size + " flags, got " + penalised.length);
        }
        this.penalised = penalised.clone();
    }

    /** The named vector, created as zeros on first use. */
    public double[] slot(String name) {
        return slots.computeIfAbsent(name, k -> new double[size]);
    }

    /** The named vectors in the order they were created (for checkpoints). */
    public Map<String, double[]> slots() {
        return slots;
    }

    /** Restores a saved step count and named vectors (the epoch count is kept). */
    public void restore(long steps, Map<String, double[]> saved) {
        this.steps = steps;
        slots.clear();
        saved.forEach((name, values) -> {
            if (values.length != size) {
                throw new IllegalArgumentException("slot " + name + " has " + values.length + " values, expected " + size);
            }
            slots.put(name, values.clone());
        });
    }
}
