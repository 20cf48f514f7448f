package dev.descent.spark;

import dev.descent.data.Dataset;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One partition's rows as Descent's dense arrays (features row-major, targets), made once from Spark's rows and
 * cached, so that every step of training reads doubles, not rows.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final double[] x;
    final double[] y;
    final int d;
    /** The core's view of the arrays, not sent between processes: each executor makes its own. */
    private transient Dataset dataset;

    private Block(double[] x, double[] y, int d) {
        this.x = x;
        this.y = y;
        this.d = d;
    }

    /** The rows of one partition, target at {@code target} and features at {@code features} (their positions). */
    static Block of(Iterator<Row> rows, int target, int[] features) {
        int d = features.length;
        double[] x = new double[16 * d];
        double[] y = new double[16];
        int n = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (n == y.length) {
                y = Arrays.copyOf(y, Math.multiplyExact(2, n));
                x = Arrays.copyOf(x, Math.multiplyExact(y.length, d));
            }
            for (int j = 0; j < d; j++) {
                x[n * d + j] = number(row, features[j]);
            }
            y[n++] = number(row, target);
        }
        return new Block(Arrays.copyOf(x, n * d), Arrays.copyOf(y, n), d);
    }

    /** A row's value at {@code column}, which must be a finite number: a null or NaN is named, not trained on. */
    private static double number(Row row, int column) {
        Object cell = row.get(column);
        double value = cell instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("column " + row.schema().fieldNames()[column] + " holds " + cell + " in the"
                    + " row " + row + "; Descent trains on finite numbers (drop or fill the row first)");
        }
        return value;
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
