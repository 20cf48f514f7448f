package dev.descent.loss;

/**
 * A loss on labels 0 and 1 whose model output is a score for class 1 (class 1 is predicted when
 * the score is at least 0), averaged over the samples.
 */
public interface BinaryClassification extends ScalarLoss {

    @Override
    default Reduction reduction() {
        return Reduction.MEAN;
    }

    @Override
    default boolean accepts(double target) {
        return target == 0 || target == 1;
    }

    @Override
    default String expectedTargets() {
        return "labels 0 or 1";
    }

    @Override
    default boolean classifies() {
        return true;
    }
}
