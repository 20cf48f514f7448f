package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader cuts a large file into chunks that threads parse at once. With chunks of a few hundred
 * bytes, small files take that path too; every value must be what {@link Double#parseDouble} makes
 * of its text, and every problem must name the line it is on in the file.
 */
class ParallelCsvReadTest {
    private static final int SMALL_CHUNKS = 300;

    @TempDir
    Path dir;

    /** Numbers written in many forms, with the texts kept to check against. */
    private static String number(Random random) {
        double v = Double.longBitsToDouble(random.nextLong());
        switch (random.nextInt(6)) {
            case 0:
                return Double.isFinite(v) ? Double.toString(v) : "0";
            case 1:
                return String.format(Locale.ROOT, "%.17g", random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 2:
                return Integer.toString(random.nextInt());
            case 3:
                return "+" + random.nextInt(1000) + "." + random.nextInt(1000);
            case 4:
                return " " + random.nextDouble() + " "; // spaces around a number are allowed
            default:
                // Halfway and near-halfway cases that a sloppy parser rounds the wrong way.
                String[] hard = {"9007199254740993", "2.2250738585072011e-308", "4.9406564584124654e-324",
                    "1.7976931348623157e308", "0.1", "2.98023223876953125E-8", "9007199254740992.9999999999999999",
                    "1.00000000000000011102230246251565404236316680908203125", "7.0e-10", "-0.0"};
                return hard[random.nextInt(hard.length)];
        }
    }

    private record Written(Path file, List<String[]> rows) {
    }

    private Written write(String name, int n, int d, String newline, Random random, boolean blankLines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < d; j++) {
            text.append('x').append(j).append(',');
        }
        text.append('y').append(newline);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] row = new String[d + 1];
            for (int j = 0; j <= d; j++) {
                row[j] = number(random);
            }
            rows.add(row);
            text.append(String.join(",", row)).append(newline);
            if (blankLines && random.nextInt(50) == 0) {
                text.append(newline);
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new Written(file, rows);
    }

    @Test
    void everyValueIsWhatParseDoubleMakesOfItsTextWhateverTheCuts() throws IOException, DataException {
        Random random = new Random(17);
        for (String newline : new String[] {"\n", "\r\n"}) {
            Written w = write("values.csv", 2000, 4, newline, random, true);
            for (int chunk : new int[] {SMALL_CHUNKS, 4096, Integer.MAX_VALUE / 2}) {
                Dataset data = new CsvDatasetReader(w.file(), ReadProgress.NONE, chunk).read("y", List.of());
                assertEquals(w.rows().size(), data.rowCount());
                for (int i = 0; i < data.rowCount(); i++) {
                    String[] row = w.rows().get(i);
                    for (int j = 0; j < 4; j++) {
                        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(row[j].strip())),
                                Double.doubleToRawLongBits(data.feature(i, j)), "row " + i + " column " + j + ": " + row[j]);
                    }
                    assertEquals(Double.doubleToRawLongBits(Double.parseDouble(row[4].strip())),
                            Double.doubleToRawLongBits(data.target(i)), "row " + i + " target: " + row[4]);
                }
            }
        }
    }

    @Test
    void theLastRowNeedsNoLineFeedAndTrailingBlankLinesAreNoRows() throws IOException, DataException {
        StringBuilder text = new StringBuilder("a,y\n");
        for (int i = 0; i < 500; i++) {
            text.append(i).append(',').append(2 * i).append(i % 7 == 0 ? "\n\r\n\n" : "\n");
        }
        for (String ending : new String[] {"500,1000", "500,1000\n\n\r\n"}) {
            Path file = dir.resolve("ending.csv");
            Files.writeString(file, text + ending);
            Dataset data = new CsvDatasetReader(file, ReadProgress.NONE, SMALL_CHUNKS).read("y", List.of());
            assertEquals(501, data.rowCount(), ending);
            for (int i = 0; i <= 500; i++) {
                assertEquals(i, data.feature(i, 0));
                assertEquals(2 * i, data.target(i));
            }
        }
    }

    @Test
    void aBadCellFarIntoTheFileIsReportedOnItsOwnLine() throws IOException {
        Random random = new Random(3);
        Written w = write("bad.csv", 1500, 3, "\n", random, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(w.file()));
        lines.set(1234, lines.get(1234).replaceFirst("^[^,]*", "oops")); // line 1235 of the file
        Files.write(w.file(), lines);
        DataException e = assertThrows(DataException.class,
                () -> new CsvDatasetReader(w.file(), ReadProgress.NONE, SMALL_CHUNKS).read("y", List.of()));
        assertTrue(e.getMessage().contains("line 1235, column 1 (x0)") && e.getMessage().contains("\"oops\""), e.getMessage());

        lines.set(1234, "1,2"); // a short row
        Files.write(w.file(), lines);
        DataException shortRow = assertThrows(DataException.class,
                () -> new CsvDatasetReader(w.file(), ReadProgress.NONE, SMALL_CHUNKS).read("y", List.of()));
        assertTrue(shortRow.getMessage().contains("line 1235: expected 4 cells"), shortRow.getMessage());
    }

    @Test
    void labelsAreNumberedAcrossChunksAsInOnePass() throws IOException, DataException {
        Random random = new Random(8);
        String[] names = {"pear", "apple", "fig", "kiwi", "date"};
        StringBuilder text = new StringBuilder("a,b,fruit\n");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // The later names first appear only far into the file.
            String label = names[random.nextInt(Math.min(names.length, 1 + i / 500))];
            labels.add(label);
            text.append(i).append(',').append(random.nextDouble()).append(',').append(label).append('\n');
        }
        Path file = dir.resolve("fruit.csv");
        Files.writeString(file, text);
        LabelledDataset read = new CsvDatasetReader(file, ReadProgress.NONE, SMALL_CHUNKS).readClasses("fruit", List.of());
        List<String> sorted = List.of("apple", "date", "fig", "kiwi", "pear");
        assertEquals(sorted, read.classes().names());
        for (int i = 0; i < labels.size(); i++) {
            assertEquals(sorted.indexOf(labels.get(i)), (int) read.data().target(i), "row " + i);
        }
        LabelledDataset known = new CsvDatasetReader(file, ReadProgress.NONE, SMALL_CHUNKS)
                .readClasses("fruit", List.of(), new ClassLabels(List.of("pear", "apple", "fig", "kiwi", "date")));
        for (int i = 0; i < labels.size(); i++) {
            assertEquals(List.of(names).indexOf(labels.get(i)), (int) known.data().target(i), "row " + i);
        }
    }

    @Test
    void aQuotedLineBreakAcrossACutIsReadRight() throws IOException, DataException {
        StringBuilder text = new StringBuilder("x,note,y\n");
        for (int i = 0; i < 400; i++) {
            text.append(i).append(',').append(i % 37 == 0 ? "\"two\nlines\"" : "plain").append(',').append(i * 0.5).append('\n');
        }
        text.append("400,ok,abc\n");
        Path file = dir.resolve("quoted.csv");
        Files.writeString(file, text);
        // The last row is bad: its line counts the 11 quoted breaks (at i = 0, 37, ..., 370): 1 + 400 + 11 + 1.
        DataException e = assertThrows(DataException.class, () -> new CsvDatasetReader(file, ReadProgress.NONE, 64)
                .read("y", List.of("x")));
        assertTrue(e.getMessage().contains("line 413, column 3 (y)"), e.getMessage());
        Files.writeString(file, text.toString().replace("400,ok,abc\n", ""));
        Dataset data = new CsvDatasetReader(file, ReadProgress.NONE, 64).read("y", List.of("x"));
        assertEquals(400, data.rowCount());
        for (int i = 0; i < 400; i++) {
            assertEquals(i, data.feature(i, 0));
            assertEquals(i * 0.5, data.target(i));
        }
    }

    @Test
    void progressRisesToTheFileSizeWhenChunksFinishOnSeveralThreads() throws IOException, DataException {
        Written w = write("progress.csv", 3000, 3, "\n", new Random(5), false);
        List<Long> reports = new ArrayList<>();
        new CsvDatasetReader(w.file(), (done, total) -> reports.add(done), SMALL_CHUNKS).read("y", List.of());
        assertTrue(reports.size() > 10, "reports: " + reports.size());
        for (int r = 1; r < reports.size(); r++) {
            assertTrue(reports.get(r) > reports.get(r - 1), "reports must rise: " + reports);
        }
        assertEquals(Files.size(w.file()), reports.get(reports.size() - 1));
    }
}
