package dev.descent.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the classes of a classification target, in class-index order. Labels are sorted as
 * scikit-learn's encoders sort them: by value when every label is a number, else as text.
 */
public final class ClassLabels {
    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();

    /** Classes in the given order; the names must be distinct. */
    public ClassLabels(List<String> names) {
        this.names = List.copyOf(names);
        for (int c = 0; c < names.size(); c++) {
            if (index.putIfAbsent(names.get(c), c) != null) {
                throw new IllegalArgumentException("the class \"" + names.get(c) + "\" is named twice in " + names);
            }
        }
    }

    /** The labels in {@code seen}, which are distinct, sorted. */
    public static ClassLabels sorted(Collection<String> seen) {
        List<String> labels = new ArrayList<>(seen);
        boolean numeric = labels.stream().allMatch(ClassLabels::isNumber);
        Comparator<String> order = numeric
                ? Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        labels.sort(order);
        return new ClassLabels(labels);
    }

    private static boolean isNumber(String label) {
        try {
            return Double.isFinite(Double.parseDouble(label));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The class names, index by index. */
    public List<String> names() {
        return names;
    }

    /** The index of {@code label}, or -1 when it is not one of these classes. */
    public int indexOf(String label) {
        return index.getOrDefault(label, -1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassLabels other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
