package dev.descent.data;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Numbers in CSV cells: the value {@link Double#parseDouble} gives (FastDoubleParser computes the
 * same correctly rounded double, several times faster), with a data file's rules on top: no NaN or
 * infinity, no Java type suffixes ({@code 1d}, {@code 2f}) or hex, nothing too large for a double,
 * and no non-zero number so small that it would silently read as 0.
 */
final class CsvNumbers {
    /** A number whose digits before any exponent are not all zero. */
    private static final Pattern NONZERO_MANTISSA = Pattern.compile("[+-]?0*\\.?0*[1-9]");

    private CsvNumbers() {
    }

    /**
     * The value of {@code buf[offset .. offset + length)}, or NaN when this fast path cannot vouch
     * for the cell (then {@link #parse} decides, and explains a refusal). No valid cell reads as NaN.
     */
    static double fast(char[] buf, int offset, int length) {
        int from = offset;
        int to = offset + length;
        while (from < to && buf[from] <= ' ') {
            from++;
        }
        while (to > from && buf[to - 1] <= ' ') {
            to--;
        }
        if (from == to) {
            return Double.NaN;
        }
        char last = buf[to - 1];
        if (!(last >= '0' && last <= '9' || last == '.')) {
            return Double.NaN; // a type suffix, NaN or Infinity
        }
        for (int i = from; i < Math.min(to, from + 3); i++) {
            if (buf[i] == 'x' || buf[i] == 'X') {
                return Double.NaN; // hex
            }
        }
        double value;
        try {
            value = JavaDoubleParser.parseDouble(buf, from, to - from);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (!Double.isFinite(value)) {
            return Double.NaN;
        }
        if (value == 0) {
            for (int i = from; i < to && buf[i] != 'e' && buf[i] != 'E'; i++) {
                if (buf[i] >= '1' && buf[i] <= '9') {
                    return Double.NaN; // a non-zero number that underflowed
                }
            }
        }
        return value;
    }

    /** The number in {@code text}, or a refusal naming {@code where} and what is wrong. */
    static double parse(String where, String text) throws DataException {
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
}
