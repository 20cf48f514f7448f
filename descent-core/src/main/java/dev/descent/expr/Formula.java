package dev.descent.expr;

import dev.descent.expr.Expr.Binary;
import dev.descent.expr.Expr.Call;
import dev.descent.expr.Expr.Name;
import dev.descent.expr.Expr.Negate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model written as a formula, such as {@code a*exp(b*x) + c}: its text, its tree, the names it
 * uses, and their derivatives. Which names are data and which are parameters is decided by the
 * data: {@link #parameters} are the names that are not among its columns.
 */
public final class Formula {
    private final String text;
    private final Expr tree;

    private Formula(String text, Expr tree) {
        this.text = text;
        this.tree = tree;
    }

    /** Reads {@code text}; a mistake is reported with the column where reading stopped. */
    public static Formula parse(String text) throws FormulaException {
        return new Formula(text.strip(), Parser.parse(text.strip()));
    }

    /** A formula made from a tree, such as a derivative; its text is the tree printed. */
    public static Formula of(Expr tree) {
        return new Formula(Printer.formula(tree), tree);
    }

    /** The text as the user wrote it. */
    public String text() {
        return text;
    }

    public Expr tree() {
        return tree;
    }

    /** Every name the formula uses, in the order they first appear. */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        collect(tree, names);
        return List.copyOf(names);
    }

    /** The names that are columns of the data, in the data's order: the order a row holds them in. */
    public List<String> columns(List<String> dataColumns) {
        List<String> names = names();
        return dataColumns.stream().filter(names::contains).toList();
    }

    /**
     * The names that are not columns of the data, in natural order ({@code a b c}, {@code b1 b2 ... b10}): the
     * parameters a fit finds.
     */
    public List<String> parameters(List<String> dataColumns) {
        List<String> parameters = new ArrayList<>(names().stream().filter(n -> !dataColumns.contains(n)).toList());
        parameters.sort(NATURAL);
        return List.copyOf(parameters);
    }

    /** {@code d formula / d name}, simplified. */
    public Expr derivative(String name) {
        return Derivative.of(tree, name);
    }

    /** The compiled form, reading {@code parameters} and a row of {@code columns}. */
    public Program compile(List<String> parameters, List<String> columns) {
        return Program.compile(tree, parameters, columns);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Names compared with their runs of digits as numbers: b2 before b10. */
    static final Comparator<String> NATURAL = (x, y) -> {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            char a = x.charAt(i);
            char b = y.charAt(j);
            if (Character.isDigit(a) && Character.isDigit(b)) {
                int si = i;
                int sj = j;
                while (i < x.length() && Character.isDigit(x.charAt(i))) {
                    i++;
                }
                while (j < y.length() && Character.isDigit(y.charAt(j))) {
                    j++;
                }
                int c = new java.math.BigInteger(x.substring(si, i)).compareTo(new java.math.BigInteger(y.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (a != b) {
                    return Character.compare(a, b);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(x.length() - i, y.length() - j);
        return c != 0 ? c : x.compareTo(y);
    };

    private static void collect(Expr e, Set<String> names) {
        if (e instanceof Name n) {
            names.add(n.name());
        } else if (e instanceof Negate n) {
            collect(n.operand(), names);
        } else if (e instanceof Binary b) {
            collect(b.left(), names);
            collect(b.right(), names);
        } else if (e instanceof Call c) {
            c.arguments().forEach(a -> collect(a, names));
        }
    }
}
