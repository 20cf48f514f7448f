package dev.descent.data;

import dev.descent.DescentException;

/** Input data that cannot be used as given; the message names the file, line, column and what was expected. */
public class DataException extends DescentException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }
}
