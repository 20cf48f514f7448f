package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense loops with the incubating Vector API, in the CPU's widest doubles (four with AVX2,
 * eight with AVX-512): each row's features in whole vectors, with a fused multiply-add per vector,
 * four rows at a time as in {@link PlainKernel}; the features past the last whole vector are done one
 * by one. Float features are loaded into a vector of as many floats as the double vector has lanes
 * and widened with one instruction.
 *
 * <p>The dot products sum lane by lane and then across the lanes, and every multiply-add rounds
 * once, so results differ from the plain loops in the last bits (they are no less accurate). Only
 * {@link DenseKernel#vector()} makes this class, by name, after checking that the module is there.
 */
final class VectorKernel implements DenseKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int LANES = D.length();

    @Override
    public DoubleRows over(double[] x, int d) {
        return new Doubles(x, d);
    }

    @Override
    public RowLoops over(float[] x, int d) {
        return new Floats(x, d);
    }

    @Override
    public String description() {
        return "Vector API, " + LANES + " doubles per vector, four rows at a time";
    }

    private record Doubles(double[] x, int d) implements DoubleRows {
        @Override
        public void predict(int from, int to, double[] w, double[] out) {
            int whole = D.loopBound(d);
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
                    s0 = DoubleVector.fromArray(D, x, r0 + j).fma(wj, s0);
                    s1 = DoubleVector.fromArray(D, x, r1 + j).fma(wj, s1);
                    s2 = DoubleVector.fromArray(D, x, r2 + j).fma(wj, s2);
                    s3 = DoubleVector.fromArray(D, x, r3 + j).fma(wj, s3);
                }
                double p0 = s0.reduceLanes(VectorOperators.ADD);
                double p1 = s1.reduceLanes(VectorOperators.ADD);
                double p2 = s2.reduceLanes(VectorOperators.ADD);
                double p3 = s3.reduceLanes(VectorOperators.ADD);
                for (int j = whole; j < d; j++) {
                    double wj = w[j];
                    p0 = Math.fma(wj, x[r0 + j], p0);
                    p1 = Math.fma(wj, x[r1 + j], p1);
                    p2 = Math.fma(wj, x[r2 + j], p2);
                    p3 = Math.fma(wj, x[r3 + j], p3);
                }
                int at = k - from;
                out[at] = p0;
                out[at + 1] = p1;
                out[at + 2] = p2;
                out[at + 3] = p3;
            }
            for (; k < to; k++) {
                int row = k * d;
                DoubleVector s = DoubleVector.zero(D);
                for (int j = 0; j < whole; j += LANES) {
                    s = DoubleVector.fromArray(D, x, row + j).fma(DoubleVector.fromArray(D, w, j), s);
                }
                double p = s.reduceLanes(VectorOperators.ADD);
                for (int j = whole; j < d; j++) {
                    p = Math.fma(w[j], x[row + j], p);
                }
                out[k - from] = p;
            }
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            int whole = D.loopBound(d);
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
                DoubleVector v0 = DoubleVector.broadcast(D, q0);
                DoubleVector v1 = DoubleVector.broadcast(D, q1);
                DoubleVector v2 = DoubleVector.broadcast(D, q2);
                DoubleVector v3 = DoubleVector.broadcast(D, q3);
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector g = DoubleVector.fromArray(D, gradient, offset + j);
                    g = DoubleVector.fromArray(D, x, r0 + j).fma(v0, g);
                    g = DoubleVector.fromArray(D, x, r1 + j).fma(v1, g);
                    g = DoubleVector.fromArray(D, x, r2 + j).fma(v2, g);
                    g = DoubleVector.fromArray(D, x, r3 + j).fma(v3, g);
                    g.intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    double g = Math.fma(q0, x[r0 + j], gradient[offset + j]);
                    g = Math.fma(q1, x[r1 + j], g);
                    g = Math.fma(q2, x[r2 + j], g);
                    gradient[offset + j] = Math.fma(q3, x[r3 + j], g);
                }
            }
            for (; k < to; k++) {
                int row = k * d;
                double q = r[k - from];
                DoubleVector v = DoubleVector.broadcast(D, q);
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector.fromArray(D, x, row + j).fma(v, DoubleVector.fromArray(D, gradient, offset + j))
                            .intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    gradient[offset + j] = Math.fma(q, x[row + j], gradient[offset + j]);
                }
            }
        }

        /**
         * Register tiles: four rows of the triangle by two vectors of columns, eight accumulators that stay
         * in registers while the rows go by and meet memory once per call; each row loads two vectors and
         * broadcasts four values for eight multiply-adds. Tiles cover the columns of whole vectors; the
         * last few columns, and rows of the triangle past the last group of four, are done one at a time.
         */
        @Override
        public void addProducts(int from, int to, double[] gram, int at, int stride) {
            int whole = D.loopBound(d);
            int i = 0;
            for (; i + 3 < whole; i += 4) {
                int j = i - i % LANES; // the vector that holds the diagonal entry
                for (; j + LANES < whole; j += 2 * LANES) {
                    tile(from, to, i, j, gram, at, stride);
                }
                if (j < whole) {
                    for (int t = i; t < i + 4; t++) {
                        rowTimesVector(from, to, t, j, gram, at, stride);
                    }
                }
            }
            for (; i < whole; i++) {
                for (int j = i - i % LANES; j < whole; j += LANES) {
                    rowTimesVector(from, to, i, j, gram, at, stride);
                }
            }
            for (int k = from; k < to; k++) { // the columns past the last whole vector
                int r = k * d;
                for (int j = whole; j < d; j++) {
                    double b = x[r + j];
                    for (int t = 0; t <= j; t++) {
                        gram[at + t * stride + j] = Math.fma(x[r + t], b, gram[at + t * stride + j]);
                    }
                }
            }
        }

        /** Rows i..i+3 of the triangle, columns j..j + 2 LANES. */
        private void tile(int from, int to, int i, int j, double[] gram, int at, int stride) {
            DoubleVector a00 = DoubleVector.zero(D);
            DoubleVector a01 = a00;
            DoubleVector a10 = a00;
            DoubleVector a11 = a00;
            DoubleVector a20 = a00;
            DoubleVector a21 = a00;
            DoubleVector a30 = a00;
            DoubleVector a31 = a00;
            for (int k = from; k < to; k++) {
                int r = k * d;
                DoubleVector c0 = DoubleVector.fromArray(D, x, r + j);
                DoubleVector c1 = DoubleVector.fromArray(D, x, r + j + LANES);
                DoubleVector b = DoubleVector.broadcast(D, x[r + i]);
                a00 = c0.fma(b, a00);
                a01 = c1.fma(b, a01);
                b = DoubleVector.broadcast(D, x[r + i + 1]);
                a10 = c0.fma(b, a10);
                a11 = c1.fma(b, a11);
                b = DoubleVector.broadcast(D, x[r + i + 2]);
                a20 = c0.fma(b, a20);
                a21 = c1.fma(b, a21);
                b = DoubleVector.broadcast(D, x[r + i + 3]);
                a30 = c0.fma(b, a30);
                a31 = c1.fma(b, a31);
            }
            add(a00, gram, at + i * stride + j);
            add(a01, gram, at + i * stride + j + LANES);
            add(a10, gram, at + (i + 1) * stride + j);
            add(a11, gram, at + (i + 1) * stride + j + LANES);
            add(a20, gram, at + (i + 2) * stride + j);
            add(a21, gram, at + (i + 2) * stride + j + LANES);
            add(a30, gram, at + (i + 3) * stride + j);
            add(a31, gram, at + (i + 3) * stride + j + LANES);
        }

        /** Row i of the triangle, columns j..j + LANES. */
        private void rowTimesVector(int from, int to, int i, int j, double[] gram, int at, int stride) {
            DoubleVector a = DoubleVector.zero(D);
            for (int k = from; k < to; k++) {
                int r = k * d;
                a = DoubleVector.fromArray(D, x, r + j).fma(DoubleVector.broadcast(D, x[r + i]), a);
            }
            add(a, gram, at + i * stride + j);
        }

        private static void add(DoubleVector v, double[] gram, int at) {
            v.add(DoubleVector.fromArray(D, gram, at)).intoArray(gram, at);
        }
    }

    private record Floats(float[] x, int d) implements RowLoops {
        /** Floats {@code x[at .. at + LANES)} widened into one double vector. */
        private DoubleVector load(int at) {
            return (DoubleVector) FloatVector.fromArray(F, x, at).convertShape(VectorOperators.F2D, D, 0);
        }

        @Override
        public void predict(int from, int to, double[] w, double[] out) {
            int whole = D.loopBound(d);
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
                    s0 = load(r0 + j).fma(wj, s0);
                    s1 = load(r1 + j).fma(wj, s1);
                    s2 = load(r2 + j).fma(wj, s2);
                    s3 = load(r3 + j).fma(wj, s3);
                }
                double p0 = s0.reduceLanes(VectorOperators.ADD);
                double p1 = s1.reduceLanes(VectorOperators.ADD);
                double p2 = s2.reduceLanes(VectorOperators.ADD);
                double p3 = s3.reduceLanes(VectorOperators.ADD);
                for (int j = whole; j < d; j++) {
                    double wj = w[j];
                    p0 = Math.fma(wj, x[r0 + j], p0);
                    p1 = Math.fma(wj, x[r1 + j], p1);
                    p2 = Math.fma(wj, x[r2 + j], p2);
                    p3 = Math.fma(wj, x[r3 + j], p3);
                }
                int at = k - from;
                out[at] = p0;
                out[at + 1] = p1;
                out[at + 2] = p2;
                out[at + 3] = p3;
            }
            for (; k < to; k++) {
                int row = k * d;
                DoubleVector s = DoubleVector.zero(D);
                for (int j = 0; j < whole; j += LANES) {
                    s = load(row + j).fma(DoubleVector.fromArray(D, w, j), s);
                }
                double p = s.reduceLanes(VectorOperators.ADD);
                for (int j = whole; j < d; j++) {
                    p = Math.fma(w[j], x[row + j], p);
                }
                out[k - from] = p;
            }
        }

        @Override
        public void addGradient(int from, int to, double[] r, double[] gradient, int offset) {
            int whole = D.loopBound(d);
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
                DoubleVector v0 = DoubleVector.broadcast(D, q0);
                DoubleVector v1 = DoubleVector.broadcast(D, q1);
                DoubleVector v2 = DoubleVector.broadcast(D, q2);
                DoubleVector v3 = DoubleVector.broadcast(D, q3);
                for (int j = 0; j < whole; j += LANES) {
                    DoubleVector g = DoubleVector.fromArray(D, gradient, offset + j);
                    g = load(r0 + j).fma(v0, g);
                    g = load(r1 + j).fma(v1, g);
                    g = load(r2 + j).fma(v2, g);
                    g = load(r3 + j).fma(v3, g);
                    g.intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    double g = Math.fma(q0, x[r0 + j], gradient[offset + j]);
                    g = Math.fma(q1, x[r1 + j], g);
                    g = Math.fma(q2, x[r2 + j], g);
                    gradient[offset + j] = Math.fma(q3, x[r3 + j], g);
                }
            }
            for (; k < to; k++) {
                int row = k * d;
                double q = r[k - from];
                DoubleVector v = DoubleVector.broadcast(D, q);
                for (int j = 0; j < whole; j += LANES) {
                    load(row + j).fma(v, DoubleVector.fromArray(D, gradient, offset + j)).intoArray(gradient, offset + j);
                }
                for (int j = whole; j < d; j++) {
                    gradient[offset + j] = Math.fma(q, x[row + j], gradient[offset + j]);
                }
            }
        }
    }
}
