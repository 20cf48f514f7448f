package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helpers that know nothing of the production code: the scikit-learn reference files (folder in
 * the system property {@code descent.references}), a plain CSV reader, and JSON runs of the command.
 */
final class Reference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reference() {
    }

    /** A file of the scikit-learn reference folder. */
    static Path file(String name) {
        String folder = System.getProperty("descent.references");
        assertNotNull(folder, "the system property descent.references names the scikit-learn reference folder");
        Path file = Path.of(folder, name);
        assertTrue(Files.isRegularFile(file), "missing reference file " + file);
        return file;
    }

    static JsonNode json(String name) {
        return read(file(name));
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        assertTrue(array != null && array.isArray(), "expected a JSON array, got " + array);
        double[] values = new double[array.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = array.get(k).asDouble();
        }
        return values;
    }

    /** Runs {@code descent args...}, expects success, and reads standard output as JSON. */
    static JsonNode descentJson(String... args) {
        Run run = Run.descent(args);
        assertEquals(0, run.exitCode(), () -> String.join(" ", args) + "\n" + run.err());
        return parse(run.out());
    }

    /** A CSV file of numbers with a header row (no quoting: the files of these tests never need it). */
    record Table(List<String> header, double[][] rows) {
        int column(String name) {
            int j = header.indexOf(name);
            assertTrue(j >= 0, "no column " + name + " in " + header);
            return j;
        }

        double[] column(int j) {
            double[] values = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                values[i] = rows[i][j];
            }
            return values;
        }

        /** The rows' values in {@code names}' columns, row-major. */
        double[][] columns(List<String> names) {
            double[][] out = new double[rows.length][names.size()];
            for (int k = 0; k < names.size(); k++) {
                int j = column(names.get(k));
                for (int i = 0; i < rows.length; i++) {
                    out[i][k] = rows[i][j];
                }
            }
            return out;
        }

        static Table read(Path file) {
            try {
                List<String> lines = Files.readAllLines(file);
                List<String> header = List.of(lines.get(0).split(","));
                List<double[]> rows = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    String[] cells = line.split(",");
                    assertEquals(header.size(), cells.length, line);
                    rows.add(Arrays.stream(cells).mapToDouble(Double::parseDouble).toArray());
                }
                assertFalse(rows.isEmpty(), file + " has no rows");
                return new Table(header, rows.toArray(double[][]::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the table as CSV, every number in its shortest exact form. */
        void write(Path file) {
            StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
            for (double[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    s.append(j == 0 ? "" : ",").append(row[j]);
                }
                s.append('\n');
            }
            try {
                Files.writeString(file, s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
