package dev.descent.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.descent.Shown;
import dev.descent.kernel.Workers;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a numeric CSV file with a header row into a {@link Dataset}, on every core.
 *
 * <p>Reading never guesses: a cell that is not a finite number, a row with the wrong number of
 * cells, an empty file, a file with only a header, or a column that is asked for but absent
 * each stop the read with a {@link DataException} naming the file, line, column and what was
 * expected. Tokenising (quotes, line endings, byte-order marks) is FastCSV's job; numbers are
 * FastDoubleParser's, which gives exactly the double {@link Double#parseDouble} gives (or, for
 * float32 storage, the float {@link Float#parseFloat} gives).
 *
 * <p>A large body is cut at line breaks into chunks that threads parse at once. Should a chunk
 * meet anything unusual (a quoted cell holding a line break, which a cut might split, or any bad
 * input), the body is read again from start to end on one thread, which is always right and
 * names the exact line of a problem.
 */
public final class CsvDatasetReader {
    /** The target name of a data set read by {@link #readFeatures}. */
    public static final String NO_TARGET = "";

    /** The most classes {@link #readClasses(Path, String, List)} accepts in a label column. */
    public static final int MAX_CLASSES = 1000;

    /** Bytes per chunk that one thread parses. */
    private static final int CHUNK_BYTES = 8 << 20;

    private final Path file;
    private final ReadProgress progress;
    private final int chunkBytes;
    private Missing missing = Missing.ERROR;
    private Missing.Count missingCount;

    /** A reader of {@code file} that reports how far it has read to {@code progress}. */
    public CsvDatasetReader(Path file, ReadProgress progress) {
        this(file, progress, CHUNK_BYTES);
    }

    /** As {@link #CsvDatasetReader(Path, ReadProgress)}, cutting the body into chunks of about {@code chunkBytes}. */
    CsvDatasetReader(Path file, ReadProgress progress, int chunkBytes) {
        this.file = file;
        this.progress = progress;
        this.chunkBytes = chunkBytes;
    }

    /**
     * This reader, reading past missing values as {@code policy} says (on one thread: rows left out cannot be
     * counted beforehand); {@link #missingCount} then says what it met.
     */
    public CsvDatasetReader readingPast(Missing policy) {
        this.missing = policy;
        return this;
    }

    /** The missing values the last read met and the rows it left out; null before a read past them. */
    public Missing.Count missingCount() {
        return missingCount;
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
        return read(target, features, CsvArrays.Storage.DOUBLE, CsvChunk.TargetKind.NUMBER, null).dataset();
    }

    /**
     * As {@link #read(Path, String, List)} for this reader's file, with the features stored as float32
     * (the target stays double): half the memory, as each value is parsed straight into a float, never
     * held as a double. Each is exactly what {@link Float#parseFloat} makes of its text; the same rules
     * apply, with a float's range (a value beyond about 3.4e38, or non-zero below about 1.4e-45, is refused).
     */
    public FloatDataset readFloat(String target, List<String> features) throws DataException {
        return read(target, features, CsvArrays.Storage.FLOAT32, CsvChunk.TargetKind.NUMBER, null).floatDataset();
    }

    /**
     * As {@link #read(Path, String, List)}, and also keeps, for every value, what its decimal text
     * has beyond the nearest double (a {@link Dataset.Residue}), so that the exact solver can answer
     * for the numbers as written. Slower: each cell is also parsed as a {@link java.math.BigDecimal}.
     */
    public static Dataset readExact(Path file, String target, List<String> features) throws DataException {
        return new CsvDatasetReader(file, ReadProgress.NONE).readExact(target, features);
    }

    /** As {@link #readExact(Path, String, List)}, for this reader's file. */
    public Dataset readExact(String target, List<String> features) throws DataException {
        return read(target, features, CsvArrays.Storage.EXACT, CsvChunk.TargetKind.NUMBER, null).dataset();
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
        return read(null, features, CsvArrays.Storage.DOUBLE, CsvChunk.TargetKind.NUMBER, null).dataset();
    }

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
        Read read = read(target, features, CsvArrays.Storage.DOUBLE, CsvChunk.TargetKind.NEW_CLASSES, null);
        Map<String, Integer> seen = read.labels;
        if (seen.size() < 2) {
            throw new DataException(file + ": the column " + target + " has only the class " + seen.keySet()
                    + "; a classifier needs at least two");
        }
        ClassLabels classes = ClassLabels.sorted(seen.keySet());
        double[] sortedIndex = new double[seen.size()];
        seen.forEach((label, firstSeen) -> sortedIndex[firstSeen] = classes.indexOf(label));
        double[] y = read.values().y; // still the reader's own: renumbered before the data set adopts it
        for (int i = 0; i < y.length; i++) {
            y[i] = sortedIndex[(int) y[i]];
        }
        return new LabelledDataset(read.dataset(), classes);
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
        return new LabelledDataset(read(target, features, CsvArrays.Storage.DOUBLE, CsvChunk.TargetKind.KNOWN_CLASSES,
                classes).dataset(), classes);
    }

    /** The arrays read, and for {@link CsvChunk.TargetKind#NEW_CLASSES} the labels met, numbered as the target is. */
    private record Read(CsvArrays values, CsvColumns columns, Map<String, Integer> labels) {
        Dataset dataset() {
            return values.dataset(columns.featureNames(), columns.targetName());
        }

        FloatDataset floatDataset() {
            return values.floatDataset(columns.featureNames(), columns.targetName());
        }
    }

    /** The names in the header row, in order: for choosing columns before reading them. */
    public static List<String> header(Path file) throws DataException {
        String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CsvHead head = CsvHead.find(channel);
            if (head.text() == null) {
                throw new DataException(name + ": the file is empty; expected a header row and at least one data row");
            }
            CsvRecord record = CsvReader.builder().ofCsvRecord(head.text()).iterator().next();
            List<String> names = new ArrayList<>();
            for (int j = 0; j < record.getFieldCount(); j++) {
                names.add(record.getField(j).strip());
            }
            return names;
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getMessage() + ")");
        } catch (CsvParseException e) {
            throw malformed(name, e, 0);
        }
    }

    private Read read(String target, List<String> features, CsvArrays.Storage storage, CsvChunk.TargetKind kind,
                      ClassLabels known) throws DataException {
        String name = file.toString();
        long headerLine = 0; // the body's lines are counted from the header's
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CsvHead head = CsvHead.find(channel);
            if (head.text() == null) {
                throw new DataException(name + ": the file is empty; expected a header row and at least one data row");
            }
            CsvRecord headerRecord = CsvReader.builder().ofCsvRecord(head.text()).iterator().next();
            headerLine = head.line();
            CsvColumns columns = CsvColumns.resolve(name, head.line(), headerRecord, target, features);
            Body body = new Body(channel, name, columns, storage, kind, known, head);
            List<long[]> cuts = missing == Missing.ERROR ? body.cuts() : List.of();
            if (cuts.size() > 1) {
                try {
                    return body.inParallel(cuts);
                } catch (CsvChunk.BadInput | CsvParseException | UncheckedIOException | Unusual e) {
                    // read again in one pass below: always right, and it names the exact line
                    if (e.getCause() instanceof Error error) {
                        throw error; // FastCSV wraps what its callbacks throw, an OutOfMemoryError too
                    }
                }
            }
            return body.merge(body.inOneGo());
        } catch (CsvChunk.BadInput e) {
            throw e.reason;
        } catch (ArithmeticException e) {
            throw tooLarge(name);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getCause().getMessage() + ")");
        } catch (CsvParseException e) {
            if (e.getCause() instanceof CsvChunk.BadInput bad) { // FastCSV wraps what its callbacks throw
                throw bad.reason;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof ArithmeticException) {
                throw tooLarge(name);
            }
            throw malformed(name, e, headerLine);
        }
    }

    private static final java.util.regex.Pattern RECORD_LINE = java.util.regex.Pattern.compile(
            "record starting at line ([0-9]+)");

    /**
     * FastCSV's refusal as a message: a cell too long to hold (a quote left open takes the rest of the file into one
     * cell) said plainly, with its line (FastCSV's, counted after {@code linesBefore}); anything else as FastCSV says
     * it.
     */
    private static DataException malformed(String name, CsvParseException e, long linesBefore) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("max field size") || message.contains("maximum buffer size")) {
            java.util.regex.Matcher line = RECORD_LINE.matcher(message);
            return new DataException(name + (line.find() ? " line " + (Long.parseLong(line.group(1)) + linesBefore) : "")
                    + ": a cell of more than"
                    + " 16,777,216 characters; no number is that long (is a quote left open, or is this not a CSV file?)");
        }
        return new DataException(name + ": not a well-formed CSV file (" + message + ")");
    }

    private static DataException tooLarge(String name) {
        return new DataException(name + ": more values than a Java array holds (2^31 - 1); read fewer columns with"
                + " --features, or split the file");
    }

    /** Something a chunk met that a cut between chunks might have caused: read the body in one go instead. */
    private static final class Unusual extends RuntimeException {
        Unusual() {
            super(null, null, false, false);
        }
    }

    /** The rows after the header: cut into chunks and parsed on all cores, or read in one go. */
    private final class Body {
        private final FileChannel channel;
        private final String name;
        private final CsvColumns columns;
        private final CsvArrays.Storage storage;
        private final CsvChunk.TargetKind kind;
        private final ClassLabels known;
        private final CsvHead head;
        private final long size;
        private final Map<String, Integer> labels = new LinkedHashMap<>();

        Body(FileChannel channel, String name, CsvColumns columns, CsvArrays.Storage storage, CsvChunk.TargetKind kind,
             ClassLabels known, CsvHead head) throws IOException {
            this.channel = channel;
            this.name = name;
            this.columns = columns;
            this.storage = storage;
            this.kind = kind;
            this.known = known;
            this.head = head;
            this.size = channel.size();
        }

        /**
         * The chunks, parsed by as many threads as there are cores straight into the data set's arrays,
         * each into the rows its lines were counted to hold, so the data are held once; throws when a
         * chunk meets anything unusual, after every thread has stopped (the others skip the chunks still
         * to come).
         */
        Read inParallel(List<long[]> cuts) throws DataException {
            int[] firstRow = new int[cuts.size() + 1];
            int[] lines = lines(cuts);
            for (int c = 0; c < cuts.size(); c++) {
                firstRow[c + 1] = Math.addExact(firstRow[c], lines[c]);
            }
            int n = firstRow[cuts.size()];
            if (n == 0) {
                throw new Unusual(); // one pass says what is missing
            }
            CsvArrays into = CsvArrays.allocate(storage, n, columns.features.length);
            AtomicLong done = new AtomicLong(head.bodyStart());
            AtomicBoolean abandoned = new AtomicBoolean();
            CsvChunk[] chunks = new CsvChunk[cuts.size()];
            Workers.forEachBlock(chunks.length, Integer.MAX_VALUE, c -> {
                if (abandoned.get()) {
                    return;
                }
                try {
                    chunks[c] = parse(cuts.get(c), into, firstRow[c], lines[c]);
                    if (chunks[c].rows() != lines[c]) {
                        throw new Unusual(); // a line the count took for a row was not one, or the other way round
                    }
                } catch (RuntimeException e) {
                    abandoned.set(true);
                    throw e;
                }
                synchronized (done) { // so that the counts reported only rise
                    report(done.addAndGet(cuts.get(c)[1] - cuts.get(c)[0]));
                }
            });
            if (kind == CsvChunk.TargetKind.NEW_CLASSES) {
                renumberLabels(chunks);
            }
            return new Read(into, columns, labels);
        }

        /**
         * The lines with something on them in each cut: the rows each will hold unless a quoted cell
         * spans lines, which the parse then notices. Counted on all cores; it reads the file once more,
         * from the page cache, so that the parse can write each value where it belongs.
         */
        private int[] lines(List<long[]> cuts) {
            int[] lines = new int[cuts.size()];
            Workers.forEachBlock(cuts.size(), Integer.MAX_VALUE, c -> {
                byte[] buffer = new byte[1 << 16];
                long from = cuts.get(c)[0];
                long to = cuts.get(c)[1];
                int count = 0;
                boolean content = false; // a cut starts at the start of a line
                for (long at = from; at < to; at += buffer.length) {
                    int length = (int) Math.min(buffer.length, to - at);
                    read(buffer, length, at);
                    for (int i = 0; i < length; i++) {
                        byte b = buffer[i];
                        if (b == '\n') {
                            count += content ? 1 : 0;
                            content = false;
                        } else if (b != '\r') {
                            content = true;
                        }
                    }
                }
                lines[c] = count + (content ? 1 : 0); // the last line may have no line feed
            });
            return lines;
        }

        private CsvChunk parse(long[] cut, CsvArrays into, int firstRow, int rows) {
            long from = cut[0];
            long to = cut[1];
            CsvChunk chunk = new CsvChunk(name, columns, storage, kind, known, 0, into, firstRow, rows);
            try (CsvReader<CsvChunk> reader = builder().build(chunk, new Region(from, to), StandardCharsets.UTF_8)) {
                reader.forEach(row -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (chunk.sawQuotedLineBreak()) {
                throw new Unusual();
            }
            return chunk;
        }

        /** Numbers the labels across chunks in order of first appearance in the file, as one pass would. */
        private void renumberLabels(CsvChunk[] chunks) {
            for (CsvChunk chunk : chunks) {
                int[] global = new int[chunk.labels().size()];
                for (Map.Entry<String, Integer> label : chunk.labels().entrySet()) {
                    global[label.getValue()] = labels.computeIfAbsent(label.getKey(), key -> labels.size());
                }
                if (labels.size() > MAX_CLASSES) {
                    throw new Unusual(); // one pass names the line where the classes became too many
                }
                chunk.renumberTarget(global);
            }
        }

        /** The whole body on this thread, its lines numbered as in the file. */
        CsvChunk inOneGo() throws IOException {
            long linesBefore = head.line() - 1 + lineBreaks(head.text()) + 1;
            CsvChunk chunk = new CsvChunk(name, columns, storage, kind, known, linesBefore).readingPast(missing);
            channel.position(head.bodyStart());
            InputStream in = new CountingInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16),
                    head.bodyStart());
            try (CsvReader<CsvChunk> reader = builder().build(chunk, in, StandardCharsets.UTF_8)) {
                reader.forEach(row -> { });
            }
            report(size); // the stream reports every 4 MiB; the last step is the end of the file
            return chunk;
        }

        /** The arrays of a body read in one go, copied out of the chunk's, which have room to spare. */
        Read merge(CsvChunk chunk) throws DataException {
            int n = chunk.rows();
            Missing.Count count = chunk.missingCount();
            if (n == 0 && count.rowsDropped() > 0) {
                throw new DataException(name + ": every one of its " + count.rowsDropped() + " rows has a missing value"
                        + " (" + cellsText(count) + "), so --missing " + missing.name().toLowerCase(java.util.Locale.ROOT)
                        + " leaves none");
            }
            if (n == 0) {
                throw new DataException(name + ": the file has a header but no data rows");
            }
            CsvArrays values = chunk.trimmed();
            if (missing == Missing.MEAN) {
                fillMeans(values, n);
            }
            if (missing != Missing.ERROR) {
                missingCount = count;
            }
            return new Read(values, columns, chunk.labels());
        }

        /** Each feature's missing values (NaN so far) as the mean of its column's other values. */
        private void fillMeans(CsvArrays values, int n) throws DataException {
            int d = columns.features.length;
            for (int j = 0; j < d; j++) {
                double sum = 0;
                int count = 0;
                for (int i = 0; i < n; i++) {
                    double v = values.x != null ? values.x[i * d + j] : values.xFloat[i * d + j];
                    if (!Double.isNaN(v)) {
                        sum += v;
                        count++;
                    }
                }
                if (count == 0) {
                    throw new DataException(name + ": the column " + Shown.text(columns.header.get(columns.features[j])) + " has no"
                            + " value to take a mean of");
                }
                double mean = sum / count;
                for (int i = 0; i < n; i++) {
                    int k = i * d + j;
                    if (values.x != null && Double.isNaN(values.x[k])) {
                        values.x[k] = mean;
                    } else if (values.xFloat != null && Float.isNaN(values.xFloat[k])) {
                        values.xFloat[k] = (float) mean;
                    }
                }
            }
        }

        private CsvReader.CsvReaderBuilder builder() {
            // Rows of the wrong width are CsvChunk's to report, with its own message.
            return CsvReader.builder().extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                    .missingFieldStrategy(FieldMismatchStrategy.IGNORE);
        }

        /** Byte ranges of about {@code chunkBytes}, each ending just after a line feed (or at the end). */
        List<long[]> cuts() throws IOException {
            List<long[]> cuts = new ArrayList<>();
            long from = head.bodyStart();
            byte[] probe = new byte[1 << 12];
            while (from < size) {
                long to = from + chunkBytes;
                if (to >= size - chunkBytes / 4) {
                    to = size;
                } else {
                    to = afterLineFeed(to, probe);
                }
                cuts.add(new long[] {from, to});
                from = to;
            }
            return cuts;
        }

        /** The offset just after the first line feed at or after {@code position}, or the file's size. */
        private long afterLineFeed(long position, byte[] probe) {
            for (long at = position; at < size; at += probe.length) {
                int length = (int) Math.min(probe.length, size - at);
                read(probe, length, at);
                for (int i = 0; i < length; i++) {
                    if (probe[i] == '\n') {
                        return at + i + 1;
                    }
                }
            }
            return size;
        }

        /** Fills {@code bytes[0..length)} from the file at {@code from}, from any thread. */
        private void read(byte[] bytes, int length, long from) {
            try {
                CsvHead.readAt(channel, bytes, 0, length, from);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void report(long bytesDone) {
            synchronized (progress) {
                progress.bytesRead(bytesDone, size);
            }
        }

        /**
         * The bytes {@code [from, to)} of the file, by positional reads, which are safe from several threads;
         * streamed, so that a chunk holds no more of the file than the parser's buffer.
         */
        private final class Region extends InputStream {
            private long position;
            private final long end;

            Region(long from, long to) {
                this.position = from;
                this.end = to;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int read = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, end - position)), position);
                if (read < 0) {
                    return -1;
                }
                position += read;
                return read;
            }
        }

        /** Tells the progress how many of the file's bytes have been consumed, every 4 MiB. */
        private final class CountingInputStream extends FilterInputStream {
            private static final long STEP = 4 << 20;
            private long count;
            private long reported;

            CountingInputStream(InputStream in, long start) {
                super(in);
                this.count = start;
                this.reported = start;
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
                    report(count);
                }
            }
        }
    }

    /** Line breaks inside a (quoted) header: CR LF, CR or LF, as FastCSV counts lines. */
    private static int lineBreaks(String text) {
        int breaks = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                breaks++;
            }
        }
        return breaks;
    }

    /** The missing cells per column, as a message says them: {@code x: 2, y: 1}. */
    static String cellsText(Missing.Count count) {
        StringBuilder text = new StringBuilder();
        count.cells().forEach((column, cells) -> text.append(text.length() == 0 ? "" : ", ").append(Shown.text(column)).append(": ")
                .append(cells));
        return text.toString();
    }
}
