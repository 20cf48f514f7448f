package dev.descent.data;

import java.util.Locale;
import java.util.Map;

/**
 * What a CSV read does with a missing value: an empty cell, or {@code NA}, {@code N/A}, {@code NaN} or
 * {@code null} (in any case), as spreadsheets and pandas write them.
 */
public enum Missing {
    /** Refuse the file at the first one, naming its line and column (the default). */
    ERROR,
    /** Leave out every row with one. */
    DROP,
    /** Put the mean of its column's other values in a feature's place; a row without its target is left out. */
    MEAN;

    /** What a read met: the rows it left out, and the missing cells per column (those with any), in the file's order. */
    public record Count(Missing policy, int rowsDropped, Map<String, Integer> cells) {
        public int cellCount() {
            return cells.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Whether the cell's text is a missing value. */
    static boolean isMissing(char[] buf, int offset, int length) {
        int from = offset;
        int to = offset + length;
        while (from < to && Character.isWhitespace(buf[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(buf[to - 1])) {
            to--;
        }
        if (to - from > 4) {
            return false;
        }
        String cell = new String(buf, from, to - from).toLowerCase(Locale.ROOT);
        return cell.isEmpty() || cell.equals("na") || cell.equals("n/a") || cell.equals("nan") || cell.equals("null");
    }
}
