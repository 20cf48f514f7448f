package dev.descent.expr;

import dev.descent.DescentException;

/** A formula that cannot be read or used: the message says where (a column of the formula, a row of data) and what. */
public final class FormulaException extends DescentException {
    private static final long serialVersionUID = 1L;

    public FormulaException(String message) {
        super(message);
    }
}
