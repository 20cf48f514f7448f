package dev.descent.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file with a header row into a {@link Dataset}.
 *
 * <p>Reading never guesses: a cell that is not a finite number, a row with the wrong number of
 * cells, an empty file, a file with only a header, or a column that is asked for but absent
 * each stop the read with a {@link DataException} naming the file, line, column and what was
 * expected. Tokenising (quotes, line endings, byte-order marks) is FastCSV's job.
 */
public final class CsvDatasetReader {
    /** A number whose digits before any exponent are not all zero. */
    private static final Pattern NONZERO_MANTISSA = Pattern.compile("[+-]?0*\\.?0*[1-9]");

    private final Path file;
    private final ReadProgress progress;

    /** A reader of {@code file} that reports how far it has read to {@code progress}. */
    public CsvDatasetReader(Path file, ReadProgress progress) {
        this.file = file;
        this.progress = progress;
    }

    /**
     * Reads {@code file}, taking {@code target} as the target column and every other column as a feature.
     */
    public static Dataset read(Path file, String target) throws DataException {
        return read(file, target, List.of());
    }

    /**
     * Reads {@code file}, taking {@code target} as the target column and {@code features} (in that
     * order) as the features; an empty list means every column but the target.
     */
    public static Dataset read(Path file, String target, List<String> features) throws DataException {
        return new CsvDatasetReader(file, ReadProgress.NONE).read(target, features);
    }

    /** As {@link #read(Path, String, List)}, for this reader's file. */
    public Dataset read(String target, List<String> features) throws DataException {
        return read(target, features, false, CsvDatasetReader::number);
    }

    /**
     * As {@link #read(Path, String, List)}, and also keeps, for every value, what its decimal text
     * has beyond the nearest double (a {@link Dataset.Residue}), so that the exact solver can answer
     * for the numbers as written. Slower: each cell is also parsed as a {@link BigDecimal}.
     */
    public static Dataset readExact(Path file, String target, List<String> features) throws DataException {
        return new CsvDatasetReader(file, ReadProgress.NONE).readExact(target, features);
    }

    /** As {@link #readExact(Path, String, List)}, for this reader's file. */
    public Dataset readExact(String target, List<String> features) throws DataException {
        return read(target, features, true, CsvDatasetReader::number);
    }

    /**
     * Reads only the {@code features} (in that order) for prediction: the file need not have a target.
     * The data set's target is all zeros and named {@value #NO_TARGET}.
     */
    public static Dataset readFeatures(Path file, List<String> features) throws DataException {
        return new CsvDatasetReader(file, ReadProgress.NONE).readFeatures(features);
    }

