package dev.descent.data;

import java.io.IOException;
import java.io.InputStream;
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
 * thread, in one pass, as bytes (its syntax is ASCII): no object is made per line or value, and
 * progress is reported in bytes.
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
    // The line being read, a byte per char; its number; whether the last buffer ended with \r.
    private char[] line = new char[256];
    private int length;
    private int lineNumber;
    private boolean afterReturn;

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
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            long reported = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                scan(buffer, read, featureCount, limit);
                done += read;
                if (done - reported >= PROGRESS_EVERY) {
                    progress.bytesRead(Math.min(done, size), size);
                    reported = done;
                }
            }
            if (length > 0) {
                parseLine(featureCount, limit); // a last line without a line break
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

    /**
     * The file's rows in chunks of about {@code rows} (a chunk ends at the first buffer boundary past them), each a
     * data set of {@code featureCount} features (0: as many as the chunk's largest index), read as {@link #read}
     * reads and with the same messages; for training over a file larger than memory, which holds one chunk at a time.
     * {@link Chunks#largestIndex} says, once every chunk was read, the largest index of the whole file.
     */
    public Chunks chunks(int featureCount, int rows) throws DataException {
        try {
            return new Chunks(Files.newInputStream(file), featureCount, rows);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the file (" + e.getMessage() + ")");
        }
    }

    /** A pass over the file, chunk by chunk. */
    public final class Chunks implements AutoCloseable {
        private final InputStream in;
        private final int featureCount;
        private final int chunkRows;
        private final byte[] buffer = new byte[1 << 16];
        private boolean ended;
        private int largest;

        private Chunks(InputStream in, int featureCount, int chunkRows) {
            this.in = in;
            this.featureCount = featureCount;
            this.chunkRows = chunkRows;
        }

        /** The next chunk, or null at the end of the file. */
        public SparseDataset next() throws DataException {
            rows = 0;
            nonZeros = 0;
            largestIndex = 0;
            String limit = "the data are read with " + featureCount + " features";
            try {
                while (!ended && rows < chunkRows) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        ended = true;
                        if (length > 0) {
                            parseLine(featureCount, limit); // a last line without a line break
                            length = 0;
                        }
                    } else {
                        scan(buffer, read, featureCount, limit);
                    }
                }
            } catch (IOException e) {
                throw new DataException(file + ": cannot read the file (" + e.getMessage() + ")");
            }
            largest = Math.max(largest, largestIndex);
            if (rows == 0) {
                return null;
            }
            int d = featureCount > 0 ? featureCount : Math.max(1, largestIndex);
            return SparseDataset.adopt(Arrays.copyOf(rowStarts, rows + 1), Arrays.copyOf(columns, nonZeros),
                    Arrays.copyOf(values, nonZeros), Arrays.copyOf(target, rows), d);
        }

        /** The largest feature index among the chunks read so far. */
        public int largestIndex() {
            return largest;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // reading is over; nothing was written
            }
        }
    }

    /**
     * Cuts {@code buffer[0..read)} into lines, parsing each as it ends; the last one may go on in the
     * next buffer. Lines end at \n, \r\n or \r, as {@link java.io.BufferedReader#readLine} ends them.
     */
    private void scan(byte[] buffer, int read, int featureCount, String limit) throws DataException {
        int at = 0;
        if (afterReturn) { // the last buffer ended with \r: a \n starting this one belongs to it
            afterReturn = false;
            at = read > 0 && buffer[0] == '\n' ? 1 : 0;
        }
        while (at < read) {
            int end = at;
            while (end < read && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            append(buffer, at, end);
            if (end == read) {
                return;
            }
            parseLine(featureCount, limit);
            length = 0;
            at = end + 1;
            if (buffer[end] == '\r') {
                if (at == read) {
                    afterReturn = true;
                } else if (buffer[at] == '\n') {
                    at++;
                }
            }
        }
    }

    /** Adds {@code buffer[from..to)} to the line, a byte per char: see {@link #token}. */
    private void append(byte[] buffer, int from, int to) throws DataException {
        long needed = (long) length + to - from;
        if (needed > line.length) {
            if (needed > MAX_ARRAY) {
                throw new DataException(file + " line " + (lineNumber + 1) + ": longer than a Java array holds ("
                        + MAX_ARRAY + " bytes)");
            }
            line = Arrays.copyOf(line, Math.max((int) needed, grown(line.length)));
        }
        char[] chars = line;
        int at = length - from;
        for (int i = from; i < to; i++) {
            chars[at + i] = (char) (buffer[i] & 0xFF);
        }
        length = (int) needed;
    }

    /** Parses {@code line[0..length)}, the next line. */
    private void parseLine(int featureCount, String limit) throws DataException {
        lineNumber++;
        int end = 0;
        while (end < length && line[end] != '#') {
            end++;
        }
        int at = skipBlanks(lineNumber == 1 && byteOrderMark(end) ? 3 : 0, end);
        if (at == end) {
            return; // a blank or comment line
        }
        int tokenEnd = tokenEnd(at, end);
        if (find(':', at, tokenEnd) < tokenEnd) {
            throw new DataException(where() + ": expected the label (a number) first, found \"" + token(at, tokenEnd)
                    + "\"");
        }
        double label = number(at, tokenEnd, 0);
        if (rows == MAX_ARRAY) {
            throw new DataException(where() + ": more rows than a Java array holds (" + MAX_ARRAY + ")");
        }
        int previous = 0;
        boolean first = true;
        for (at = skipBlanks(tokenEnd, end); at < end; at = skipBlanks(tokenEnd, end), first = false) {
            tokenEnd = tokenEnd(at, end);
            if (qid(at, tokenEnd)) {
                if (!first) {
                    throw new DataException(where() + ": a qid must come right after the label, found \""
                            + token(at, tokenEnd) + "\" after features");
                }
                if (wholeNumber(at + 4, tokenEnd) < 0) {
                    throw new DataException(where() + ": expected qid:N with N a whole number, found \""
                            + token(at, tokenEnd) + "\"");
                }
                continue;
            }
            int colon = find(':', at, tokenEnd);
            if (colon == tokenEnd) {
                throw new DataException(where() + ": expected index:value, found \"" + token(at, tokenEnd) + "\"");
            }
            long index = wholeNumber(at, colon);
            if (index < 1 || index > MAX_ARRAY - 1) {
                throw new DataException(where() + ": expected a feature index from 1 to " + (MAX_ARRAY - 1)
                        + " before the colon, found \"" + token(at, tokenEnd) + "\"");
            }
            if (index == previous) {
                throw new DataException(where() + ": feature index " + index + " appears twice; each index may appear"
                        + " once on a line");
            }
            if (index < previous) {
                throw new DataException(where() + ": feature index " + index + " after " + previous
                        + "; indices must increase along a line");
            }
            if (featureCount > 0 && index > featureCount) {
                throw new DataException(where() + ": feature index " + index + ", but " + limit);
            }
            if (colon + 1 == tokenEnd) {
                throw new DataException(where() + ", feature " + index + ": expected a number after the colon, found none");
            }
            double value = number(colon + 1, tokenEnd, index);
            add((int) index - 1, value);
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

    private void add(int column, double value) throws DataException {
        if (nonZeros == columns.length) {
            if (nonZeros == MAX_ARRAY) {
                throw new DataException(where() + ": more non-zeros than a Java array holds (" + MAX_ARRAY + ")");
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

    /**
     * The number in {@code line[from..to)}, exactly as {@link Double#parseDouble} reads it, or a refusal
     * naming feature {@code index} (0: the label).
     */
    private double number(int from, int to, long index) throws DataException {
        double value = CsvNumbers.fast(line, from, to - from);
        if (Double.isNaN(value)) { // parse explains the refusal
            return CsvNumbers.parse(where() + (index == 0 ? ", label" : ", feature " + index), token(from, to));
        }
        return value;
    }

    /** Whether {@code line[from..to)} starts with "qid:", checked in place: a line's features make no strings. */
    private boolean qid(int from, int to) {
        return to - from >= 4 && line[from] == 'q' && line[from + 1] == 'i' && line[from + 2] == 'd'
                && line[from + 3] == ':';
    }

    /** The file and line, for a message: made only when one is needed, never per line or feature. */
    private String where() {
        return file + " line " + lineNumber;
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

    /** Whether the line starts with UTF-8's byte-order mark, EF BB BF, before {@code end}. */
    private boolean byteOrderMark(int end) {
        return end >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF;
    }

    /** The first position of {@code c} in {@code line[from..to)}, or {@code to}. */
    private int find(char c, int from, int to) {
        while (from < to && line[from] != c) {
            from++;
        }
        return from;
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

    /**
     * The text of {@code line[from..to)}, for a message. The line holds the file's bytes one per char,
     * which the syntax (ASCII) reads as well as decoded text; a token, cut only at ASCII characters,
     * holds whole UTF-8 sequences, decoded here.
     */
    private String token(int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = (byte) line[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
