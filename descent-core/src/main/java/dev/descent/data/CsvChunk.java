package dev.descent.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;
import dev.descent.Shown;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one stretch of a CSV file's body, parsed as FastCSV hands over each cell's
 * characters: features into a row-major array (of doubles, or of float32 parsed straight from the
 * text), the target as a number or a class index, and, in exact mode, each value's decimal residue.
 * No object is made per numeric cell.
 *
 * <p>A chunk writes either into arrays of its own, which grow, or straight into its rows of the
 * data set's arrays, when the reader has counted the lines beforehand; more rows than counted are
 * then not stored, only counted, for the reader to notice.
 *
 * <p>A bad cell or row is kept as a {@link BadInput} and thrown when its row ends (so a row with
 * the wrong number of cells is reported as that, whatever its cells hold).
 */
final class CsvChunk extends AbstractBaseCsvCallbackHandler<CsvChunk> {
    /** A refusal of the input, carried out of FastCSV's callbacks. */
    static final class BadInput extends RuntimeException {
        final DataException reason;

        BadInput(DataException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }

    /** How the target column's cells become numbers. */
    enum TargetKind {
        /** Parsed as numbers. */
        NUMBER,
        /** Labels of known classes, as their indices. */
        KNOWN_CLASSES,
        /** Labels, numbered in the order they first appear in this chunk (see {@link #labels()}). */
        NEW_CLASSES
    }

    private final String name;
    private final List<String> header;
    private final int[] roles;
    private final int d;
    private final CsvArrays.Storage storage;
    private final boolean exact;
    private final TargetKind targetKind;
    private final ClassLabels known;
    private final long lineBase;
    private final Map<String, Integer> labels = new LinkedHashMap<>();

    private CsvArrays values;
    /** Whether the arrays are this chunk's own (so they grow), or the data set's, from row {@link #base} on. */
    private final boolean owned;
    private final int base;
    private int capacity;
    private int n;
    private long line;
    private boolean quotedLineBreak;
    private DataException pending;
    /** What to do with a missing value; under {@link Missing#DROP} and {@link Missing#MEAN}, what was met. */
    private Missing missing = Missing.ERROR;
    private int[] missingCells;
    private int dropped;
    /** Whether the row being read is left out (a missing target, or any missing value under DROP). */
    private boolean dropRow;
    /** A class label the row being read met first, so that a row left out leaves no class behind. */
    private String rowNewLabel;

    /**
     * A chunk that stores its rows in arrays of its own, grown as rows come.
     *
     * @param lineBase the number of lines before this stretch, so that messages name lines of the file
     */
    CsvChunk(String name, CsvColumns columns, CsvArrays.Storage storage, TargetKind targetKind, ClassLabels known,
             long lineBase) {
        this(name, columns, storage, targetKind, known, lineBase, null, 0, 16);
    }

    /** A chunk that stores its rows in {@code into} from row {@code base} on, at most {@code rows} of them. */
    CsvChunk(String name, CsvColumns columns, CsvArrays.Storage storage, TargetKind targetKind, ClassLabels known,
             long lineBase, CsvArrays into, int base, int rows) {
        this.name = name;
        this.header = columns.header;
        this.roles = columns.roles();
        this.d = columns.features.length;
        this.storage = storage;
        this.exact = storage == CsvArrays.Storage.EXACT;
        this.targetKind = targetKind;
        this.known = known;
        this.lineBase = lineBase;
        this.owned = into == null;
        this.base = base;
        this.capacity = rows;
        this.values = owned ? CsvArrays.allocate(storage, rows, d) : into;
    }

    /** Reads past missing values as {@code policy} says, counting them (a chunk of its own arrays only). */
    CsvChunk readingPast(Missing policy) {
        if (!owned && policy != Missing.ERROR) {
            throw new IllegalStateException("rows are left out only from a chunk's own arrays");
        }
        this.missing = policy;
        this.missingCells = new int[roles.length];
        return this;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        line = lineBase + startingLineNumber;
        dropRow = false;
        rowNewLabel = null;
        if (n == capacity && owned) {
            grow();
        }
    }

    @Override
    protected void handleField(int index, char[] buf, int offset, int length, boolean isQuoted) {
        quotedLineBreak |= isQuoted && hasLineBreak(buf, offset, length);
        if (pending != null || index >= roles.length || n >= capacity) {
            return;
        }
        int role = roles[index];
        if (role == CsvColumns.IGNORED) {
            return;
        }
        if (missing != Missing.ERROR && Missing.isMissing(buf, offset, length)) {
            missingCells[index]++;
            dropRow |= role < 0 || missing == Missing.DROP;
            if (role >= 0) { // a feature: NaN until its column's mean is known
                int k = (base + n) * d + role;
                if (storage == CsvArrays.Storage.FLOAT32) {
                    values.xFloat[k] = Float.NaN;
                } else {
                    values.x[k] = Double.NaN;
                    if (exact) {
                        values.xResidue[k] = 0;
                    }
                }
            }
            return;
        }
        try {
            int row = base + n;
            if (role >= 0) {
                int k = row * d + role;
                if (storage == CsvArrays.Storage.FLOAT32) {
                    values.xFloat[k] = floatNumber(buf, offset, length, index);
                } else {
                    values.x[k] = number(buf, offset, length, index);
                    if (exact) {
                        values.xResidue[k] = residue(new String(buf, offset, length), values.x[k]);
                    }
                }
            } else {
                values.y[row] = target(buf, offset, length, index);
                if (exact) {
                    values.yResidue[row] = residue(new String(buf, offset, length), values.y[row]);
                }
            }
        } catch (DataException e) {
            pending = e;
        }
    }

