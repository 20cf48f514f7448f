package dev.descent.data;

import dev.descent.kernel.DenseKernel;
import dev.descent.kernel.RowLoops;
import java.util.List;

/**
 * Dense numeric features stored as float32 (n rows by d columns, row-major in one array) and a
 * target kept as doubles: half the memory of a {@link Dataset}, and half the bytes every pass reads.
 *
 * <p>Each value is widened to double as it is read (exactly) and all arithmetic is in double, so a
 * pass gives the bits of the same pass over a Dataset of the widened values. What float storage
 * costs is the rounding of each feature to a 24-bit mantissa (about 7 significant digits) when it
 * was stored; the model fitted is the one for those rounded features.
 *
 * <p>A data set never changes after it is made: the public constructor copies what it is given, and
 * {@link #featureData()} and {@link #targetData()} hand the backing arrays to the kernels without a
 * copy; they must be treated as read-only.
 */
public final class FloatDataset implements DenseRows {
    private final float[] features;
    private final double[] target;
    private final int rows;
    private final int columns;
    private final List<String> featureNames;
    private final String targetName;
    private final RowLoops loops;

    /**
     * @param features     row-major n x d values: row i is {@code features[i*d .. i*d + d)}
     * @param target       the n target values
     * @param featureNames the d column names
     * @param targetName   the target's name
     */
    public FloatDataset(float[] features, double[] target, List<String> featureNames, String targetName) {
        this(features, target, featureNames, targetName, ArraySource.CALLER);
    }

    /** A data set that takes the arrays as they are, without copying them: for a reader that has just made them. */
    static FloatDataset adopt(float[] features, double[] target, List<String> featureNames, String targetName) {
        return new FloatDataset(features, target, featureNames, targetName, ArraySource.READER);
    }

    /** A data set of features taken from a checked one (its rows, or the same array): only the target is checked. */
    private static FloatDataset derived(float[] features, double[] target, List<String> featureNames, String targetName) {
        return new FloatDataset(features, target, featureNames, targetName, ArraySource.DERIVED);
    }

    private FloatDataset(float[] features, double[] target, List<String> featureNames, String targetName,
                         ArraySource source) {
        boolean copy = source == ArraySource.CALLER;
        int d = featureNames.size();
        Dataset.checkShape(features.length, target.length, d);
        if (source != ArraySource.DERIVED) {
            for (int k = 0; k < features.length; k++) {
                if (!Float.isFinite(features[k])) {
                    throw new IllegalArgumentException("feature value " + k + " is " + features[k]);
                }
            }
        }
        Dataset.requireFinite(target, "target");
        this.features = copy ? features.clone() : features;
        this.target = copy ? target.clone() : target;
        this.rows = target.length;
        this.columns = d;
        this.loops = DenseKernel.chosen().over(this.features, d);
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
    }

    @Override
    public int rowCount() {
        return rows;
    }

    @Override
    public int featureCount() {
        return columns;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public String targetName() {
        return targetName;
    }

    @Override
    public double feature(int row, int column) {
        return features[row * columns + column];
    }

    @Override
    public double target(int row) {
        return target[row];
    }

    /** The backing row-major feature array, not a copy: read it, never write it. */
    public float[] featureData() {
        return features;
    }

    @Override
    public double[] targetData() {
        return target;
    }

    /** A copy with every feature widened to double (exactly): twice the features' memory. The target is shared. */
    @Override
    public Dataset widened() {
        double[] x = new double[features.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = features[k];
        }
        return Dataset.derived(x, target, featureNames, targetName);
    }

    @Override
    public FloatDataset rows(int[] indices) {
        float[] x = new float[Math.multiplyExact(indices.length, columns)];
        double[] y = new double[indices.length];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(features, indices[r] * columns, x, r * columns, columns);
            y[r] = target[indices[r]];
        }
        return derived(x, y, featureNames, targetName);
    }

    /** The same features (shared, not copied) with another target. */
    @Override
    public FloatDataset withTarget(double[] newTarget) {
        return derived(features, newTarget.clone(), featureNames, targetName);
    }

    /** Also tells float32 features from the doubles they widen to: the names include the storage. */
    @Override
    public String fingerprint() {
        return new Fingerprint("float32\u0000" + String.join("\u0000", featureNames) + "\u0000" + targetName)
                .add(features).add(target).hex();
    }

    @Override
    public RowLoops loops() {
        return loops;
    }

    @Override
    public String toString() {
        return "FloatDataset[" + rows + " x " + columns + " float32, features " + featureNames + ", target " + targetName
                + "]";
    }
}
