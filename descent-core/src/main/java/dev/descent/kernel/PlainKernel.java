package dev.descent.kernel;

/**
 * The dense loops in plain Java, which every JVM runs. A row's dot product keeps four running sums
 * (features j, j + 4, j + 8, ... in sum j mod 4), independent chains that the CPU overlaps; the
 * gradient takes four rows in one sweep, each entry loaded and stored once per four rows and the
 * rows added in order. {@link VectorKernel} makes exactly these operations in this order.
 *
 * <p>Java has no generics over primitive arrays, so the float loops mirror the double ones line for
 * line (same grouping, same order of every addition) with each value widened as it is read; widening
 * is exact, so they give the bits of the double loops over the widened features, which a test holds
 * them to. Keep them in step. JDK 17's JIT does not vectorize the widening: see BENCHMARKS.md.
 */
final class PlainKernel implements DenseKernel {
    static final PlainKernel INSTANCE = new PlainKernel();

    private PlainKernel() {
    }

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
        return "plain Java";
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
            int k = from;
            if (d < 4) {
                // Short rows fill only dot's first running sum, so four rows' sums run side by side instead: the
                // same additions in the same order (the other sums are +0, which changes no sum that starts at +0).
                for (; k + 3 < to; k += 4) {
                    int r0 = k * d;
                    double p0 = 0;
                    double p1 = 0;
                    double p2 = 0;
                    double p3 = 0;
                    for (int j = 0; j < d; j++) {
                        p0 += w[j] * x[r0 + j];
                        p1 += w[j] * x[r0 + d + j];
                        p2 += w[j] * x[r0 + 2 * d + j];
                        p3 += w[j] * x[r0 + 3 * d + j];
                    }
                    int at = k - from;
                    out[at] = p0;
                    out[at + 1] = p1;
                    out[at + 2] = p2;
                    out[at + 3] = p3;
                }
            }
            for (; k < to; k++) {
                out[k - from] = LinearKernel.dot(w, x, k * d, d);
            }
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            if (d < 4) {
                // Short rows: each entry is summed in a register over the whole run, one chain of adds per entry.
                for (int j = 0; j < d; j++) {
                    double g = gradient[offset + j];
                    for (int k = from; k < to; k++) {
                        g += r[k - from] * x[k * d + j];
                    }
                    gradient[offset + j] = g;
                }
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
                for (int j = 0; j < d; j++) {
                    double g = gradient[offset + j] + q0 * x[r0 + j];
                    g += q1 * x[r1 + j];
                    g += q2 * x[r2 + j];
                    gradient[offset + j] = g + q3 * x[r3 + j];
                }
            }
            for (; k < to; k++) {
                int row = k * d;
                double q = r[k - from];
                for (int j = 0; j < d; j++) {
                    gradient[offset + j] += q * x[row + j];
                }
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

        @Override
        public void predict(int from, int to, double[] w, double[] out) {
            int k = from;
            if (d < 4) {
                for (; k + 3 < to; k += 4) {
                    int r0 = k * d;
                    double p0 = 0;
                    double p1 = 0;
                    double p2 = 0;
                    double p3 = 0;
                    for (int j = 0; j < d; j++) {
                        p0 += w[j] * x[r0 + j];
                        p1 += w[j] * x[r0 + d + j];
                        p2 += w[j] * x[r0 + 2 * d + j];
                        p3 += w[j] * x[r0 + 3 * d + j];
                    }
                    int at = k - from;
                    out[at] = p0;
                    out[at + 1] = p1;
                    out[at + 2] = p2;
                    out[at + 3] = p3;
                }
            }
            for (; k < to; k++) {
                out[k - from] = dot(w, k * d);
            }
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            if (d < 4) {
                // Short rows: each entry is summed in a register over the whole run, one chain of adds per entry.
                for (int j = 0; j < d; j++) {
                    double g = gradient[offset + j];
                    for (int k = from; k < to; k++) {
                        g += r[k - from] * x[k * d + j];
                    }
                    gradient[offset + j] = g;
                }
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
                for (int j = 0; j < d; j++) {
                    double g = gradient[offset + j] + q0 * x[r0 + j];
                    g += q1 * x[r1 + j];
                    g += q2 * x[r2 + j];
                    gradient[offset + j] = g + q3 * x[r3 + j];
                }
            }
            for (; k < to; k++) {
                int row = k * d;
                double q = r[k - from];
                for (int j = 0; j < d; j++) {
                    gradient[offset + j] += q * x[row + j];
                }
            }
        }

        /** {@link LinearKernel#dot} over one float row. */
        private double dot(double[] w, int offset) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < d; j += 4) {
                s0 += w[j] * x[offset + j];
                s1 += w[j + 1] * x[offset + j + 1];
                s2 += w[j + 2] * x[offset + j + 2];
                s3 += w[j + 3] * x[offset + j + 3];
            }
            for (; j < d; j++) {
                s0 += w[j] * x[offset + j];
            }
            return (s0 + s1) + (s2 + s3);
        }
    }
}
