package dev.descent.solve;

import dev.descent.DescentException;

/** A least-squares fit met residuals or derivatives that are not finite numbers: the message says where. */
public final class NotFiniteException extends DescentException {
    private static final long serialVersionUID = 1L;

    public NotFiniteException(String message) {
        super(message);
    }
}
