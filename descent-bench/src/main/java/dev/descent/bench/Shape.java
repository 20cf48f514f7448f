package dev.descent.bench;

import dev.descent.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** A benchmark's data shape, written {@code NxD} in its {@code @Param}: n rows of d features. */
record Shape(int rows, int features) {
    static Shape of(String text) {
        int x = text.indexOf('x');
        return new Shape(Integer.parseInt(text.substring(0, x)), Integer.parseInt(text.substring(x + 1)));
    }

    /**
     * Rows of uniform features in [-1, 1) with y = x_1 + uniform noise (seed 42), held once: the features flat,
     * adopted by the data set without a copy.
     */
    Dataset regression() {
        SplittableRandom random = new SplittableRandom(42);
        double[] x = random.doubles((long) rows * features, -1, 1).toArray();
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = x[i * features] + random.nextDouble(-1, 1);
        }
        List<String> names = IntStream.rangeClosed(1, features).mapToObj(j -> "x" + j).toList();
        return Dataset.adopt(x, y, names, "y", null);
    }
}
