package dev.descent.data;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import dev.descent.Shown;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Numbers in CSV cells: the value {@link Double#parseDouble} gives (FastDoubleParser computes the
 * same correctly rounded double, several times faster), with a data file's rules on top: no NaN or
 * infinity, no Java type suffixes ({@code 1d}, {@code 2f}) or hex, nothing too large for a double,
 * and no non-zero number so small that it would silently read as 0.
 *
 * <p>For float32 storage, the value {@link Float#parseFloat} gives, under the same rules for a float.
 * It is rounded once, from the text: a double rounded again to a float can land one ulp away (a
 * decimal just above the midpoint of two floats may round to that midpoint as a double, and then
 * to the even float below it).
 */
final class CsvNumbers {
    /** What a message about a missing value adds: how to read past it. */
    static final String MISSING_HINT = " (--missing drop or --missing mean reads past missing values)";

    /** A number whose digits before any exponent are not all zero. */
    private static final Pattern NONZERO_MANTISSA = Pattern.compile("[+-]?0*\\.?0*[1-9]");

    private CsvNumbers() {
    }

    /**
     * The value of {@code buf[offset .. offset + length)}, or NaN when this fast path cannot vouch
     * for the cell (then {@link #parse} decides, and explains a refusal). No valid cell reads as NaN.
     */
    static double fast(char[] buf, int offset, int length) {
        return fast(buf, offset, length, false);
    }

    /** As {@link #fast}, for the nearest float32: NaN when {@link #parseFloat} must decide. */
    static float fastFloat(char[] buf, int offset, int length) {
        return (float) fast(buf, offset, length, true); // a float widened to double and back is unchanged
    }

    private static double fast(char[] buf, int offset, int length, boolean float32) {
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
            value = float32 ? JavaFloatParser.parseFloat(buf, from, to - from)
                    : JavaDoubleParser.parseDouble(buf, from, to - from);
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
        return parse(where, text, false);
    }

    /** As {@link #parse}, for the nearest float32: also refused when it is too large or too small for a float. */
    static float parseFloat(String where, String text) throws DataException {
        return (float) parse(where, text, true);
    }

    private static double parse(String where, String text, boolean float32) throws DataException {
        String cell = text.strip();
        if (cell.isEmpty()) {
            throw new DataException(where + ": expected a number, found an empty cell" + MISSING_HINT);
        }
        String lower = cell.toLowerCase(Locale.ROOT);
        if (lower.matches("[+-]?(nan|inf|infinity)")) {
            throw new DataException(where + ": expected a finite number, found " + cell
                    + (lower.endsWith("nan") ? MISSING_HINT : ""));
        }
        if (lower.equals("na") || lower.equals("n/a") || lower.equals("null")) {
            throw new DataException(where + ": expected a number, found " + cell + MISSING_HINT);
        }
        double value;
        try {
            // Double.parseDouble also takes Java's type suffixes (1d, 2f) and hex; a data file means neither.
            if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")
                    || Character.isLetter(lower.charAt(lower.length() - 1))) {
                throw new NumberFormatException();
            }
            value = float32 ? Float.parseFloat(cell) : Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            if (cell.indexOf('\uFFFD') >= 0) { // what the decoder puts for bytes that are not UTF-8
                throw new DataException(where + ": expected a number, found bytes that are not UTF-8 text (save the file"
                        + " as UTF-8; it may be in another encoding, such as Latin-1)");
            }
            if (cell.indexOf('\n') >= 0) { // a quoted cell over several lines: most often a closing quote left out
                throw new DataException(where + ": expected a number, found a quoted cell running over "
                        + cell.lines().count() + " lines, from " + shown(cell.lines().findFirst().orElse("")) + ": is a"
                        + " closing quote missing?");
            }
            throw new DataException(where + ": expected a number, found " + shown(cell));
        }
        String type = float32 ? "float32" : "double";
        if (!Double.isFinite(value)) {
            throw new DataException(where + ": expected a finite number, found " + cell + " (too large for a " + type + ")");
        }
        if (value == 0 && NONZERO_MANTISSA.matcher(cell).lookingAt()) {
            throw new DataException(where + ": found " + cell + ", too small for a " + type + " (it would be read as 0)");
        }
        return value;
    }

    /** A cell as a message shows it, quoted: whole up to 40 characters, else its start and its length. */
    static String shown(String cell) {
        return cell.length() <= 40 ? "\"" + Shown.text(cell) + "\"" : "\"" + Shown.text(cell.substring(0, 30)) + "...\" ("
                + cell.length() + " characters)";
    }
}
