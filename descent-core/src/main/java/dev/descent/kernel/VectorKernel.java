package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense loops with the incubating Vector API, making exactly {@link PlainKernel}'s operations in
 * its order, four lanes at a time, so that the two give the same bits and either may run any pass:
 * <ul>
 *   <li>a row's prediction: the lanes of one 4-double vector are plain Java's four running sums
 *       (each a multiply, then an add, as Java rounds them: no fused multiply-add), the features past
 *       the last whole vector go into the first sum, and the sums are added as plain Java adds them.
 *       Short rows go four side by side, so that their sums are added lane-wise: swapping neighbouring
 *       lanes and adding gives each row's {@code s0 + s1} and {@code s2 + s3}, a blend packs two rows
 *       into one vector, and swapping halves and adding gives {@code (s0 + s1) + (s2 + s3)} for four
 *       rows at once, where taking the lanes out one by one cost more than the products. Long float rows go
 *       two at a time, each summed as one row alone is;</li>
 *   <li>the gradient: four consecutive entries per vector, each taking the rows in order. Rows of at
 *       most eleven features keep the gradient's one or two vectors in registers for the whole run
 *       (one chain of adds per entry, at 4M x 8 a quarter faster than loading and storing them every
 *       four rows); longer rows sweep four rows at a time.</li>
 * </ul>
 * Float features are loaded four at a time and widened with one instruction. Only
 * {@link DenseKernel#vector()} makes this class, by name, after checking that the module is there.
 */
final class VectorKernel implements DenseKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_128;
    private static final int LANES = 4;
    /**
     * Rows shorter than this go four side by side in the prediction. Longer rows go one at a time: their loads
     * then come in address order, which measured faster from memory (at d = 32, 9 against 12 ns a row), while short
     * rows gain more from adding lanes four rows at a time (at d = 8, 2.3 against 3.1 ns).
     */
    private static final int SIDE_BY_SIDE = 16;
    /**
     * The same for float rows, which go side by side up to 39 features: on four rows their widening loads cost less
     * than the one row's chain of adds, and at d = 32 (1M rows, both threads, from memory) the epoch took 6.4-7.1 ms
     * against 5.6-8.5 one at a time, at d = 24 5.4-5.9 against 5.8-7.2; at d = 48 it took 6.2-7.4 against 5.1-5.2.
     */
    private static final int FLOATS_SIDE_BY_SIDE = 40;
    /**
     * Float rows of this many features or more are predicted two at a time, two chains of adds side by side, where
     * a row at a time keeps one chain that the CPU cannot overlap with the next row's, which starts hundreds of
     * instructions later (bench --float, both threads, alternating): at d = 512 the epoch took 9.1-10.7 ms against
     * 11.0-12.6, at 480, 768 and 1024 about a tenth less, but at 384 and 256 a quarter more and at 128 a sixth more.
     */
    private static final int FLOATS_IN_PAIRS = 448;
    private static final VectorShuffle<Double> SWAP_NEIGHBOURS = VectorShuffle.fromValues(D, 1, 0, 3, 2);
    private static final VectorShuffle<Double> SWAP_HALVES = VectorShuffle.fromValues(D, 2, 3, 0, 1);
    private static final VectorMask<Double> ODD_LANES = VectorMask.fromValues(D, false, true, false, true);
    private static final VectorMask<Double> UPPER_HALF = VectorMask.fromValues(D, false, false, true, true);
    private static final VectorMask<Double> FIRST_LANE = VectorMask.fromValues(D, true, false, false, false);

    @Override
    public RowLoops over(double[] x, int d) {
        return new Doubles(x, d);
    }

    @Override
    public RowLoops over(float[] x, int d) {
        return new Floats(x, d);
    }

    @Override
    public String description() {
        return "Vector API, 4 doubles per vector";
    }

    /**
     * {@code value} in the first lane, +0 in the others: adding it to a row's sums adds to the first alone, as
     * plain Java adds the features past the last whole vector ({@code +0} changes no sum, as a sum that starts at
     * +0 is never -0).
     */
    private static DoubleVector firstLane(double value) {
        return DoubleVector.zero(D).blend(value, FIRST_LANE);
    }

    /** Four rows' predictions from their running sums {@code a, b, c, e}: {@code (s0 + s1) + (s2 + s3)} of each. */
    private static DoubleVector addLanes(DoubleVector a, DoubleVector b, DoubleVector c, DoubleVector e) {
        DoubleVector ab = a.add(a.rearrange(SWAP_NEIGHBOURS)).blend(b.add(b.rearrange(SWAP_NEIGHBOURS)), ODD_LANES);
        DoubleVector ce = c.add(c.rearrange(SWAP_NEIGHBOURS)).blend(e.add(e.rearrange(SWAP_NEIGHBOURS)), ODD_LANES);
        // ab holds a's s0 + s1, b's s0 + s1, a's s2 + s3, b's s2 + s3; ce the same of c and e.
        return ab.add(ab.rearrange(SWAP_HALVES)).blend(ce.add(ce.rearrange(SWAP_HALVES)), UPPER_HALF);
    }

    private record Doubles(double[] x, int d) implements RowLoops {
        @Override
        public int rowCount() {
            return x.length / d;
        }

        @Override
        public int featureCount() {
            return d;
        }

        @Override
        public void predict(int from, int to, double[] w, double[] out) {
            int whole = d & -LANES;
            int k = d < SIDE_BY_SIDE ? predictSideBySide(from, to, w, out) : from;
            for (; k < to; k++) {
                int row = k * d;
                DoubleVector sums = DoubleVector.zero(D);
                for (int j = 0; j < whole; j += LANES) {
                    sums = sums.add(DoubleVector.fromArray(D, x, row + j).mul(DoubleVector.fromArray(D, w, j)));
                }
                double s0 = sums.lane(0);
                for (int j = whole; j < d; j++) {
                    s0 += w[j] * x[row + j];
                }
                out[k - from] = (s0 + sums.lane(1)) + (sums.lane(2) + sums.lane(3));
            }
        }

        /**
         * Short rows, four side by side, as far as whole groups of four go; returns the first row left. A method
         * of its own, as is each way of the gradient: C2 then inlines all of each, where one method holding every
         * way ran out of its inlining budget and boxed the vectors (over floats, 25 times slower).
         */
        private int predictSideBySide(int from, int to, double[] w, double[] out) {
            int whole = d & -LANES;
            int k = from;
            for (; k + 3 < to; k += 4) {
                int r0 = k * d;
                int r1 = r0 + d;
                int r2 = r1 + d;
                int r3 = r2 + d;
                DoubleVector s0 = DoubleVector.zero(D);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector wj = DoubleVector.fromArray(D, w, j);
                    s0 = s0.add(DoubleVector.fromArray(D, x, r0 + j).mul(wj));
                    s1 = s1.add(DoubleVector.fromArray(D, x, r1 + j).mul(wj));
                    s2 = s2.add(DoubleVector.fromArray(D, x, r2 + j).mul(wj));
                    s3 = s3.add(DoubleVector.fromArray(D, x, r3 + j).mul(wj));
                }
                for (int j = whole; j < d; j++) {
                    s0 = s0.add(firstLane(w[j] * x[r0 + j]));
                    s1 = s1.add(firstLane(w[j] * x[r1 + j]));
                    s2 = s2.add(firstLane(w[j] * x[r2 + j]));
                    s3 = s3.add(firstLane(w[j] * x[r3 + j]));
                }
                addLanes(s0, s1, s2, s3).intoArray(out, k - from);
            }
            return k;
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            int whole = d & -LANES;
            if (whole <= 2 * LANES) {
                addGradientInRegisters(from, to, r, gradient, offset);
                return;
            }
            int k = from;
            for (; k + 3 < to; k += 4) {
                int r0 = k * d;
                int r1 = r0 + d;
                int r2 = r1 + d;
                int r3 = r2 + d;
                int at = k - from;
                double q0 = r[at];
                double q1 = r[at + 1];
                double q2 = r[at + 2];
                double q3 = r[at + 3];
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector.fromArray(D, gradient, offset + j)
                            .add(DoubleVector.fromArray(D, x, r0 + j).mul(q0))
                            .add(DoubleVector.fromArray(D, x, r1 + j).mul(q1))
                            .add(DoubleVector.fromArray(D, x, r2 + j).mul(q2))
                            .add(DoubleVector.fromArray(D, x, r3 + j).mul(q3))
                            .intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    double g = gradient[offset + j] + q0 * x[r0 + j];
                    g += q1 * x[r1 + j];
                    g += q2 * x[r2 + j];
                    gradient[offset + j] = g + q3 * x[r3 + j];
                }
            }
            for (; k < to; k++) {
                int row = k * d;
                double q = r[k - from];
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector.fromArray(D, gradient, offset + j).add(DoubleVector.fromArray(D, x, row + j).mul(q))
                            .intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    gradient[offset + j] += q * x[row + j];
                }
            }
        }

        /** Rows of at most eleven features: the gradient's one or two vectors stay in registers for the whole run. */
        private void addGradientInRegisters(int from, int to, double[] r, double[] gradient, int offset) {
            int whole = d & -LANES;
            // Each entry is one chain of adds. Two loops, not one with a vector that may be null: C2 boxes a vector that
            // is null on some path.
            if (whole == 2 * LANES) {
                DoubleVector g0 = DoubleVector.fromArray(D, gradient, offset);
                DoubleVector g1 = DoubleVector.fromArray(D, gradient, offset + LANES);
                for (int k = from; k < to; k++) {
                    double q = r[k - from];
                    g0 = g0.add(DoubleVector.fromArray(D, x, k * d).mul(q));
                    g1 = g1.add(DoubleVector.fromArray(D, x, k * d + LANES).mul(q));
                }
                g0.intoArray(gradient, offset);
                g1.intoArray(gradient, offset + LANES);
            } else if (whole == LANES) {
                DoubleVector g0 = DoubleVector.fromArray(D, gradient, offset);
                for (int k = from; k < to; k++) {
                    g0 = g0.add(DoubleVector.fromArray(D, x, k * d).mul(r[k - from]));
                }
                g0.intoArray(gradient, offset);
            }
            for (int j = whole; j < d; j++) {
                double g = gradient[offset + j];
                for (int k = from; k < to; k++) {
                    g += r[k - from] * x[k * d + j];
                }
                gradient[offset + j] = g;
            }
        }
    }

    private record Floats(float[] x, int d) implements RowLoops {
        @Override
        public int rowCount() {
            return x.length / d;
        }

        @Override
        public int featureCount() {
            return d;
        }

        /** Floats {@code x[at .. at + 4)} widened into one double vector. */
        private DoubleVector load(int at) {
            return (DoubleVector) FloatVector.fromArray(F, x, at).convertShape(VectorOperators.F2D, D, 0);
        }

        @Override
        public void predict(int from, int to, double[] w, double[] out) {
            int whole = d & -LANES;
            int k = d < FLOATS_SIDE_BY_SIDE ? predictSideBySide(from, to, w, out)
                    : d >= FLOATS_IN_PAIRS ? predictInPairs(from, to, w, out) : from;
            for (; k < to; k++) {
                int row = k * d;
                DoubleVector sums = DoubleVector.zero(D);
                for (int j = 0; j < whole; j += LANES) {
                    sums = sums.add(load(row + j).mul(DoubleVector.fromArray(D, w, j)));
                }
                double s0 = sums.lane(0);
                for (int j = whole; j < d; j++) {
                    s0 += w[j] * x[row + j];
                }
                out[k - from] = (s0 + sums.lane(1)) + (sums.lane(2) + sums.lane(3));
            }
        }

        /** Long rows two at a time, each as one row at a time sums it; returns the first row left. */
        private int predictInPairs(int from, int to, double[] w, double[] out) {
            int whole = d & -LANES;
            int k = from;
            for (; k + 1 < to; k += 2) {
                int r0 = k * d;
                int r1 = r0 + d;
                DoubleVector a = DoubleVector.zero(D);
                DoubleVector b = a;
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector wj = DoubleVector.fromArray(D, w, j);
                    a = a.add(load(r0 + j).mul(wj));
                    b = b.add(load(r1 + j).mul(wj));
                }
                double a0 = a.lane(0);
                double b0 = b.lane(0);
                for (int j = whole; j < d; j++) {
                    a0 += w[j] * x[r0 + j];
                    b0 += w[j] * x[r1 + j];
                }
                out[k - from] = (a0 + a.lane(1)) + (a.lane(2) + a.lane(3));
                out[k + 1 - from] = (b0 + b.lane(1)) + (b.lane(2) + b.lane(3));
            }
            return k;
        }

        /** As {@link Doubles}'s: short rows four side by side; returns the first row left. */
        private int predictSideBySide(int from, int to, double[] w, double[] out) {
            int whole = d & -LANES;
            int k = from;
            for (; k + 3 < to; k += 4) {
                int r0 = k * d;
                int r1 = r0 + d;
                int r2 = r1 + d;
                int r3 = r2 + d;
                DoubleVector s0 = DoubleVector.zero(D);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector wj = DoubleVector.fromArray(D, w, j);
                    s0 = s0.add(load(r0 + j).mul(wj));
                    s1 = s1.add(load(r1 + j).mul(wj));
                    s2 = s2.add(load(r2 + j).mul(wj));
                    s3 = s3.add(load(r3 + j).mul(wj));
                }
                for (int j = whole; j < d; j++) {
                    s0 = s0.add(firstLane(w[j] * x[r0 + j]));
                    s1 = s1.add(firstLane(w[j] * x[r1 + j]));
                    s2 = s2.add(firstLane(w[j] * x[r2 + j]));
                    s3 = s3.add(firstLane(w[j] * x[r3 + j]));
                }
                addLanes(s0, s1, s2, s3).intoArray(out, k - from);
            }
            return k;
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            int whole = d & -LANES;
            if (whole <= 2 * LANES) {
                addGradientInRegisters(from, to, r, gradient, offset);
                return;
            }
            int k = from;
            for (; k + 3 < to; k += 4) {
                int r0 = k * d;
                int r1 = r0 + d;
                int r2 = r1 + d;
                int r3 = r2 + d;
                int at = k - from;
                double q0 = r[at];
                double q1 = r[at + 1];
                double q2 = r[at + 2];
                double q3 = r[at + 3];
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector.fromArray(D, gradient, offset + j)
                            .add(load(r0 + j).mul(q0))
                            .add(load(r1 + j).mul(q1))
                            .add(load(r2 + j).mul(q2))
                            .add(load(r3 + j).mul(q3))
                            .intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    double g = gradient[offset + j] + q0 * x[r0 + j];
                    g += q1 * x[r1 + j];
                    g += q2 * x[r2 + j];
                    gradient[offset + j] = g + q3 * x[r3 + j];
                }
            }
            for (; k < to; k++) {
                int row = k * d;
                double q = r[k - from];
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector.fromArray(D, gradient, offset + j).add(load(row + j).mul(q))
                            .intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    gradient[offset + j] += q * x[row + j];
                }
            }
        }

        /** As {@link Doubles}'s: the gradient's one or two vectors in registers for the whole run. */
        private void addGradientInRegisters(int from, int to, double[] r, double[] gradient, int offset) {
            int whole = d & -LANES;
            if (whole == 2 * LANES) {
                DoubleVector g0 = DoubleVector.fromArray(D, gradient, offset);
                DoubleVector g1 = DoubleVector.fromArray(D, gradient, offset + LANES);
                for (int k = from; k < to; k++) {
                    double q = r[k - from];
                    g0 = g0.add(load(k * d).mul(q));
                    g1 = g1.add(load(k * d + LANES).mul(q));
                }
                g0.intoArray(gradient, offset);
                g1.intoArray(gradient, offset + LANES);
            } else if (whole == LANES) {
                DoubleVector g0 = DoubleVector.fromArray(D, gradient, offset);
                for (int k = from; k < to; k++) {
                    g0 = g0.add(load(k * d).mul(r[k - from]));
                }
                g0.intoArray(gradient, offset);
            }
            for (int j = whole; j < d; j++) {
                double g = gradient[offset + j];
                for (int k = from; k < to; k++) {
                    g += r[k - from] * x[k * d + j];
                }
                gradient[offset + j] = g;
            }
        }
    }
}
