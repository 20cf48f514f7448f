package dev.descent.optim;

/**
 * How the learning rate changes over epochs: the rate for epoch {@code t} (counted from 0) is the
 * optimizer's base rate times {@link #factor(int)}. Schedules step once per epoch, as PyTorch's
 * and Keras's epoch schedulers do.
 */
public interface Schedule {

    /** The multiplier of the base learning rate during epoch {@code t} (t = 0 for the first). */
    double factor(int t);

    /** The same rate throughout. */
    static Schedule constant() {
        return new Constant();
    }

    /** The same rate throughout. */
    record Constant() implements Schedule {
        @Override
        public double factor(int t) {
            return 1;
        }
    }

    /** Multiplied by {@code gamma} every {@code every} epochs: {@code gamma^floor(t / every)}. */
    record Step(int every, double gamma) implements Schedule {
        public Step {
            if (every < 1 || !(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("step schedule needs every >= 1 and gamma > 0, got " + every + ", " + gamma);
            }
        }

        @Override
        public double factor(int t) {
            return Math.pow(gamma, t / every);
        }
    }

    /** Multiplied by {@code gamma} every epoch: {@code gamma^t}. */
    record Exponential(double gamma) implements Schedule {
        public Exponential {
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("exponential schedule needs gamma > 0, got " + gamma);
            }
        }

        @Override
        public double factor(int t) {
            return Math.pow(gamma, t);
        }
    }

    /** {@code 1 / (1 + decay * t)}, the decay of classic SGD theory (Keras's InverseTimeDecay). */
    record InverseTime(double decay) implements Schedule {
        public InverseTime {
            if (!(decay >= 0) || Double.isInfinite(decay)) {
                throw new IllegalArgumentException("inverse-time schedule needs decay >= 0, got " + decay);
            }
        }

        @Override
        public double factor(int t) {
            return 1 / (1 + decay * t);
        }
    }

    /**
     * Cosine annealing from 1 down to {@code floor} over {@code period} epochs, then {@code floor}:
     * {@code floor + (1 - floor)(1 + cos(pi t / period)) / 2}.
     *
     * <p>I. Loshchilov, F. Hutter, "SGDR: stochastic gradient descent with warm restarts", ICLR 2017
     * (without restarts).
     */
    record Cosine(int period, double floor) implements Schedule {
        public Cosine {
            if (period < 1 || !(floor >= 0 && floor <= 1)) {
                throw new IllegalArgumentException("cosine schedule needs period >= 1 and floor in [0, 1], got " + period
                        + ", " + floor);
            }
        }

        @Override
        public double factor(int t) {
            return t >= period ? floor : floor + (1 - floor) * (1 + Math.cos(Math.PI * t / period)) / 2;
        }
    }

    /**
     * A linear warm-up over {@code epochs} epochs ({@code (t + 1) / epochs}), then {@code then},
     * started afresh.
     *
     * <p>P. Goyal et al., "Accurate, large minibatch SGD: training ImageNet in 1 hour", arXiv:1706.02677 (2017).
     */
    record WarmUp(int epochs, Schedule then) implements Schedule {
        public WarmUp {
            java.util.Objects.requireNonNull(then, "then");
            if (epochs < 1) {
                throw new IllegalArgumentException("warm-up needs at least 1 epoch, got " + epochs);
            }
        }

        @Override
        public double factor(int t) {
            return t < epochs ? (t + 1.0) / epochs : then.factor(t - epochs);
        }
    }
}
