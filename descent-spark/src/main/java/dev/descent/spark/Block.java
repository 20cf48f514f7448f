package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.loss.Loss;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One partition's rows as Descent's dense arrays (features row-major, targets), made once from Spark's rows and
 * cached, so that every step of training reads doubles, not rows. The arrays are Java arrays: a partition holds at
 * most 2^31 - 1 values (about 16 GB of features), far beyond the 128 MB Spark's own partitions default to.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final double[] x;
    final double[] y;
    final int d;
    /** The most values one array holds (a little under 2^31, as the JDK's own collections allow). */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /** The partition's index, which seeds its mini-batch samples. */
    final int partition;
    /** The core's view of the arrays, not sent between processes: each executor makes its own. */
    private transient Dataset dataset;

    private Block(double[] x, double[] y, int d, int partition) {
        this.x = x;
        this.y = y;
        this.d = d;
        this.partition = partition;
    }

    /**
     * The rows of partition {@code partition}, target at {@code target} and features at {@code features} (their
     * positions). With {@code classes} (a softmax fit), each target is the index of its label in them, the label being
     * the cell as text; without, the target is the cell's number, which {@code loss} must take.
     */
    static Block of(int partition, Iterator<Row> rows, int target, int[] features, List<String> classes, Loss loss) {
        int d = features.length;
        double[] x = new double[16 * d];
        double[] y = new double[16];
        int n = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (n == y.length) {
                if ((long) 2 * n * Math.max(d, 1) > MAX_VALUES) {
                    throw new BadRow("a partition holds more than " + MAX_VALUES + " values, more than one Java array"
                            + " takes; repartition the Dataset into more partitions");
                }
                y = Arrays.copyOf(y, 2 * n);
                x = Arrays.copyOf(x, y.length * d);
            }
            for (int j = 0; j < d; j++) {
                x[n * d + j] = number(row, features[j]);
            }
            y[n++] = classes == null ? target(row, target, loss) : classIndex(row, target, classes);
        }
        return new Block(Arrays.copyOf(x, n * d), Arrays.copyOf(y, n), d, partition);
    }

    /** A row's value at {@code column}, which must be a finite number: a null or NaN is named, not trained on. */
    static double number(Row row, int column) {
        Object cell = row.get(column);
        double value = cell instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!Double.isFinite(value)) {
            throw new BadRow("column " + row.schema().fieldNames()[column] + " holds " + cell + " in the"
                    + " row " + row + "; Descent trains on finite numbers (drop or fill the row first)");
        }
        return value;
    }

    private static double target(Row row, int column, Loss loss) {
        double value = number(row, column);
        if (!loss.accepts(value)) {
            throw new BadRow("column " + row.schema().fieldNames()[column] + " holds " + row.get(column) + " in the row "
                    + row + "; the " + loss.name() + " loss takes " + loss.expectedTargets());
        }
        return value;
    }

    private static double classIndex(Row row, int column, List<String> classes) {
        Object cell = row.get(column);
        int index = cell == null ? -1 : classes.indexOf(cell.toString());
        if (index < 0) {
            throw new BadRow("column " + row.schema().fieldNames()[column] + " holds " + cell + " in the"
                    + " row " + row + ", which is not one of the model's classes " + classes);
        }
        return index;
    }

    /** A row Descent cannot train on, found on an executor: the driver names it as bad data. */
    static final class BadRow extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRow(String message) {
            super(message);
        }
    }

    int rowCount() {
        return y.length;
    }

    /**
     * The block as a data set of the core, named as {@code names}: made once on each executor (its values were checked
     * finite as they were read; a step reads them, it does not check them again).
     */
    Dataset dataset(List<String> names) {
        if (dataset == null) {
            dataset = Dataset.adopt(x, y, names, "y", null);
        }
        return dataset;
    }
}
