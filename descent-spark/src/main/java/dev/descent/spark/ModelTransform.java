package dev.descent.spark;

import dev.descent.data.DataException;
import dev.descent.io.SavedModel;
import dev.descent.loss.Logistic;
import dev.descent.loss.Softmax;
import dev.descent.model.LinearModel;
import dev.descent.train.Recipe;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A saved model applied to a Spark Dataset: each row with the columns {@code descent predict} writes added after its
 * own, computed by the core's model row by row, so the values are the bits {@code descent predict} gives. A regression
 * model adds {@code prediction}; a logistic one {@code probability} (of class 1) and {@code label}; a hinge one
 * {@code score} and {@code label}; a softmax one {@code probability_<class>} for each class and {@code label}.
 */
public final class ModelTransform {
    private ModelTransform() {
    }

    /** {@code data} with {@code saved}'s predictions added; the model's feature columns must be there, as numbers. */
    public static Dataset<Row> transform(SavedModel saved, Dataset<Row> data) throws DataException {
        if (saved.degree() != 1) {
            throw new DataException("the model expands its feature to degree " + saved.degree() + "; the Spark"
                    + " transform applies models of degree 1");
        }
        LinearModel model = saved.model();
        List<String> features = model.featureNames();
        SparkTrainer.checkColumns(data, features);
        int[] at = features.stream().mapToInt(name -> data.schema().fieldIndex(name)).toArray();
        Kind kind = model.outputCount() > 1 ? Kind.SOFTMAX : saved.loss().equals("logistic") ? Kind.LOGISTIC
                : saved.loss().equals("hinge") ? Kind.HINGE : Kind.REGRESSION;
        StructType schema = data.schema();
        switch (kind) {
            case REGRESSION -> schema = schema.add("prediction", DataTypes.DoubleType, false);
            case LOGISTIC -> schema = schema.add("probability", DataTypes.DoubleType, false)
                    .add("label", DataTypes.IntegerType, false);
            case HINGE -> schema = schema.add("score", DataTypes.DoubleType, false)
                    .add("label", DataTypes.IntegerType, false);
            case SOFTMAX -> {
                for (String c : model.outputNames()) {
                    schema = schema.add("probability_" + c, DataTypes.DoubleType, false);
                }
                schema = schema.add("label", DataTypes.StringType, false);
            }
        }
        for (String added : java.util.Arrays.copyOfRange(schema.fieldNames(), data.schema().size(), schema.size())) {
            if (java.util.Arrays.asList(data.schema().fieldNames()).contains(added)) {
                throw new DataException("the Dataset has a column " + added + " already, which the predictions would"
                        + " repeat; rename or drop it first");
            }
        }
        Recipe<LinearModel> recipe = recipe(model);
        MapPartitionsFunction<Row, Row> predict = rows -> new Iterator<>() {
            private final LinearModel form = recipe.get();
            private final double[] x = new double[at.length];
            private final double[] scores = new double[form.outputCount()];

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row row = rows.next();
                for (int j = 0; j < at.length; j++) {
                    x[j] = Block.number(row, at[j]);
                }
                form.predict(x, 0, scores);
                return append(row, added(kind, form, scores));
            }
        };
        return data.mapPartitions(predict, Encoders.row(schema));
    }

    /** What kind of outputs a model's predictions take. */
    private enum Kind {
        REGRESSION, LOGISTIC, HINGE, SOFTMAX
    }

    /** The values a row gains: as {@code descent predict} writes them. */
    private static Object[] added(Kind kind, LinearModel model, double[] scores) {
        double z = scores[0];
        return switch (kind) {
            case REGRESSION -> new Object[] {z};
            case LOGISTIC -> new Object[] {Logistic.probability(z), z >= 0 ? 1 : 0};
            case HINGE -> new Object[] {z, z >= 0 ? 1 : 0};
            case SOFTMAX -> {
                double[] p = new double[scores.length];
                Softmax.probabilities(scores, p);
                Object[] values = new Object[p.length + 1];
                for (int c = 0; c < p.length; c++) {
                    values[c] = p[c];
                }
                values[p.length] = model.outputNames().get(Softmax.argmax(scores));
                yield values;
            }
        };
    }

    private static Row append(Row row, Object[] added) {
        Object[] values = new Object[row.length() + added.length];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(added, 0, values, row.length(), added.length);
        return RowFactory.create(values);
    }

    /** How an executor makes {@code model} (a linear model is not serializable). */
    static Recipe<LinearModel> recipe(LinearModel model) {
        List<String> features = model.featureNames();
        List<String> outputs = model.outputCount() > 1 ? model.outputNames() : null;
        boolean intercept = model.hasIntercept();
        double[] parameters = model.parameters();
        return () -> (outputs == null ? LinearModel.zeros(features, intercept)
                : LinearModel.zeros(features, outputs, intercept)).withParameters(parameters);
    }
}
