package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.model.Model;
import dev.descent.optim.GradientDescent;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rows each mini-batch holds, watched through a model that records the rows it predicts. */
class ShuffleTest {
    private static final int N = 23;
    private static final int BATCH = 5;

    @Test
    void batchesModeVisitsRunsOfConsecutiveRowsEachOnceInAFreshOrderEveryEpoch() throws DivergenceException {
        List<List<List<Integer>>> epochs = batchesPerEpoch(Shuffle.BATCHES, 3);
        List<List<Integer>> firsts = new ArrayList<>();
        for (List<List<Integer>> batches : epochs) {
            BitSet starts = new BitSet();
            List<Integer> first = new ArrayList<>();
            for (List<Integer> batch : batches) {
                int start = batch.get(0);
                assertEquals(0, start % BATCH, "a batch starts on a multiple of the batch size");
                assertEquals(Math.min(BATCH, N - start), batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    assertEquals(start + k, batch.get(k), "consecutive rows");
                }
                assertTrue(!starts.get(start), "each batch once");
                starts.set(start);
                first.add(start);
            }
            assertEquals((N + BATCH - 1) / BATCH, starts.cardinality());
            firsts.add(first);
        }
        assertNotEquals(firsts.get(0), firsts.get(1), "a fresh order every epoch");
    }

    /**
     * Seeds one step of SplittableRandom's own increment apart: when each epoch's seed was the seed plus
     * that increment times the epoch, seed s's second epoch drew seed s + step's first order.
     */
    @Test
    void seedsOneGeneratorStepApartDoNotShareOrdersOneEpochApart() throws DivergenceException {
        long step = 0x9E3779B97F4A7C15L;
        for (Shuffle shuffle : new Shuffle[] {Shuffle.BATCHES, Shuffle.ROWS}) {
            List<List<List<Integer>>> seven = batchesPerEpoch(shuffle, 2, 7);
            List<List<List<Integer>>> next = batchesPerEpoch(shuffle, 2, 7 + step);
            assertNotEquals(seven.get(1), next.get(0), shuffle + ": seed 7's second epoch is not seed 7 + step's first");
            assertNotEquals(next.get(1), seven.get(0), shuffle + ": nor the other way round");
        }
    }

    @Test
    void rowsModeVisitsEveryRowOnceInARandomOrder() throws DivergenceException {
        for (List<List<Integer>> batches : batchesPerEpoch(Shuffle.ROWS, 2)) {
            BitSet seen = new BitSet();
            boolean consecutive = true;
            for (List<Integer> batch : batches) {
                for (int k = 0; k < batch.size(); k++) {
                    assertTrue(!seen.get(batch.get(k)), "each row once");
                    seen.set(batch.get(k));
                    consecutive &= k == 0 || batch.get(k) == batch.get(k - 1) + 1;
                }
            }
            assertEquals(N, seen.cardinality());
            assertTrue(!consecutive, "rows are shuffled, not runs");
        }
    }

    @Test
    void noneModeKeepsTheFileOrder() throws DivergenceException {
        for (List<List<Integer>> batches : batchesPerEpoch(Shuffle.NONE, 2)) {
            int next = 0;
            for (List<Integer> batch : batches) {
                for (int row : batch) {
                    assertEquals(next++, row);
                }
            }
            assertEquals(N, next);
        }
    }

    /** Per epoch, the rows of each mini-batch in the order trained (the whole-set passes left out). */
    private static List<List<List<Integer>>> batchesPerEpoch(Shuffle shuffle, int epochs) throws DivergenceException {
        return batchesPerEpoch(shuffle, epochs, 7);
    }

    private static List<List<List<Integer>>> batchesPerEpoch(Shuffle shuffle, int epochs, long seed)
            throws DivergenceException {
        double[] x = new double[N];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = i;
            y[i] = 2 * i;
        }
        List<List<Integer>> calls = new ArrayList<>();
        Trainer.builder().optimizer(new GradientDescent(1e-4)).epochs(epochs).batchSize(BATCH).shuffle(shuffle).seed(seed)
                .build().fit(Dataset.ofSingleFeature(x, y), new RecordingModel(0, calls));
        List<List<List<Integer>>> perEpoch = new ArrayList<>();
        List<List<Integer>> current = new ArrayList<>();
        for (List<Integer> call : calls) {
            if (call.size() == N && !current.isEmpty()) { // the whole-set pass that closes an epoch
                perEpoch.add(current);
                current = new ArrayList<>();
            } else if (call.size() < N || BATCH >= N) {
                current.add(call);
            }
        }
        assertEquals(epochs, perEpoch.size());
        return perEpoch;
    }

    /** y = w x, logging the rows it predicts; each new set of parameters starts a new call. */
    private record RecordingModel(double w, List<List<Integer>> calls) implements Model {
        @Override
        public int featureCount() {
            return 1;
        }

        @Override
        public List<String> parameterNames() {
            return List.of("w");
        }

        @Override
        public double[] parameters() {
            return new double[] {w};
        }

        @Override
        public Model withParameters(double[] parameters) {
            calls.add(new ArrayList<>());
            return new RecordingModel(parameters[0], calls);
        }

        @Override
        public void predict(double[] features, int offset, double[] outputs) {
            calls.get(calls.size() - 1).add(offset);
            outputs[0] = w * features[offset];
        }

        @Override
        public void addGradient(double[] features, int offset, double[] dLossDOutputs, double[] gradient) {
            gradient[0] += dLossDOutputs[0] * features[offset];
        }
    }
}
