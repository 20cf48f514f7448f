package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The data set: its copies, its checks, and the polynomial expansion with powers exact to about 32 digits. */
class DatasetTest {
    private static final double U2 = 0x1p-106; // the unit roundoff of double-double arithmetic, 2^-53 squared

    @Test
    void polynomialFeaturesAreThePowersNamedAfterTheFeature() {
        Dataset data = new Dataset(new double[] {2, -3, 0.5}, new double[] {1, 2, 3}, List.of("t"), "v");
        Dataset cubic = data.withPolynomialFeatures(3);
        assertEquals(List.of("t", "t^2", "t^3"), cubic.featureNames());
        assertEquals("v", cubic.targetName());
        // Small integers and halves: every power is a double exactly, by hand.
        assertArrayEquals(new double[] {2, 4, 8, -3, 9, -27, 0.5, 0.25, 0.125}, cubic.featureData());
        assertArrayEquals(new double[] {1, 2, 3}, cubic.targetData());
        assertEquals(List.of("x"), Dataset.ofSingleFeature(new double[] {1}, new double[] {1})
                .withPolynomialFeatures(1).featureNames());
    }

    @Test
    void polynomialExpansionNeedsOneFeatureAndADegreeOfAtLeastOne() {
        Dataset one = Dataset.ofSingleFeature(new double[] {1, 2}, new double[] {3, 4});
        assertThrows(IllegalArgumentException.class, () -> one.withPolynomialFeatures(0));
        Dataset two = Dataset.of(new double[][] {{1, 2}}, new double[] {3});
        assertThrows(IllegalArgumentException.class, () -> two.withPolynomialFeatures(2));
    }

    /**
     * Each step multiplies a double-double by x with about three roundings of size 2^-106 relative
     * (the fma error term is exact, Fast2Sum is exact), so x^k is within 4k * 2^-106 relative.
     */
    private static void assertPowers(Dataset expanded, int row, BigDecimal x, int degree) {
        Dataset.Residue residue = expanded.residue().orElseThrow();
        for (int k = 1; k <= degree; k++) {
            BigDecimal exact = x.pow(k);
            double high = expanded.feature(row, k - 1);
            double low = residue.features()[row * degree + k - 1];
            BigDecimal got = new BigDecimal(high).add(new BigDecimal(low));
            BigDecimal error = got.subtract(exact).abs();
            BigDecimal allowed = exact.abs().multiply(new BigDecimal(4 * k * U2));
            assertTrue(error.compareTo(allowed) <= 0, "x = " + x.round(MathContext.DECIMAL64) + ", k = " + k
                    + ": relative error " + error.divide(exact.abs(), MathContext.DECIMAL64));
            // The pair is normalised: the low part is below half an ulp of the high part.
            assertTrue(Math.abs(low) <= Math.ulp(high) / 2, "x^" + k + " low part too large");
        }
    }

    @Test
    void powersAreDoubleDoubleAccurate() {
        Random random = new Random(5);
        int degree = 10;
        double[] x = new double[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 4) {
                case 0 -> 6 * random.nextDouble() - 3;
                case 1 -> random.nextDouble() * 1e-3;
                case 2 -> 1000 + 1000 * random.nextDouble();
                default -> random.nextGaussian();
            };
        }
        Dataset expanded = Dataset.ofSingleFeature(x, new double[x.length]).withPolynomialFeatures(degree);
        for (int i = 0; i < x.length; i++) {
            assertPowers(expanded, i, new BigDecimal(x[i]), degree);
        }
    }

    @Test
    void powersOfDecimalsAnswerForTheTextNotItsDouble() {
        // With residues (as readExact makes them), x is the decimal as written: 0.1^k is 10^-k, not 0.1000000000000000055^k.
        String[] texts = {"0.1", "0.3", "1.7", "-2.5e-3", "123.456"};
        double[] x = new double[texts.length];
        double[] xResidue = new double[texts.length];
        for (int i = 0; i < texts.length; i++) {
            x[i] = Double.parseDouble(texts[i]);
            xResidue[i] = new BigDecimal(texts[i]).subtract(new BigDecimal(x[i])).doubleValue();
        }
        int degree = 8;
        Dataset data = new Dataset(x, new double[texts.length], List.of("x"), "y",
                new Dataset.Residue(xResidue, new double[texts.length]));
        Dataset expanded = data.withPolynomialFeatures(degree);
        for (int i = 0; i < texts.length; i++) {
            // The residue itself is rounded (2^-53 of a 2^-53-sized term) and the low*low product is dropped:
            // two more 2^-106 terms per step, still within 4k * 2^-106.
            assertPowers(expanded, i, new BigDecimal(texts[i]), degree);
        }
    }

    @Test
    void constructorCopiesItsArrays() {
        double[] features = {1, 2, 3, 4};
        double[] target = {5, 6};
        double[] featureResidue = {0.1, 0.2, 0.3, 0.4};
        double[] targetResidue = {0.5, 0.6};
        List<String> names = new ArrayList<>(List.of("a", "b"));
        Dataset data = new Dataset(features, target, names, "y", new Dataset.Residue(featureResidue, targetResidue));
        features[0] = 99;
        target[1] = 99;
        featureResidue[2] = 99;
        targetResidue[0] = 99;
        names.set(0, "changed");
        assertArrayEquals(new double[] {1, 2, 3, 4}, data.featureData());
        assertArrayEquals(new double[] {5, 6}, data.targetData());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, data.residue().orElseThrow().features());
        assertArrayEquals(new double[] {0.5, 0.6}, data.residue().orElseThrow().target());
        assertEquals(List.of("a", "b"), data.featureNames());
        double[] row = data.row(1);
        row[0] = 99;
        assertEquals(3, data.feature(1, 0));
    }

    @Test
    void rejectsValuesThatAreNotFiniteAndShapesThatDoNotFit() {
        List<String> x = List.of("x");
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[] {1, Double.NaN}, new double[] {1, 2}, x, "y"));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[] {1, 2}, new double[] {Double.NaN, 2}, x, "y"));
        assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[] {Double.POSITIVE_INFINITY, 2}, new double[] {1, 2}, x, "y"));
        assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[] {1, 2}, new double[] {1, Double.NEGATIVE_INFINITY}, x, "y"));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[] {1, 2, 3}, new double[] {1, 2}, x, "y"));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[0], new double[0], x, "y"));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(new double[][] {{1, 2}, {3}}, new double[] {1, 2}));
    }

    @Test
    void rowsAreRowMajor() {
        Dataset data = Dataset.of(new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[] {7, 8});
        assertEquals(List.of("x1", "x2", "x3"), data.featureNames());
        assertEquals(2, data.rowCount());
        assertEquals(3, data.featureCount());
        assertEquals(6, data.feature(1, 2));
        assertEquals(2, data.feature(0, 1));
        assertArrayEquals(new double[] {4, 5, 6}, data.row(1));
        assertEquals(8, data.target(1));
    }
}
