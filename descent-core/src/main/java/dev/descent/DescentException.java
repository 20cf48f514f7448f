package dev.descent;

/**
 * A problem the user can cause and fix: a malformed file, an impossible option, a learning
 * rate that diverges. The message is one line that names where and what, fit to show as is.
 */
public class DescentException extends Exception {
    private static final long serialVersionUID = 1L;

    public DescentException(String message) {
        super(message);
    }

    public DescentException(String message, Throwable cause) {
        super(message, cause);
    }
}
