package dev.descent.spark;

import dev.descent.data.DataException;
import dev.descent.data.Standardization;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Standardisation on Spark ({@code fit --standardize}): each feature's mean and standard deviation in one job, applied
 * as column arithmetic; a model trained on the result goes back to the data's scale by
 * {@link Standardization#toOriginal}.
 */
public final class Scaling {
    private Scaling() {
    }

    /**
     * The features' means (when {@code centre}; else 0) and population standard deviations (about the mean, as
     * {@link Standardization#learn} takes them), a constant feature's scale 1.
     */
    public static Standardization learn(Dataset<Row> data, List<String> features, boolean centre) throws DataException {
        List<Column> moments = new ArrayList<>();
        for (String feature : features) {
            Column x = SparkTrainer.quoted(feature);
            moments.add(centre ? functions.avg(x) : functions.lit(0.0));
            moments.add(centre ? functions.stddev_pop(x) : functions.sqrt(functions.avg(x.multiply(x))));
        }
        Row row = data.agg(moments.get(0), moments.subList(1, moments.size()).toArray(Column[]::new)).first();
        double[] means = new double[features.size()];
        double[] scales = new double[features.size()];
        for (int j = 0; j < means.length; j++) {
            if (row.isNullAt(2 * j) || row.isNullAt(2 * j + 1)) {
                throw new DataException("the column " + features.get(j) + " holds no number to standardise (no rows, or"
                        + " only nulls)");
            }
            means[j] = ((Number) row.get(2 * j)).doubleValue();
            double scale = ((Number) row.get(2 * j + 1)).doubleValue();
            if (Double.isNaN(means[j]) || Double.isNaN(scale)) {
                throw new DataException("the column " + features.get(j) + " holds NaN; Descent trains on finite numbers"
                        + " (drop or fill those rows first)");
            }
            if (!Double.isFinite(means[j]) || Double.isInfinite(scale)) {
                throw new DataException("the column " + features.get(j) + " has values too large to standardise (near the"
                        + " largest double); scale it first");
            }
            scales[j] = scale > 0 ? scale : 1;
        }
        return new Standardization(means, scales);
    }

    /** The target as it is and each feature standardised, {@code (x - mean) / scale}: the columns training reads. */
    public static Dataset<Row> apply(Dataset<Row> data, String target, List<String> features, Standardization scaling) {
        Column[] columns = new Column[features.size() + 1];
        columns[0] = SparkTrainer.quoted(target);
        for (int j = 0; j < features.size(); j++) {
            columns[j + 1] = SparkTrainer.quoted(features.get(j)).minus(scaling.means()[j])
                    .divide(scaling.scales()[j]).as(features.get(j));
        }
        return data.select(columns);
    }
}
