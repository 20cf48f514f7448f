package dev.descent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a LIBSVM (svmlight) file into a {@link SparseDataset}: one row per line,
 * {@code label index:value index:value ... # comment}, separated by spaces or tabs.
 *
 * <ul>
 *   <li>Indices are whole numbers from 1, strictly increasing along a line (as LIBSVM writes
 *   them); feature index k becomes column k - 1, named {@code fk}. An index that is missing is a 0.
 *   <li>Blank lines, comment lines and everything after a {@code #} are skipped.
 *   <li>A {@code qid:N} right after the label (a ranking query id) is checked and ignored.
 *   <li>The number of features is the largest index in the file, or one the caller gives (to read
 *   data for a saved model, which may use features this file lacks); a larger index is refused.
 * </ul>
 *
 * <p>Labels and values are read as CSV cells are ({@code CsvNumbers}): the double
 * {@link Double#parseDouble} gives, computed by FastDoubleParser, and no NaN, infinity, hex or
 * number too large or too small for a double. Anything else stops the read with a
 * {@link DataException} naming the file, the line and what was expected. The file is read on one
 * thread, in one pass.
 */
public final class LibsvmReader {
    /** The most values a Java array holds, and so the most features, non-zeros or rows. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int PROGRESS_EVERY = 1 << 20;

    private final Path file;
    private final ReadProgress progress;

    // The arrays being filled, grown as needed and trimmed at the end.
    private int[] rowStarts = new int[1024];
    private double[] target = new double[1024];
    private int[] columns = new int[4096];
    private double[] values = new double[4096];
    private int rows;
    private int nonZeros;
    private int largestIndex;
    private char[] line = new char[256];

    /** A reader of {@code file} that reports how far it has read to {@code progress}. */
    public LibsvmReader(Path file, ReadProgress progress) {
        this.file = file;
        this.progress = progress;
    }

    /** Reads {@code file}; its number of features is its largest index. */
    public static SparseDataset read(Path file) throws DataException {
        return new LibsvmReader(file, ReadProgress.NONE).read(0);
    }

    /**
     * Reads the file with {@code featureCount} features, or with as many as its largest index when
     * {@code featureCount} is 0. A reader reads once.
     */
    public SparseDataset read(int featureCount) throws DataException {
        return read(featureCount, "the data are read with " + featureCount + " features");
    }

    /**
     * As {@link #read(int)}, with {@code limit} saying where the feature count comes from when a line
     * has a larger index, such as "model.json has 7 features".
     */
    public SparseDataset read(int featureCount, String limit) throws DataException {
        if (featureCount < 0) {
            throw new IllegalArgumentException("the feature count must be at least 1, or 0 for the largest index");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            long size = Files.size(file);
            long done = 0;
            long reported = 0;
            int number = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                parseLine(text, number, featureCount, limit);
                done += text.length() + 1;
                if (done - reported >= PROGRESS_EVERY) {
                    progress.bytesRead(Math.min(done, size), size);
                    reported = done;
                }
            }
            progress.bytesRead(size, size);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the file (" + e.getMessage() + ")");
        }
        if (rows == 0) {
            throw new DataException(file + ": no data lines; expected lines of the form 'label index:value ...'");
        }
        int d = featureCount > 0 ? featureCount : largestIndex;
        if (d == 0) {
            throw new DataException(file + ": no line has a feature; expected lines of the form 'label index:value ...'");
        }
        return SparseDataset.adopt(Arrays.copyOf(rowStarts, rows + 1), Arrays.copyOf(columns, nonZeros),
                Arrays.copyOf(values, nonZeros), Arrays.copyOf(target, rows), d);
    }

    private void parseLine(String text, int number, int featureCount, String limit) throws DataException {
        int length = text.length();
        if (line.length < length) {
            line = new char[Math.max(length, 2 * line.length)];
        }
        text.getChars(0, length, line, 0);
        int end = text.indexOf('#');
        end = end < 0 ? length : end;
        int at = skipBlanks(number == 1 && length > 0 && line[0] == '\uFEFF' ? 1 : 0, end); // a byte-order mark
        if (at == end) {
            return; // a blank or comment line
        }
        String where = file + " line " + number;
        int tokenEnd = tokenEnd(at, end);
        if (text.indexOf(':', at) >= 0 && text.indexOf(':', at) < tokenEnd) {
            throw new DataException(where + ": expected the label (a number) first, found \"" + token(at, tokenEnd) + "\"");
        }
        double label = number(at, tokenEnd, where + ", label");
        if (rows == MAX_ARRAY) {
            throw new DataException(where + ": more rows than a Java array holds (" + MAX_ARRAY + ")");
        }
        int previous = 0;
        boolean first = true;
        for (at = skipBlanks(tokenEnd, end); at < end; at = skipBlanks(tokenEnd, end), first = false) {
            tokenEnd = tokenEnd(at, end);
            if (token(at, tokenEnd).startsWith("qid:")) {
                if (!first) {
                    throw new DataException(where + ": a qid must come right after the label, found \""
                            + token(at, tokenEnd) + "\" after features");
                }
                if (wholeNumber(at + 4, tokenEnd) < 0) {
                    throw new DataException(where + ": expected qid:N with N a whole number, found \""
                            + token(at, tokenEnd) + "\"");
                }
                continue;
            }
            int colon = at;
            while (colon < tokenEnd && line[colon] != ':') {
                colon++;
            }
            if (colon == tokenEnd) {
                throw new DataException(where + ": expected index:value, found \"" + token(at, tokenEnd) + "\"");
            }
            long index = wholeNumber(at, colon);
            if (index < 1 || index > MAX_ARRAY - 1) {
                throw new DataException(where + ": expected a feature index from 1 to " + (MAX_ARRAY - 1)
                        + " before the colon, found \"" + token(at, tokenEnd) + "\"");
            }
            if (index <= previous) {
                throw new DataException(where + ": feature index " + index + " after " + previous
                        + "; indices must increase along a line");
            }
            if (featureCount > 0 && index > featureCount) {
                throw new DataException(where + ": feature index " + index + ", but " + limit);
            }
            if (colon + 1 == tokenEnd) {
                throw new DataException(where + ", feature " + index + ": expected a number after the colon, found none");
            }
            double value = number(colon + 1, tokenEnd, where + ", feature " + index);
            add((int) index - 1, value, where);
            previous = (int) index;
        }
        largestIndex = Math.max(largestIndex, previous);
        if (rows + 1 == rowStarts.length) {
            rowStarts = Arrays.copyOf(rowStarts, grown(rowStarts.length));
            target = Arrays.copyOf(target, rowStarts.length);
        }
        target[rows] = label;
        rowStarts[++rows] = nonZeros;
    }

    private void add(int column, double value, String where) throws DataException {
        if (nonZeros == columns.length) {
            if (nonZeros == MAX_ARRAY) {
                throw new DataException(where + ": more non-zeros than a Java array holds (" + MAX_ARRAY + ")");
            }
            columns = Arrays.copyOf(columns, grown(columns.length));
            values = Arrays.copyOf(values, columns.length);
        }
        columns[nonZeros] = column;
        values[nonZeros++] = value;
    }

    /** Half as long again, up to the largest array. */
    private static int grown(int length) {
        return (int) Math.min(MAX_ARRAY, length + (long) length / 2);
    }

    /** The number in {@code line[from..to)}, exactly as {@link Double#parseDouble} reads it, or a refusal. */
    private double number(int from, int to, String where) throws DataException {
        double value = CsvNumbers.fast(line, from, to - from);
        return Double.isNaN(value) ? CsvNumbers.parse(where, token(from, to)) : value; // parse explains the refusal
    }

    /** The whole number made of the digits {@code line[from..to)}, or -1 if they are not all digits or too many. */
    private long wholeNumber(int from, int to) {
        if (from == to || to - from > 12) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = line[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = 10 * value + (c - '0');
        }
        return value;
    }

    private int skipBlanks(int at, int end) {
        while (at < end && (line[at] == ' ' || line[at] == '\t')) {
            at++;
        }
        return at;
    }

    private int tokenEnd(int at, int end) {
        while (at < end && line[at] != ' ' && line[at] != '\t') {
            at++;
        }
        return at;
    }

    private String token(int from, int to) {
        return new String(line, from, to - from);
    }
}
