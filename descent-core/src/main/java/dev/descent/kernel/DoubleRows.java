package dev.descent.kernel;

/**
 * A kernel's loops over double rows: those of the gradient pass, and the products loop of the
 * normal equations' pass ({@link GramPass}).
 */
public interface DoubleRows extends RowLoops {
    /**
     * {@code gram[at + i * stride + j] += x_ki * x_kj} for {@code i <= j < d}, over the rows k in
     * {@code from..to}: the upper triangle of {@code X^T X} for those rows. Entries below the diagonal
     * may be written too, and mean nothing.
     */
    void addProducts(int from, int to, double[] gram, int at, int stride);
}
