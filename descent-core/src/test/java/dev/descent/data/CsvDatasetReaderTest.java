package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV reader against a corpus of bad files (each must be refused with a message naming the file,
 * the line and what is wrong) and of good files whose values are known from the text itself.
 */
class CsvDatasetReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Reads {@code file} expecting a refusal, and checks the message names the file and holds every fragment. */
    private static DataException assertRefused(Path file, List<String> features, String... fragments) {
        DataException e = assertThrows(DataException.class, () -> CsvDatasetReader.read(file, "y", features));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "the message should name the file: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "the message should contain <" + fragment + ">: " + message);
        }
        return e;
    }

    private static DataException assertRefused(Path file, String... fragments) {
        return assertRefused(file, List.of(), fragments);
    }

    @Test
    void aQuoteInsideAnUnquotedHeaderCellOpensNothing() throws IOException, DataException {
        // Per RFC 4180 (and FastCSV) a quote is special only at the start of a field: these are plain characters.
        Path file = file("inches.csv", "size\",x,y\n1,1,1\n2,2,2\n3\" pipe,3,3\n4,4,4\n");
        Dataset data = CsvDatasetReader.read(file, "y", List.of("x"));
        assertEquals(4, data.rowCount());
        for (int i = 0; i < 4; i++) {
            assertEquals(i + 1, data.feature(i, 0));
        }
        Dataset quoted = CsvDatasetReader.read(file("quoted.csv", "\"a \"\"b\"\",\n c\",y\n1,2\n"), "y", List.of());
        assertEquals(List.of("a \"b\",\n c"), quoted.featureNames());
        assertEquals(1, quoted.rowCount());
    }

    // ---- bad files ----

    @Test
    void nonNumericCell() throws IOException {
        assertRefused(file("letters.csv", "x,y\n1,2\n3,abc\n"), "line 3", "column 2 (y)", "expected a number", "\"abc\"");
    }

    @Test
    void rowWithTooFewCells() throws IOException {
        assertRefused(file("short.csv", "x,z,y\n1,2,3\n4,5\n"), "line 3", "expected 3 cells", "found 2");
    }

    @Test
    void rowWithTooManyCells() throws IOException {
        assertRefused(file("long.csv", "x,y\n1,2\n3,4\n5,6,7\n"), "line 4", "expected 2 cells", "found 3");
    }

    @Test
    void emptyFile() throws IOException {
        // There is no line to name: the whole file is the problem.
        assertRefused(file("empty.csv", ""), "empty");
    }

    @Test
    void headerOnly() throws IOException {
        assertRefused(file("header.csv", "x,y\n"), "no data rows");
    }

    @Test
    void missingTargetColumn() throws IOException {
        assertRefused(file("notarget.csv", "a,b\n1,2\n"), "line 1", "no target column \"y\"");
    }

    @Test
    void notANumber() throws IOException {
        assertRefused(file("nan.csv", "x,y\n1,2\nNaN,3\n"), "line 3", "column 1 (x)", "finite", "NaN");
    }

    @Test
    void infinity() throws IOException {
        assertRefused(file("inf.csv", "x,y\n1,inf\n"), "line 2", "column 2 (y)", "finite", "inf");
        assertRefused(file("minusinfinity.csv", "x,y\n-Infinity,1\n"), "line 2", "column 1 (x)", "finite", "-Infinity");
    }

    @Test
    void overflowingNumber() throws IOException {
        // 1e400 is beyond Double.MAX_VALUE (about 1.8e308): Double.parseDouble would give Infinity.
        assertRefused(file("huge.csv", "x,y\n1,2\n1e400,3\n"), "line 3", "column 1 (x)", "1e400", "too large");
    }

    @Test
    void emptyCell() throws IOException {
        assertRefused(file("hole.csv", "x,y\n1,2\n3,\n"), "line 3", "column 2 (y)", "empty cell");
    }

    @Test
    void duplicateHeaderName() throws IOException {
        assertRefused(file("twice.csv", "x,y,x\n1,2,3\n"), "line 1", "column 3", "\"x\"", "twice");
    }

    @Test
    void unknownFeatureColumn() throws IOException {
        assertRefused(file("features.csv", "a,b,y\n1,2,3\n"), List.of("a", "q"), "line 1", "no feature column \"q\"");
    }

    @Test
    void javaTypeSuffixAndHex() throws IOException {
        // Double.parseDouble accepts "1.5d", "2f" and "0x1p3"; a data file means none of them.
        assertRefused(file("suffix.csv", "x,y\n1.5d,2\n"), "line 2", "column 1 (x)", "\"1.5d\"");
        assertRefused(file("float.csv", "x,y\n1,2f\n"), "line 2", "column 2 (y)", "\"2f\"");
        assertRefused(file("hex.csv", "x,y\n0x1p3,2\n"), "line 2", "column 1 (x)", "\"0x1p3\"");
    }

    @Test
    void lineNumbersCountPhysicalLinesWithCrlfAndQuotedLineBreaks() throws IOException {
        // The quoted note spans lines 2 and 3, so the bad cell is on line 4.
        Path file = file("multiline.csv", "x,note,y\r\n1,\"two\r\nlines\",2\r\n3,ok,abc\r\n");
        assertRefused(file, List.of("x"), "line 4", "column 3 (y)", "\"abc\"");
    }

    @Test
    void headerErrorsNameTheHeadersRealLine() throws IOException {
        assertRefused(file("blankfirst.csv", "\nx,x,y\n1,2,3\n"), "line 2", "twice");
    }

    @Test
    void exactReadOfAnExponentBigDecimalCannotHoldIsADataException() throws IOException {
        Path file = file("tiny.csv", "x,y\n1e-9999999999,2\n");
        DataException e = assertThrows(DataException.class, () -> CsvDatasetReader.readExact(file, "y", List.of()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 2"), e.getMessage());
    }

    // ---- good files ----

    @Test
    void featuresComeInTheOrderAsked() throws IOException, DataException {
        Path file = file("order.csv", "a,b,y,c\n1,2,3,4\n5,6,7,8\n");
        Dataset picked = CsvDatasetReader.read(file, "y", List.of("c", "a"));
        assertEquals(List.of("c", "a"), picked.featureNames());
        assertEquals("y", picked.targetName());
        assertArrayEquals(new double[] {4, 1, 8, 5}, picked.featureData());
        assertArrayEquals(new double[] {3, 7}, picked.targetData());

        Dataset all = CsvDatasetReader.read(file, "y");
        assertEquals(List.of("a", "b", "c"), all.featureNames());
        assertArrayEquals(new double[] {1, 2, 4, 5, 6, 8}, all.featureData());
    }

    @Test
    void quotedCells() throws IOException, DataException {
        Dataset data = CsvDatasetReader.read(file("quoted.csv", "\"x\",\"y\"\n\"1.5\",\" -2 \"\n\"3e2\",4\n"), "y");
        assertEquals(List.of("x"), data.featureNames());
        assertArrayEquals(new double[] {1.5, 300}, data.featureData());
        assertArrayEquals(new double[] {-2, 4}, data.targetData());
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException, DataException {
        Path file = dir.resolve("bom.csv");
        byte[] text = "y,x\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Files.write(file, bytes);
        Dataset data = CsvDatasetReader.read(file, "y"); // finds "y" only if the BOM was dropped
        assertEquals(List.of("x"), data.featureNames());
        assertArrayEquals(new double[] {2}, data.featureData());
        assertArrayEquals(new double[] {1}, data.targetData());
    }

    @Test
    void crlfLineEndings() throws IOException, DataException {
        Dataset data = CsvDatasetReader.read(file("crlf.csv", "x,y\r\n1,2\r\n3,4\r\n"), "y");
        assertEquals(2, data.rowCount());
        assertArrayEquals(new double[] {1, 3}, data.featureData());
        assertArrayEquals(new double[] {2, 4}, data.targetData());
    }

    /** Decimal texts in the forms a data file may hold. */
    private static List<String> decimalTexts(Random random, int count) {
        List<String> texts = new ArrayList<>(List.of("0.1", "0.3", "-0", "5.", ".5", "+1.25", "1E5", "1e-7",
                "123456.789", "9007199254740993", "2.2250738585072014E-308", "1.7976931348623157e308"));
        while (texts.size() < count) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "-" : "");
            s.append(digits(random, 1 + random.nextInt(12)));
            if (random.nextBoolean()) {
                s.append('.').append(digits(random, 1 + random.nextInt(20)));
            }
            if (random.nextInt(3) == 0) {
                s.append('e').append(random.nextInt(61) - 30);
            }
            texts.add(s.toString());
        }
        return texts;
    }

    private static String digits(Random random, int count) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < count; k++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private Path twoColumnFile(String name, List<String> texts) throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i + 1 < texts.size(); i += 2) {
            csv.append(texts.get(i)).append(',').append(texts.get(i + 1)).append('\n');
        }
        return file(name, csv.toString());
    }

    @Test
    void valuesAreTheNearestDoublesOfTheText() throws IOException, DataException {
        List<String> texts = decimalTexts(new Random(11), 400);
        Dataset data = CsvDatasetReader.read(twoColumnFile("values.csv", texts), "y");
        assertEquals(texts.size() / 2, data.rowCount());
        for (int i = 0; i < data.rowCount(); i++) {
            // Bit-exact: Double.parseDouble is the JDK's correctly rounded decimal-to-double conversion.
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(texts.get(2 * i))),
                    Double.doubleToRawLongBits(data.feature(i, 0)), texts.get(2 * i));
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(texts.get(2 * i + 1))),
                    Double.doubleToRawLongBits(data.target(i)), texts.get(2 * i + 1));
        }
    }

    @Test
    void exactReadKeepsWhatTheTextHasBeyondItsDouble() throws IOException, DataException {
        List<String> texts = decimalTexts(new Random(12), 400);
        Dataset data = CsvDatasetReader.readExact(twoColumnFile("exact.csv", texts), "y", List.of());
        Dataset.Residue residue = data.residue().orElseThrow();
        assertEquals(texts.size() / 2, data.rowCount());
        for (int i = 0; i < data.rowCount(); i++) {
            assertResidue(texts.get(2 * i), data.feature(i, 0), residue.features()[i]);
            assertResidue(texts.get(2 * i + 1), data.target(i), residue.target()[i]);
        }
    }

    /** The residue is (text - double) rounded once to a double, so it is within one ulp of the exact difference. */
    private static void assertResidue(String text, double value, double residue) {
        BigDecimal exact = new BigDecimal(text).subtract(new BigDecimal(value));
        if (exact.signum() == 0) {
            assertEquals(0.0, residue, text + " is a double exactly");
            return;
        }
        BigDecimal error = exact.subtract(new BigDecimal(residue)).abs();
        assertTrue(error.compareTo(new BigDecimal(Math.ulp(residue))) <= 0,
                text + ": residue " + residue + ", exact " + exact);
    }

    // ---- class labels ----

    @Test
    void textLabelsAreSortedAndEachRowGetsItsClassIndex() throws IOException, DataException {
        Path file = file("labels.csv", "x,kind\n1,zebra\n2,ant\n3,moth\n4,ant\n");
        LabelledDataset read = CsvDatasetReader.readClasses(file, "kind", List.of());
        assertEquals(List.of("ant", "moth", "zebra"), read.classes().names());
        assertArrayEquals(new double[] {2, 0, 1, 0}, read.data().targetData());
        assertArrayEquals(new double[] {1, 2, 3, 4}, read.data().featureData());
    }

    @Test
    void numericLabelsAreSortedByValueNotAsText() throws IOException, DataException {
        Path file = file("numbers.csv", "x,y\n1,10\n2,9\n3,2\n4, 10 \n");
        LabelledDataset read = CsvDatasetReader.readClasses(file, "y", List.of());
        assertEquals(List.of("2", "9", "10"), read.classes().names());
        assertArrayEquals(new double[] {2, 1, 0, 2}, read.data().targetData());
    }

    @Test
    void labelsReadAgainstKnownClassesKeepTheirIndicesEvenWhenSomeAreMissing() throws IOException, DataException {
        Path file = file("subset.csv", "x,y\n1,c\n2,a\n");
        ClassLabels known = new ClassLabels(List.of("c", "b", "a"));
        LabelledDataset read = CsvDatasetReader.readClasses(file, "y", List.of(), known);
        assertArrayEquals(new double[] {0, 2}, read.data().targetData());
        assertEquals(known, read.classes());
    }

    @Test
    void aLabelThatIsNotAKnownClassIsRefusedWithItsLine() throws IOException {
        Path file = file("unknown.csv", "x,y\n1,a\n2,d\n");
        DataException e = assertThrows(DataException.class,
                () -> CsvDatasetReader.readClasses(file, "y", List.of(), new ClassLabels(List.of("a", "b"))));
        assertTrue(e.getMessage().contains(file + " line 3") && e.getMessage().contains("\"d\"")
                && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void aSingleClassAnEmptyLabelAndTooManyClassesAreRefused() throws IOException {
        Path one = file("one.csv", "x,y\n1,a\n2,a\n");
        assertTrue(assertThrows(DataException.class, () -> CsvDatasetReader.readClasses(one, "y", List.of()))
                .getMessage().contains("only the class [a]"));
        Path empty = file("empty.csv", "x,y\n1,a\n2,\n");
        assertTrue(assertThrows(DataException.class, () -> CsvDatasetReader.readClasses(empty, "y", List.of()))
                .getMessage().contains("line 3"));
        StringBuilder many = new StringBuilder("x,y\n");
        for (int i = 0; i <= CsvDatasetReader.MAX_CLASSES; i++) {
            many.append(i).append(',').append(i * 0.5).append('\n');
        }
        Path manyFile = file("many.csv", many.toString());
        String message = assertThrows(DataException.class, () -> CsvDatasetReader.readClasses(manyFile, "y", List.of()))
                .getMessage();
        assertTrue(message.contains("line " + (CsvDatasetReader.MAX_CLASSES + 2)) && message.contains("distinct classes"),
                message);
    }

    @Test
    void progressIsReportedInRisingByteCountsUpToTheFileSize() throws IOException, DataException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 600_000; i++) {
            text.append(i).append(',').append(i * 0.25).append('\n');
        }
        Path big = file("progress.csv", text.toString());
        List<long[]> reports = new ArrayList<>();
        Dataset data = new CsvDatasetReader(big, (done, total) -> reports.add(new long[] {done, total})).read("y", List.of());
        assertEquals(600_000, data.rowCount());
        long size = Files.size(big);
        assertTrue(reports.size() >= 2, "a " + size + "-byte file should report more than once: " + reports.size());
        for (int r = 0; r < reports.size(); r++) {
            assertEquals(size, reports.get(r)[1]);
            assertTrue(reports.get(r)[0] <= size && (r == 0 || reports.get(r)[0] > reports.get(r - 1)[0]));
        }
        assertEquals(size, reports.get(reports.size() - 1)[0], "the last report is the whole file");
    }

    @Test
    void missingValuesAreDroppedOrFilledWithTheColumnMeanAndCounted() throws Exception {
        Path file = file("missing.csv", "x,z,y\n1,10,2\n2,,4\nNA,30,6.5\n4,n/a,8\n5,50,\n6,NaN,12\n7,null,14\n");
        CsvDatasetReader dropping = new CsvDatasetReader(file, ReadProgress.NONE).readingPast(Missing.DROP);
        Dataset dropped = dropping.read("y", List.of());
        assertArrayEquals(new double[] {1, 10}, dropped.featureData());
        assertArrayEquals(new double[] {2}, dropped.targetData());
        assertEquals(6, dropping.missingCount().rowsDropped());
        assertEquals(java.util.Map.of("x", 1, "z", 4, "y", 1), dropping.missingCount().cells());
        CsvDatasetReader filling = new CsvDatasetReader(file, ReadProgress.NONE).readingPast(Missing.MEAN);
        Dataset filled = filling.read("y", List.of());
        // the row without a target goes; x's mean over 1, 2, 4, 6, 7 is 4, z's over 10, 30 is 20
        assertArrayEquals(new double[] {1, 10, 2, 20, 4, 30, 4, 20, 6, 20, 7, 20}, filled.featureData());
        assertArrayEquals(new double[] {2, 4, 6.5, 8, 12, 14}, filled.targetData());
        assertEquals(1, filling.missingCount().rowsDropped());
        FloatDataset floats = new CsvDatasetReader(file, ReadProgress.NONE).readingPast(Missing.MEAN).readFloat("y", List.of());
        assertEquals(20f, floats.feature(1, 1));
        DataException none = assertThrows(DataException.class, () -> new CsvDatasetReader(file("none.csv", "x,y\n1,\nNA,2\n"),
                ReadProgress.NONE).readingPast(Missing.DROP).read("y", List.of()));
        assertTrue(none.getMessage().endsWith(": every one of its 2 rows has a missing value (x: 1, y: 1), so --missing"
                + " drop leaves none"), none.getMessage());
        DataException empty = assertThrows(DataException.class, () -> CsvDatasetReader.read(file, "y"));
        assertTrue(empty.getMessage().endsWith("line 3, column 2 (z): expected a number, found an empty cell (--missing drop"
                + " or --missing mean reads past missing values)"), empty.getMessage());
    }

    @Test
    void aRowLeftOutLeavesNoClassBehind() throws Exception {
        Path file = file("classes.csv", "x,y\n1,a\n2,a\nNA,c\n4,b\n5,a\n");
        LabelledDataset read = new CsvDatasetReader(file, ReadProgress.NONE).readingPast(Missing.DROP)
                .readClasses("y", List.of());
        assertEquals(List.of("a", "b"), read.classes().names());
        assertEquals(4, read.data().rowCount());
    }
}