    @Override
    protected CsvChunk buildRecord() {
        if (getRecordType() == RecordType.EMPTY) {
            return this; // an empty line, which FastCSV then skips
        }
        if (getFieldCount() != roles.length) {
            throw new BadInput(new DataException(name + " line " + line + ": expected " + roles.length
                    + " cells as in the header, found " + getFieldCount()));
        }
        if (pending != null) {
            throw new BadInput(pending);
        }
        if (dropRow) { // its place is taken by the next row
            dropped++;
            if (rowNewLabel != null) { // the last label numbered: removing it keeps the others' numbers
                labels.remove(rowNewLabel);
            }
            return this;
        }
        n++;
        return this;
    }

    private double number(char[] buf, int offset, int length, int column) throws DataException {
        double value = CsvNumbers.fast(buf, offset, length);
        return Double.isNaN(value) ? CsvNumbers.parse(where(column), new String(buf, offset, length)) : value;
    }

    private float floatNumber(char[] buf, int offset, int length, int column) throws DataException {
        float value = CsvNumbers.fastFloat(buf, offset, length);
        return Float.isNaN(value) ? CsvNumbers.parseFloat(where(column), new String(buf, offset, length)) : value;
    }

    private double target(char[] buf, int offset, int length, int column) throws DataException {
        if (targetKind == TargetKind.NUMBER) {
            return number(buf, offset, length, column);
        }
        String label = new String(buf, offset, length).strip();
        if (label.isEmpty()) {
            throw new DataException(where(column) + ": expected a class label, found an empty cell"
                    + CsvNumbers.MISSING_HINT);
        }
        if (targetKind == TargetKind.KNOWN_CLASSES) {
            int c = known.indexOf(label);
            if (c < 0) {
                throw new DataException(where(column) + ": the class \"" + label + "\" is not one of the model's classes "
                        + known);
            }
            return c;
        }
        Integer c = labels.get(label);
        if (c == null) {
            if (labels.size() == CsvDatasetReader.MAX_CLASSES) {
                throw new DataException(where(column) + ": more than " + CsvDatasetReader.MAX_CLASSES + " distinct"
                        + " classes; is this column a number to predict rather than a class label?");
            }
            c = labels.size();
            labels.put(label, c);
            rowNewLabel = label;
        }
        return c;
    }

    private String where(int column) {
        return name + " line " + line + ", column " + (column + 1) + " (" + Shown.text(header.get(column)) + ")";
    }

    /** The decimal {@code cell} minus its nearest double {@code value}, rounded to a double. */
    private static double residue(String cell, double value) {
        return new BigDecimal(cell.strip()).subtract(new BigDecimal(value)).doubleValue();
    }

    /** Doubles the room; an ArithmeticException when it would pass what a Java array holds. */
    private void grow() {
        capacity = Math.multiplyExact(capacity, 2);
        values = values.resized(capacity, d);
    }

    /** The missing values met and the rows left out, for the columns of {@code header}. */
    Missing.Count missingCount() {
        Map<String, Integer> cells = new LinkedHashMap<>();
        for (int j = 0; missingCells != null && j < missingCells.length; j++) {
            if (missingCells[j] > 0) {
                cells.put(header.get(j), missingCells[j]);
            }
        }
        return new Missing.Count(missing, dropped, cells);
    }

    /** The rows parsed (stored, unless there were more than the data set's arrays had room for). */
    int rows() {
        return n;
    }

    /**
     * Whether a quoted cell held a line break. Then a cut between chunks, made at a line break, may
     * have fallen inside a cell (a cut inside a quote also leaves the chunk before it unclosed, which
     * FastCSV refuses).
     */
    boolean sawQuotedLineBreak() {
        return quotedLineBreak;
    }

    private static boolean hasLineBreak(char[] buf, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (buf[i] == '\n' || buf[i] == '\r') {
                return true;
            }
        }
        return false;
    }

    /** The new class labels met, in order of first appearance, numbered from 0 (for {@link TargetKind#NEW_CLASSES}). */
    Map<String, Integer> labels() {
        return labels;
    }

    /** Replaces each target class index c by {@code global[c]}. */
    void renumberTarget(int[] global) {
        for (int i = base; i < base + n; i++) {
            values.y[i] = global[(int) values.y[i]];
        }
    }

    /** This chunk's own rows in arrays of their exact size (a copy: its own arrays have room to spare). */
    CsvArrays trimmed() {
        return values.resized(n, d);
    }
}
