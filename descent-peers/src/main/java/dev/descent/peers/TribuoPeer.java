package dev.descent.peers;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Tribuo's linear SGD regression: squared loss, plain SGD at a constant rate, one example per step
 * and a reshuffle every epoch (Tribuo's defaults, as are its 5 epochs and its seed).
 */
final class TribuoPeer {

    /** scikit-learn's SGDRegressor starts at eta0 = 0.01 too; each step is lr * (y - y_pred) * x. */
    static final double LEARNING_RATE = 0.01;
    /** AbstractSGDTrainer's defaults: 5 epochs, seed 12345 (its default optimiser is AdaGrad, not plain SGD). */
    static final int DEFAULT_EPOCHS = 5;
    static final long DEFAULT_SEED = 12345L;

    /** Tribuo logs two INFO lines per train() call; held here, since a logger without a reference can be collected. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static List<Peers.Timing> run(Peers.Data data, int repeats) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("bench/compare.py", factory), factory);
        // Zero-padded names, so that Tribuo's order of features (it sorts them by name) is the column order.
        String[] names = new String[data.d()];
        for (int j = 0; j < names.length; j++) {
            names[j] = Peers.format("x%05d", j);
        }
        for (int i = 0; i < data.n(); i++) {
            dataset.add(new ArrayExample<>(new Regressor("y", data.y()[i]), names, data.row(i)));
        }
        String tool = Peers.format("Tribuo LinearSGDTrainer (SGD %s)", LEARNING_RATE);
        // train() also copies the examples into its own sparse vectors once: that is part of every
        // call, so compare.py reports both this one-epoch call and the cost of each further epoch.
        return List.of(
                Peers.time("sgd_epoch", tool + ", 1 epoch", repeats, () -> fit(dataset, names, 1)),
                Peers.time("to_stop", tool, repeats,
                        () -> fit(dataset, names, DEFAULT_EPOCHS)));
    }

    private static Peers.Fitted fit(MutableDataset<Regressor> dataset, String[] names, int epochs) {
        // A fresh trainer each time: a trainer reseeds from its count of calls, so runs would differ.
        // Logging interval -1: no progress messages (also Tribuo's default); minibatch 1 (its default).
        LinearSGDTrainer trainer = new LinearSGDTrainer(new SquaredLoss(), SGD.getSimpleSGD(LEARNING_RATE),
                epochs, -1, 1, DEFAULT_SEED);
        LinearSGDModel model = trainer.train(dataset);
        DenseMatrix weights = model.getWeightsCopy(); // one row per output; the bias is the last column
        double[] w = new double[names.length];
        for (int j = 0; j < names.length; j++) {
            w[j] = weights.get(0, model.getFeatureIDMap().getID(names[j]));
        }
        return new Peers.Fitted(w, weights.get(0, weights.getDimension2Size() - 1), epochs);
    }

    private TribuoPeer() {}
}
