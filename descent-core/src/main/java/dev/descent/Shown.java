package dev.descent;

/**
 * Text from a user's file as a one-line message shows it: a line break, a tab or another control character in a
 * column name or a cell is written as an escape ({@code \n}, {@code \t}, {@code \u0007}), so a message stays one line.
 */
public final class Shown {
    private Shown() {
    }

    public static String text(String text) {
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != 0x7f && c != '\u2028' && c != '\u2029') {
                if (shown != null) {
                    shown.append(c);
                }
                continue;
            }
            if (shown == null) {
                shown = new StringBuilder(text.substring(0, i));
            }
            shown.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : String.format("\\u%04x", (int) c));
        }
        return shown == null ? text : shown.toString();
    }

    /** A list of names, as {@code [a, b]}, each shown as {@link #text} shows it. */
    public static String names(java.util.List<String> names) {
        return names.stream().map(Shown::text).toList().toString();
    }
}
