package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SparseDatasetTest {
    // Rows: [0, 2.5, 0, 0], [], [1, 0, 0, -3]
    private final SparseDataset data = new SparseDataset(new int[] {0, 1, 1, 3}, new int[] {1, 0, 3},
            new double[] {2.5, 1, -3}, new double[] {7, 8, 9}, 4);

    @Test
    void refusesRowsThatAreNotCompressedSparseRows() {
        double[] y = {1};
        assertRefused(() -> new SparseDataset(new int[] {0, 2}, new int[] {2, 1}, new double[] {1, 1}, y, 3),
                "increasing along the row");
        assertRefused(() -> new SparseDataset(new int[] {0, 2}, new int[] {1, 1}, new double[] {1, 1}, y, 3),
                "increasing along the row");
        assertRefused(() -> new SparseDataset(new int[] {0, 1}, new int[] {3}, new double[] {1}, y, 3), "in 0..2");
        assertRefused(() -> new SparseDataset(new int[] {0, 1}, new int[] {-1}, new double[] {1}, y, 3), "in 0..2");
        assertRefused(() -> new SparseDataset(new int[] {0, 2}, new int[] {0}, new double[] {1}, y, 3), "row starts");
        assertRefused(() -> new SparseDataset(new int[] {0, 1}, new int[] {0}, new double[] {Double.NaN}, y, 3), "NaN");
        assertRefused(() -> new SparseDataset(new int[] {0, 0}, new int[0], new double[0], new double[] {1 / 0.0}, 3),
                "Infinity");
        assertRefused(() -> new SparseDataset(new int[] {0}, new int[0], new double[0], new double[0], 3), "one row");
        assertRefused(() -> new SparseDataset(new int[] {0, 0}, new int[0], new double[0], y, 0), "one feature");
    }

    private static void assertRefused(Runnable make, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void rowsPicksRowsInTheGivenOrder() {
        SparseDataset picked = data.rows(new int[] {2, 1, 2});
        assertArrayEquals(new int[] {0, 2, 2, 4}, picked.rowStartData());
        assertArrayEquals(new int[] {0, 3, 0, 3}, picked.columnData());
        assertArrayEquals(new double[] {1, -3, 1, -3}, picked.valueData(), 0);
        assertArrayEquals(new double[] {9, 8, 9}, picked.targetData(), 0);
        assertEquals(4, picked.featureCount());
    }

    @Test
    void dotsARowWithWeightsOverItsNonZeros() {
        double[] w = {10, 100, 1000, 10000};
        assertEquals(250, data.dot(0, w), 0);
        assertEquals(0, data.dot(1, w), 0);
        assertEquals(10 - 30000, data.dot(2, w), 0);
    }

    @Test
    void theFingerprintFollowsTheValuesTheTargetAndTheLayout() {
        String print = data.fingerprint();
        assertEquals(print, new SparseDataset(new int[] {0, 1, 1, 3}, new int[] {1, 0, 3}, new double[] {2.5, 1, -3},
                new double[] {7, 8, 9}, 4).fingerprint());
        assertNotEquals(print, data.withTarget(new double[] {7, 8, 10}).fingerprint());
        assertNotEquals(print, new SparseDataset(new int[] {0, 1, 1, 3}, new int[] {1, 0, 3}, new double[] {2.5, 1, -3},
                new double[] {7, 8, 9}, 5).fingerprint());
        // The same values, with the empty row moved: same arrays of columns and values, other rows.
        assertNotEquals(print, new SparseDataset(new int[] {0, 1, 3, 3}, new int[] {1, 0, 3}, new double[] {2.5, 1, -3},
                new double[] {7, 8, 9}, 4).fingerprint());
    }

    @Test
    void copiesWhatItIsGiven() {
        int[] columns = {0};
        double[] values = {1};
        SparseDataset made = new SparseDataset(new int[] {0, 1}, columns, values, new double[] {1}, 1);
        columns[0] = 5;
        values[0] = 2;
        assertEquals(0, made.columnData()[0]);
        assertEquals(1, made.valueData()[0], 0);
    }
}
