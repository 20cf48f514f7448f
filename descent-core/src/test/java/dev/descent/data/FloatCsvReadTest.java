package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a CSV file into float32 features: every value must be what {@link Float#parseFloat} makes
 * of its text, which is the float nearest to the decimal (checked here in exact arithmetic), and not
 * the double nearest to it rounded again, which can be a float away; whatever the cuts between
 * chunks, and in the one-pass read. Values beyond a float's range are refused.
 */
class FloatCsvReadTest {
    /**
     * Decimals just above the midpoint of two floats, but so close to it that their nearest double is the
     * midpoint itself, which a cast then rounds to the even float below: (float) Double.parseDouble(text)
     * is one float too low. Found by a small search over floats with even mantissas (ceilings of each
     * midpoint at 1, 2, ... significant digits, the first that rounds to it as a double), and
     * 1 + 2^-24 (the midpoint above 1) with its 17 significant digits rounded up.
     */
    private static final String[] DOUBLE_ROUNDING_TRAPS = {"0.00040237775829155", "0.326606884598732",
        "2.2750085500884e-36", "1.0000000596046448"};

    private static final String[] TRICKY = {"0.1", "-0.1", "1e-45", "8e-46", "1.17549435e-38", "1.1754942e-38",
        "3.4028235e38", "3.4028235677973366e38", "16777217", "16777219", "-16777217.000000001", "0.333333333333333333333",
        "+2.5", " 7 ", "1E3", "-0", "0.000", "123456789012345678901234567890", "2.98023223876953125E-8",
        "9007199254740993", "1.0000000596046447753906250000001", "1.000000059604644775390625"};

    @TempDir
    Path dir;

    /** The float nearest to the decimal {@code text} (ties to even), checked against its neighbours in exact arithmetic. */
    private static void assertNearest(String text, float actual) {
        BigDecimal exact = new BigDecimal(text.strip());
        BigDecimal error = new BigDecimal(actual).subtract(exact).abs();
        for (float neighbour : new float[] {Math.nextDown(actual), Math.nextUp(actual)}) {
            if (Float.isInfinite(neighbour)) {
                continue; // beyond the largest float: only a value past its half ulp above would overflow
            }
            int closer = error.compareTo(new BigDecimal(neighbour).subtract(exact).abs());
            assertTrue(closer < 0 || closer == 0 && (Float.floatToRawIntBits(actual) & 1) == 0,
                    text + " read as " + actual + ", but " + neighbour + " is nearer");
        }
    }

    private static void assertFloatOf(String text, float actual, String where) {
        assertEquals(Float.floatToRawIntBits(Float.parseFloat(text.strip())), Float.floatToRawIntBits(actual),
                where + ": " + text);
    }

    private Path write(String name, List<String> cells) throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < cells.size(); i++) {
            text.append(cells.get(i)).append(',').append(i).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void eachValueIsTheFloatNearestItsTextNotADoubleRoundedAgain() throws IOException, DataException {
        for (String trap : DOUBLE_ROUNDING_TRAPS) {
            assertNotEquals(Float.parseFloat(trap), (float) Double.parseDouble(trap), trap + " is no trap");
        }
        List<String> cells = new ArrayList<>(List.of(TRICKY));
        cells.addAll(List.of(DOUBLE_ROUNDING_TRAPS));
        Path file = write("tricky.csv", cells);
        for (int chunk : new int[] {16, Integer.MAX_VALUE / 2}) {
            FloatDataset data = new CsvDatasetReader(file, ReadProgress.NONE, chunk).readFloat("y", List.of());
            assertEquals(cells.size(), data.rowCount());
            for (int i = 0; i < cells.size(); i++) {
                float value = data.featureData()[i];
                assertNearest(cells.get(i), value);
                assertFloatOf(cells.get(i), value, "row " + i);
                assertEquals(i, data.target(i));
            }
        }
    }

    /** Numbers in float range written in many forms, a tenth of them traps as above, the texts kept. */
    private static String number(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                float f = Float.intBitsToFloat(random.nextInt());
                return Float.isFinite(f) ? Float.toString(f) : "1";
            case 1:
                return String.format(Locale.ROOT, "%.17g", random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
            case 2:
                return String.format(Locale.ROOT, "%.9g", random.nextGaussian() * 1000);
            case 3:
                return Integer.toString(random.nextInt());
            default:
                // Just above a midpoint m of two floats, by a quarter of m's double ulp: the nearest double is m.
                float low = Float.intBitsToFloat(random.nextInt(0x7e000000) & ~1 | 0x00800000);
                double midpoint = low + (Math.nextUp(low) - (double) low) / 2;
                return new BigDecimal(midpoint).add(new BigDecimal(Math.ulp(midpoint) / 4)).toString();
        }
    }

    @Test
    void everyValueIsWhatParseFloatMakesOfItsTextWhateverTheCutsAndInOnePass() throws IOException, DataException {
        Random random = new Random(41);
        int n = 2000;
        int d = 3;
        List<String[]> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder("x0,note,x1,x2,y\n");
        for (int i = 0; i < n; i++) {
            String[] row = {number(random), number(random), number(random), number(random)};
            rows.add(row);
            // A quoted line break in a column not read sends the read down the one-pass path, where present.
            text.append(row[0]).append(',').append(i == 1500 ? "\"two\nlines\"" : "note").append(',')
                    .append(row[1]).append(',').append(row[2]).append(',').append(row[3]).append('\n');
        }
        Path file = dir.resolve("values.csv");
        Files.writeString(file, text);
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, text.toString().replace("\"two\nlines\"", "note"));
        for (Path path : new Path[] {file, plain}) {
            for (int chunk : new int[] {300, 4096, Integer.MAX_VALUE / 2}) {
                FloatDataset data = new CsvDatasetReader(path, ReadProgress.NONE, chunk).readFloat("y", List.of("x0", "x1", "x2"));
                assertEquals(n, data.rowCount());
                for (int i = 0; i < n; i++) {
                    String[] row = rows.get(i);
                    for (int j = 0; j < d; j++) {
                        assertFloatOf(row[j], data.featureData()[i * d + j], path.getFileName() + " row " + i + " column " + j);
                    }
                    assertEquals(Double.doubleToRawLongBits(Double.parseDouble(row[d])),
                            Double.doubleToRawLongBits(data.target(i)), "row " + i + " target: " + row[d]);
                }
            }
        }
    }

    @Test
    void valuesBeyondAFloatAreRefusedNamingTheLineThoughADoubleHoldsThem() throws IOException, DataException {
        String[][] cases = {{"3.5e38", "too large for a float32"}, {"-1e39", "too large for a float32"},
            {"1e-46", "too small for a float32 (it would be read as 0)"}, {"abc", "expected a number, found \"abc\""}};
        for (String[] bad : cases) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                cells.add(i == 250 ? bad[0] : Integer.toString(i));
            }
            Path file = write("bad.csv", cells);
            for (int chunk : new int[] {64, Integer.MAX_VALUE / 2}) {
                DataException e = assertThrows(DataException.class,
                        () -> new CsvDatasetReader(file, ReadProgress.NONE, chunk).readFloat("y", List.of()));
                assertTrue(e.getMessage().contains(file + " line 252, column 1 (x): "), e.getMessage());
                assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            }
            if (!bad[0].equals("abc")) {
                assertEquals(Double.parseDouble(bad[0]), CsvDatasetReader.read(file, "y").feature(250, 0));
            }
        }
    }
}
