package dev.descent.cli.plot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The fit epoch by epoch, as the report plays it: at most {@value #FRAMES} frames of the path (the start and the end
 * among them), each with its loss, parameters and, for a model that predicts a number, its predictions on at most
 * {@value #ROWS} rows evenly spread (sorted by the column when the model reads one, so they draw its curve); and the
 * loss of at most {@value #EPOCHS} epochs, read under the pointer. Floats are enough for pictures and halve the page;
 * the losses read under the pointer keep every digit.
 */
final class Animation {
    static final int FRAMES = 100;
    static final int ROWS = 200;
    static final int EPOCHS = 5000;
    /** Parameters a frame carries: a model of more carries only the contour's two. */
    static final int PARAMETERS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Animation() {
    }

    static ObjectNode of(FitPlots.Inputs in) {
        ObjectNode node = JSON.createObjectNode();
        int[] shown = in.names().size() <= PARAMETERS ? IntStream.range(0, in.names().size()).toArray()
                : in.contour() != null ? in.contour() : new int[0];
        ArrayNode names = node.putArray("names");
        for (int k : shown) {
            names.add(in.names().get(k));
        }
        int[] frames = frames(in);
        ArrayNode labels = node.putArray("labels");
        ArrayNode epochs = node.putArray("epochs");
        ArrayNode losses = node.putArray("losses");
        ArrayNode params = node.putArray("params");
        for (int f : frames) {
            boolean fitted = f == in.path().size() - 1 && (in.losses() == null || f >= in.losses().length);
            labels.add(f == 0 ? "start" : fitted && in.losses() != null ? "fitted (the best epoch's)"
                    : fitted ? "fitted" : "epoch " + f);
            epochs.add(fitted && in.losses() != null ? -1 : f); // the best epoch's number is not known here
            number(losses, in.losses() == null || f >= in.losses().length ? Double.NaN : in.losses()[f]);
            ArrayNode values = params.addArray();
            for (int k : shown) {
                number(values, in.path().get(f)[k]);
            }
        }
        if (in.contour() != null) {
            int p = shown == in.contour() ? 0 : in.contour()[0];
            int q = shown == in.contour() ? 1 : in.contour()[1];
            node.putArray("contour").add(p).add(q);
        }
        if (in.losses() != null) {
            ObjectNode history = node.putObject("history");
            ArrayNode epoch = history.putArray("epochs");
            ArrayNode loss = history.putArray("losses");
            ArrayNode validation = history.putArray("validation");
            for (int e : FitPlots.evenly(in.losses().length, EPOCHS)) {
                epoch.add(e);
                exact(loss, in.losses()[e]);
                exact(validation, in.validation() == null || e == 0 ? Double.NaN : in.validation()[e - 1]);
            }
        }
        if (in.fits() != null && in.actual() != null) {
            rows(node.putObject("rows"), in, frames);
        }
        return node;
    }

    /**
     * Indices into the path: every epoch's when there are losses (evenly spread, the last kept), then the fitted
     * parameters when they are not the last epoch's (early stopping keeps the best epoch's); else start and fit.
     */
    private static int[] frames(FitPlots.Inputs in) {
        int last = in.path().size() - 1;
        if (in.losses() == null) {
            return new int[] {0, last};
        }
        int count = in.losses().length;
        int k = Math.min(count, FRAMES);
        IntStream epochs = k == 1 ? IntStream.of(0) : IntStream.range(0, k).map(i -> (int) ((long) i * (count - 1) / (k - 1)));
        boolean kept = last >= count && !Arrays.equals(in.path().get(last), in.path().get(count - 1));
        return kept ? IntStream.concat(epochs, IntStream.of(last)).toArray() : epochs.toArray();
    }

    private static void rows(ObjectNode node, FitPlots.Inputs in, int[] frames) {
        int[] rows = FitPlots.evenly(in.actual().length, ROWS);
        if (in.x() != null) {
            rows = Arrays.stream(rows).boxed().sorted(Comparator.comparingDouble(i -> in.x()[i]))
                    .mapToInt(Integer::intValue).toArray();
        }
        node.put("target", in.target());
        if (in.column() != null) {
            node.put("column", in.column());
            ArrayNode x = node.putArray("x");
            for (int i : rows) {
                number(x, in.x()[i]);
            }
        }
        ArrayNode actual = node.putArray("actual");
        for (int i : rows) {
            number(actual, in.actual()[i]);
        }
        ArrayNode fits = node.putArray("fits");
        for (int f : frames) {
            ArrayNode frame = fits.addArray();
            for (double v : in.fits().at(in.path().get(f), rows)) {
                number(frame, v);
            }
        }
    }

    /** Adds {@code value} as a float, or null where it is not a number (JSON has none). */
    private static void number(ArrayNode array, double value) {
        if (Double.isFinite(value) && Math.abs(value) <= Float.MAX_VALUE) {
            array.add((float) value);
        } else {
            array.addNull();
        }
    }

    /** Adds {@code value} to the last digit (a loss read under the pointer), or null where it is not a number. */
    private static void exact(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.addNull();
        }
    }
}