    /** As {@link #readFeatures(Path, List)}, for this reader's file. */
    public Dataset readFeatures(List<String> features) throws DataException {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("name the features to read");
        }
        return read(null, features, false, CsvDatasetReader::number);
    }

    /** The target name of a data set read by {@link #readFeatures}. */
    public static final String NO_TARGET = "";

    /** The most classes {@link #readClasses(Path, String, List)} accepts in a label column. */
    public static final int MAX_CLASSES = 1000;

    /**
     * Reads {@code file} with {@code target} as a column of class labels (any text, such as
     * {@code setosa} or {@code 3}): the data set's target is each row's class index in the sorted
     * labels ({@link ClassLabels#sorted}). There must be from 2 to {@value #MAX_CLASSES} classes.
     */
    public static LabelledDataset readClasses(Path file, String target, List<String> features) throws DataException {
        return new CsvDatasetReader(file, ReadProgress.NONE).readClasses(target, features);
    }

    /** As {@link #readClasses(Path, String, List)}, for this reader's file. */
    public LabelledDataset readClasses(String target, List<String> features) throws DataException {
        Map<String, Integer> seen = new LinkedHashMap<>();
        Dataset data = read(target, features, false, (where, cell) -> seenIndex(where, cell, seen));
        if (seen.size() < 2) {
            throw new DataException(file + ": the column " + target + " has only the class " + seen.keySet()
                    + "; a classifier needs at least two");
        }
        ClassLabels classes = ClassLabels.sorted(seen.keySet());
        double[] sortedIndex = new double[seen.size()];
        seen.forEach((label, firstSeen) -> sortedIndex[firstSeen] = classes.indexOf(label));
        double[] y = data.targetData().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = sortedIndex[(int) y[i]];
        }
        return new LabelledDataset(data.withTarget(y), classes);
    }

    /**
     * Reads {@code file} with {@code target} as a column of labels of the given {@code classes}, as a
     * model trained on them needs; a label that is not one of them is an error naming its line.
     */
    public static LabelledDataset readClasses(Path file, String target, List<String> features, ClassLabels classes)
            throws DataException {
        return new CsvDatasetReader(file, ReadProgress.NONE).readClasses(target, features, classes);
    }

    /** As {@link #readClasses(Path, String, List, ClassLabels)}, for this reader's file. */
    public LabelledDataset readClasses(String target, List<String> features, ClassLabels classes) throws DataException {
        Dataset data = read(target, features, false, (where, cell) -> {
            int c = classes.indexOf(label(where, cell));
            if (c < 0) {
                throw new DataException(where + ": the class \"" + cell.strip() + "\" is not one of the model's classes "
                        + classes);
            }
            return c;
        });
        return new LabelledDataset(data, classes);
    }

    private static int seenIndex(String where, String cell, Map<String, Integer> seen) throws DataException {
        String label = label(where, cell);
        Integer c = seen.get(label);
        if (c == null) {
            if (seen.size() == MAX_CLASSES) {
                throw new DataException(where + ": more than " + MAX_CLASSES + " distinct classes; is this column a"
                        + " number to predict rather than a class label?");
            }
            c = seen.size();
            seen.put(label, c);
        }
        return c;
    }

    private static String label(String where, String cell) throws DataException {
        String label = cell.strip();
        if (label.isEmpty()) {
            throw new DataException(where + ": expected a class label, found an empty cell");
        }
        return label;
    }

    /** How a target cell becomes a number: parsed, or looked up as a class label. */
    private interface TargetCell {
        double value(String where, String cell) throws DataException;
    }

    private Dataset read(String target, List<String> features, boolean exact, TargetCell targetCell)
            throws DataException {
        String name = file.toString();
        try (CsvReader<CsvRecord> csv = CsvReader.builder()
                .detectBomHeader(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .ofCsvRecord(new CountingInputStream(Files.newInputStream(file), Files.size(file), progress))) {
            Iterator<CsvRecord> records = csv.iterator();
            if (!records.hasNext()) {
                throw new DataException(name + ": the file is empty; expected a header row and at least one data row");
            }
            CsvRecord header = records.next();
            Columns columns = Columns.resolve(name, header, target, features);
            return readRows(name, records, header.getFieldCount(), columns, exact, targetCell);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getCause().getMessage() + ")");
        } catch (CsvParseException e) {
            throw new DataException(name + ": not a well-formed CSV file (" + e.getMessage() + ")");
        }
    }

    private static Dataset readRows(String name, Iterator<CsvRecord> records, int width, Columns columns, boolean exact,
                                    TargetCell targetCell) throws DataException {
        int d = columns.features.length;
        double[] x = new double[16 * d];
        double[] y = new double[16];
        double[] xResidue = exact ? new double[16 * d] : null;
        double[] yResidue = exact ? new double[16] : null;
        int n = 0;
        while (records.hasNext()) {
            CsvRecord record = records.next();
            long line = record.getStartingLineNumber();
            if (record.getFieldCount() != width) {
                throw new DataException(name + " line " + line + ": expected " + width + " cells as in the header, found "
                        + record.getFieldCount());
            }
            if (n == y.length) {
                y = Arrays.copyOf(y, 2 * n);
                x = Arrays.copyOf(x, 2 * n * d);
                if (exact) {
                    yResidue = Arrays.copyOf(yResidue, 2 * n);
                    xResidue = Arrays.copyOf(xResidue, 2 * n * d);
                }
            }
            for (int j = 0; j < d; j++) {
                int column = columns.features[j];
                x[n * d + j] = number(where(name, line, column, columns.header), record.getField(column));
                if (exact) {
                    xResidue[n * d + j] = residue(record.getField(column), x[n * d + j]);
                }
            }
            y[n] = columns.target < 0 ? 0
                    : targetCell.value(where(name, line, columns.target, columns.header), record.getField(columns.target));
            if (exact) {
                yResidue[n] = residue(record.getField(columns.target), y[n]);
            }
            n++;
        }
        if (n == 0) {
            throw new DataException(name + ": the file has a header but no data rows");
        }
        Dataset.Residue residue = exact ? new Dataset.Residue(Arrays.copyOf(xResidue, n * d), Arrays.copyOf(yResidue, n)) : null;
        return new Dataset(Arrays.copyOf(x, n * d), Arrays.copyOf(y, n), columns.featureNames(), columns.targetName(),
                residue);
    }

    /** The decimal {@code cell} minus its nearest double {@code value}, rounded to a double. */
    private static double residue(String cell, double value) {
        return new BigDecimal(cell.strip()).subtract(new BigDecimal(value)).doubleValue();
    }

    private static String where(String name, long line, int column, List<String> header) {
        return name + " line " + line + ", column " + (column + 1) + " (" + header.get(column) + ")";
    }

    /** The number in {@code text}; {@code where} names the cell in messages. */
    private static double number(String where, String text) throws DataException {
        String cell = text.strip();
        if (cell.isEmpty()) {
            throw new DataException(where + ": expected a number, found an empty cell");
        }
        String lower = cell.toLowerCase(Locale.ROOT);
        if (lower.matches("[+-]?(nan|inf|infinity)")) {
            throw new DataException(where + ": expected a finite number, found " + cell);
        }
        double value;
        try {
            // Double.parseDouble also takes Java's type suffixes (1d, 2f) and hex; a data file means neither.
            if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")
                    || Character.isLetter(lower.charAt(lower.length() - 1))) {
                throw new NumberFormatException();
            }
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(where + ": expected a number, found \"" + cell + "\"");
        }
        if (!Double.isFinite(value)) {
            throw new DataException(where + ": expected a finite number, found " + cell + " (too large for a double)");
        }
        if (value == 0 && NONZERO_MANTISSA.matcher(cell).lookingAt()) {
            throw new DataException(where + ": found " + cell + ", too small for a double (it would be read as 0)");
        }
        return value;
    }

    /** Tells a {@link ReadProgress} how many of the file's bytes have been consumed, every 4 MiB. */
    private static final class CountingInputStream extends FilterInputStream {
        private static final long STEP = 4 << 20;
        private final long total;
        private final ReadProgress progress;
        private long count;
        private long reported;

        CountingInputStream(InputStream in, long total, ReadProgress progress) {
            super(in);
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            advance(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            advance(Math.max(read, 0));
            return read;
        }

        private void advance(int bytes) {
            count += bytes;
            if (count - reported >= STEP) {
                reported = count;
                progress.bytesRead(count, total);
            }
        }
    }

    /** Which header columns are the features and which is the target. */
    private static final class Columns {
        final List<String> header;
        final int[] features;
        final int target;

        private Columns(List<String> header, int[] features, int target) {
            this.header = header;
            this.features = features;
            this.target = target;
        }

        static Columns resolve(String name, CsvRecord headerRecord, String target, List<String> wanted)
                throws DataException {
            String line = name + " line " + headerRecord.getStartingLineNumber();
            List<String> header = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            for (int j = 0; j < headerRecord.getFieldCount(); j++) {
                String column = headerRecord.getField(j).strip();
                if (column.isEmpty()) {
                    throw new DataException(line + ", column " + (j + 1) + ": expected a column name in the header, found an empty cell");
                }
                if (index.putIfAbsent(column, j) != null) {
                    throw new DataException(line + ", column " + (j + 1) + ": the column name \"" + column
                            + "\" appears twice in the header");
                }
                header.add(column);
            }
            Integer targetIndex = target == null ? Integer.valueOf(-1) : index.get(target);
            if (targetIndex == null) {
                throw new DataException(line + ": no target column \"" + target + "\"; the header has " + header);
            }
            int[] features;
            if (wanted.isEmpty()) {
                features = new int[header.size() - 1];
                for (int j = 0, k = 0; j < header.size(); j++) {
                    if (j != targetIndex) {
                        features[k++] = j;
                    }
                }
                if (features.length == 0) {
                    throw new DataException(line + ": the only column is the target \"" + target
                            + "\"; expected at least one feature column");
                }
            } else {
                features = new int[wanted.size()];
                for (int k = 0; k < wanted.size(); k++) {
                    Integer column = index.get(wanted.get(k));
                    if (column == null) {
                        throw new DataException(line + ": no feature column \"" + wanted.get(k) + "\"; the header has "
                                + header);
                    }
                    if (column.equals(targetIndex)) {
                        throw new DataException(name + ": \"" + target + "\" is the target, so it cannot also be a feature");
                    }
                    features[k] = column;
                }
                if (Arrays.stream(features).distinct().count() != features.length) {
                    throw new DataException(name + ": a feature is named twice in " + wanted);
                }
            }
            return new Columns(List.copyOf(header), features, targetIndex);
        }

        List<String> featureNames() {
            List<String> names = new ArrayList<>(features.length);
            for (int column : features) {
                names.add(header.get(column));
            }
            return names;
        }

        String targetName() {
            return target < 0 ? NO_TARGET : header.get(target);
        }
    }
}
