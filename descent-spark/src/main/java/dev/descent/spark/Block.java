package dev.descent.spark;

import dev.descent.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
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

    private Block(double[] x, double[] y, int d) {
        this.x = x;
        this.y = y;
        this.d = d;
    }

    /** The rows of one partition, target at {@code target} and features at {@code features} (their positions). */
    static Block of(Iterator<Row> rows, int target, int[] features) {
        List<double[]> read = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            double[] values = new double[features.length];
            for (int j = 0; j < features.length; j++) {
                values[j] = number(row, features[j]);
            }
            read.add(values);
            targets.add(number(row, target));
        }
        int d = features.length;
        double[] x = new double[read.size() * d];
        double[] y = new double[read.size()];
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(read.get(i), 0, x, i * d, d);
            y[i] = targets.get(i);
        }
        return new Block(x, y, d);
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

    /** The block as a data set of the core, named as {@code names}. */
    Dataset dataset(List<String> names) {
        return Dataset.adopt(x, y, names, "y", null);
    }
}
