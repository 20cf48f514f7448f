package dev.descent.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A CSV file read from start to end in chunks of rows, each a small {@link Dataset} of its own: for training over a
 * file larger than memory, which holds one chunk at a time. The columns are chosen as {@link CsvDatasetReader} chooses
 * them, and a bad cell is named by line and column as it names one.
 */
public final class CsvRowChunks implements Closeable {
    private final String name;
    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> records;
    private final CsvColumns columns;
    private final int[] roles;

    private CsvRowChunks(String name, CsvReader<CsvRecord> reader, Iterator<CsvRecord> records, CsvColumns columns) {
        this.name = name;
        this.reader = reader;
        this.records = records;
        this.columns = columns;
        this.roles = columns.roles();
    }

    /** Opens {@code file} at its first data row, with {@code target} and {@code features} (empty: all but the target). */
    public static CsvRowChunks open(Path file, String target, List<String> features) throws DataException {
        String name = file.toString();
        CsvReader<CsvRecord> reader;
        try {
            reader = CsvReader.builder().detectBomHeader(true).ofCsvRecord(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getMessage() + ")");
        }
        try {
            Iterator<CsvRecord> records = reader.iterator();
            if (!records.hasNext()) {
                throw new DataException(name + ": the file is empty; expected a header row and at least one data row");
            }
            CsvRecord header = records.next();
            return new CsvRowChunks(name, reader, records, CsvColumns.resolve(name, header.getStartingLineNumber(), header,
                    target, features));
        } catch (DataException | RuntimeException e) {
            close(reader);
            throw e instanceof UncheckedIOException u ? new DataException(name + ": cannot read the file ("
                    + u.getCause().getMessage() + ")") : e instanceof DataException d ? d
                    : new DataException(name + ": not a well-formed CSV file (" + e.getMessage() + ")");
        }
    }

    public List<String> featureNames() {
        return columns.featureNames();
    }

    public String targetName() {
        return columns.targetName();
    }

    /** The next at most {@code rows} rows, or null at the end of the file. */
    public Dataset next(int rows) throws DataException {
        int d = columns.features.length;
        double[] x = new double[rows * d];
        double[] y = new double[rows];
        int n = 0;
        try {
            while (n < rows && records.hasNext()) {
                CsvRecord record = records.next();
                if (record.getFieldCount() == 1 && record.getField(0).isEmpty()) {
                    continue; // an empty line
                }
                if (record.getFieldCount() != roles.length) {
                    throw new DataException(name + " line " + record.getStartingLineNumber() + ": expected " + roles.length
                            + " cells as in the header, found " + record.getFieldCount());
                }
                for (int j = 0; j < roles.length; j++) {
                    if (roles[j] == CsvColumns.IGNORED) {
                        continue;
                    }
                    String where = name + " line " + record.getStartingLineNumber() + ", column " + (j + 1) + " ("
                            + dev.descent.Shown.text(columns.header.get(j)) + ")";
                    double value = CsvNumbers.parse(where, record.getField(j));
                    if (roles[j] >= 0) {
                        x[n * d + roles[j]] = value;
                    } else {
                        y[n] = value;
                    }
                }
                n++;
            }
        } catch (CsvParseException e) {
            throw new DataException(name + ": not a well-formed CSV file (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw new DataException(name + ": cannot read the file (" + e.getCause().getMessage() + ")");
        }
        if (n == 0) {
            return null;
        }
        return n == rows ? new Dataset(x, y, columns.featureNames(), columns.targetName())
                : new Dataset(java.util.Arrays.copyOf(x, n * d), java.util.Arrays.copyOf(y, n), columns.featureNames(),
                        columns.targetName());
    }

    @Override
    public void close() {
        close(reader);
    }

    private static void close(CsvReader<CsvRecord> reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // reading is over; nothing was written
        }
    }
}
