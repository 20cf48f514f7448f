package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The LIBSVM reader against good files whose rows are known from their text, and a corpus of bad
 * files, each refused with one line naming the file, the line and what was expected.
 */
class LibsvmReaderTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("data.svm");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    // ---- good files ----

    @Test
    void readsRowsLabelsAndIndicesAsWritten() throws Exception {
        SparseDataset data = LibsvmReader.read(file("""
                # a comment line, then a blank one

                +1 1:0.5 3:-2\t7:1e-3
                -1
                0.25 qid:3 2:4   # a query id, ignored, and a trailing comment
                3 7:0
                """));
        assertEquals(4, data.rowCount());
        assertEquals(7, data.featureCount(), "the largest index");
        assertArrayEquals(new int[] {0, 3, 3, 4, 5}, data.rowStartData());
        assertArrayEquals(new int[] {0, 2, 6, 1, 6}, data.columnData(), "indices from 1, columns from 0");
        assertArrayEquals(new double[] {0.5, -2, 0.001, 4, 0}, data.valueData(), 0);
        assertArrayEquals(new double[] {1, -1, 0.25, 3}, data.targetData(), 0);
        assertEquals(List.of("f1", "f2", "f3", "f4", "f5", "f6", "f7"), data.featureNames());
        assertEquals("label", data.targetName());
    }

    @Test
    void valuesAreTheDoublesParseDoubleGives() throws Exception {
        String[] texts = {"0.1", "0.30000000000000004", "123456789.123456789", "-0", "4.9e-324", "1.7976931348623157e308",
                "2.2250738585072011e-308", "9007199254740993", "1E5", ".5", "-7."};
        StringBuilder line = new StringBuilder("1");
        for (int k = 0; k < texts.length; k++) {
            line.append(' ').append(k + 1).append(':').append(texts[k]);
        }
        SparseDataset data = LibsvmReader.read(file(line + "\n"));
        for (int k = 0; k < texts.length; k++) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(texts[k])),
                    Double.doubleToRawLongBits(data.valueData()[k]), texts[k]);
        }
    }

    @Test
    void windowsLineEndingsAByteOrderMarkAndNoFinalLineBreak() throws Exception {
        SparseDataset data = LibsvmReader.read(file("\uFEFF1 2:3\r\n0 1:1\r\n2 2:5"));
        assertArrayEquals(new double[] {1, 0, 2}, data.targetData(), 0);
        assertArrayEquals(new double[] {3, 1, 5}, data.valueData(), 0);
        assertEquals(2, data.featureCount());
    }

    @Test
    void everyLineEndingBufferedReaderKnowsEndsALine() throws Exception {
        SparseDataset data = LibsvmReader.read(file("1 1:1\r0 2:2\n\r\n3 3:3\r\n\r4 4:4"));
        assertArrayEquals(new double[] {1, 0, 3, 4}, data.targetData(), 0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, data.valueData(), 0);
        // \r, \n, \r\n, \r\n, \r\n and \r end six lines: the bad one is line 7.
        Path bad = file("1 1:1\r0 2:2\n\r\n3 3:3\r\n\r\n\r1 x");
        DataException e = assertThrows(DataException.class, () -> LibsvmReader.read(bad));
        assertEquals(bad + " line 7: expected index:value, found \"x\"", e.getMessage());
    }

    @Test
    void aCarriageReturnAndItsLineFeedInTwoReadsEndOneLine() throws Exception {
        // The reader takes 64 KiB at a time: \r is the last byte of the first read, \n the first of the next.
        String comment = "#" + "x".repeat((1 << 16) - 2);
        Path file = file(comment + "\r\n1 1:2\r\n0 2:3\r\nbad\r\n");
        assertEquals(1 << 16, Files.readString(file).indexOf('\n'));
        DataException e = assertThrows(DataException.class, () -> LibsvmReader.read(file));
        assertEquals(file + " line 4, label: expected a number, found \"bad\"", e.getMessage());
    }

    @Test
    void aTokenWithLettersBeyondAsciiIsQuotedAsWritten() throws Exception {
        Path file = file("# é, ü and 数 in a comment are skipped\n1 1:2 2:3€\n");
        DataException e = assertThrows(DataException.class, () -> LibsvmReader.read(file));
        assertEquals(file + " line 2, feature 2: expected a number, found \"3€\"", e.getMessage());
    }

    @Test
    void progressCountsBytesNotCharacters() throws Exception {
        // Mostly two-byte characters: counted as characters, the reports would lag at half the bytes read.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            text.append("# ").append("é".repeat(50)).append('\n').append(i % 2).append(" 1:").append(i).append('\n');
        }
        Path file = file(text.toString());
        long size = Files.size(file);
        List<Long> reports = new ArrayList<>();
        SparseDataset data = new LibsvmReader(file, (done, total) -> {
            assertEquals(size, total);
            reports.add(done);
        }).read(0);
        assertEquals(40_000, data.rowCount());
        assertTrue(size > 4 << 20, "a few megabytes: " + size);
        assertEquals(size, reports.get(reports.size() - 1), "done at the end");
        long lastBefore = reports.get(reports.size() - 2);
        assertTrue(lastBefore >= size - (1 << 20) - (1 << 16), "reports keep up with the bytes: " + reports);
        for (int k = 1; k < reports.size(); k++) {
            assertTrue(reports.get(k) >= reports.get(k - 1), "never backwards: " + reports);
        }
    }

    @Test
    void aGivenFeatureCountKeepsColumnsTheFileNeverUses() throws Exception {
        SparseDataset data = new LibsvmReader(file("1 2:3\n"), ReadProgress.NONE).read(10);
        assertEquals(10, data.featureCount());
        assertArrayEquals(new int[] {1}, data.columnData());
    }

    @Test
    void aLargeFileReadsAllItsRowsAndReportsProgress() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append(i % 2).append(' ').append(i % 50 + 1).append(':').append(i).append(" 77:0.5\n");
        }
        long[] last = new long[2];
        SparseDataset data = new LibsvmReader(file(text.toString()), (done, total) -> {
            last[0] = done;
            last[1] = total;
        }).read(0);
        assertEquals(100_000, data.rowCount());
        assertEquals(200_000, data.nonZeroCount());
        assertEquals(99_999, data.valueData()[199_998], 0);
        assertEquals(last[1], last[0], "reported done at the end");
        assertEquals(Files.size(dir.resolve("data.svm")), last[1]);
    }

    // ---- bad files ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a word for a label      | 1 1:2\\nyes 1:2                   | line 2, label: expected a number, found "yes"
            no label                | 1 1:2\\n3:1 4:2                   | line 2: expected the label (a number) first, found "3:1"
            NaN label               | nan 1:2                          | line 1, label: expected a finite number, found nan
            bad value               | 1 1:2\\n0 2:abc                   | line 2, feature 2: expected a number, found "abc"
            empty value             | 1 1:                             | line 1, feature 1: expected a number after the colon
            infinite value          | 1 1:1e400                        | line 1, feature 1: expected a finite number, found 1e400
            value too small         | 1 1:1e-400                       | line 1, feature 1: found 1e-400, too small for a double
            Java's suffix           | 1 1:1.5d                         | line 1, feature 1: expected a number, found "1.5d"
            hex value               | 1 1:0x10                         | line 1, feature 1: expected a number, found "0x10"
            no colon                | 1 1:2 7                          | line 1: expected index:value, found "7"
            index zero              | 1 0:2                            | line 1: expected a feature index from 1
            negative index          | 1 -1:2                           | line 1: expected a feature index from 1
            word for index          | 1 a:2                            | line 1: expected a feature index from 1
            huge index              | 1 99999999999999:2               | line 1: expected a feature index from 1
            decreasing indices      | 1 5:1 3:1                        | line 1: feature index 3 after 5; indices must increase
            repeated index          | 1\\n\\n1 2:1 2:1                   | line 3: feature index 2 appears twice; each index may
            late qid                | 1 1:2 qid:3                      | line 1: a qid must come right after the label
            bad qid                 | 1 qid:x 1:2                      | line 1: expected qid:N with N a whole number
            two colons              | 1 1:2:3                          | line 1, feature 1: expected a number, found "2:3"
            multi-label             | 1,2 1:2                          | line 1, label: expected a number, found "1,2"
            only comments           | # nothing\\n\\n   # here           | no data lines
            labels only             | 1\\n0                             | no line has a feature
            """)
    void refusesWithOneLineNamingFileLineAndWhat(String name, String content, String expected) throws IOException {
        Path file = file(content.replace("\\n", "\n"));
        DataException e = assertThrows(DataException.class, () -> LibsvmReader.read(file), name);
        assertTrue(e.getMessage().startsWith(file + (expected.startsWith("line") ? " " : ": ")), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected <" + expected + "> in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void anEmptyFile() throws IOException {
        Path file = file("");
        DataException e = assertThrows(DataException.class, () -> LibsvmReader.read(file));
        assertEquals(file + ": no data lines; expected lines of the form 'label index:value ...'", e.getMessage());
    }

    @Test
    void aMissingFile() {
        Path file = dir.resolve("nowhere.svm");
        DataException e = assertThrows(DataException.class, () -> LibsvmReader.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void anIndexBeyondTheFeatureCountAskedFor() throws IOException {
        Path file = file("1 2:1\n0 12:1\n");
        DataException e = assertThrows(DataException.class, () -> new LibsvmReader(file, ReadProgress.NONE).read(10));
        assertEquals(file + " line 2: feature index 12, but the data are read with 10 features", e.getMessage());
        DataException told = assertThrows(DataException.class,
                () -> new LibsvmReader(file, ReadProgress.NONE).read(10, "model.json has 10 features"));
        assertEquals(file + " line 2: feature index 12, but model.json has 10 features", told.getMessage());
    }

    @Test
    void chunksHoldEveryRowOnceAndSayTheLargestIndex(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 50_000; i++) {
            text.append(i % 7).append(' ').append(1 + random.nextInt(3)).append(":").append(i).append(' ')
                    .append(5 + random.nextInt(4)).append(":1.5").append(i % 3 == 0 ? "\r\n" : "\n");
        }
        Path file = folder.resolve("chunks.svm");
        java.nio.file.Files.writeString(file, text);
        SparseDataset whole = LibsvmReader.read(file);
        int row = 0;
        try (LibsvmReader.Chunks chunks = new LibsvmReader(file, ReadProgress.NONE).chunks(0, 4_000)) {
            for (SparseDataset chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                for (int i = 0; i < chunk.rowCount(); i++, row++) {
                    assertEquals(whole.target(row), chunk.target(i));
                }
            }
            assertEquals(whole.featureCount(), chunks.largestIndex());
        }
        assertEquals(whole.rowCount(), row);
    }
}
