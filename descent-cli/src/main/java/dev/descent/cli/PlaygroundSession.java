package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.cli.plot.Contours;
import dev.descent.cli.plot.FitPlots;
import dev.descent.data.Dataset;
import dev.descent.model.Model;
import dev.descent.optim.OptimizerState;
import dev.descent.train.DivergenceException;
import dev.descent.train.Fit;
import dev.descent.train.TrainingListener;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * One browser tab's training run in the playground: its data, model and optimizer state, stepped one
 * epoch at a time by the trainer itself (resumed from its state, so the run stepped here is the run
 * {@code fit} makes), and the event stream that tells the tab about every epoch.
 */
final class PlaygroundSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Epochs in a row the loss may grow, above where it started, before the run is stopped: the trainer's own rule. */
    private static final int GROWTH_LIMIT = 10;
    /** Epochs a run may play before it is stopped: the most work one tab may ask of the server (with n and features). */
    static final int MAX_EPOCHS = 100_000;
    /** Rows the page shows (evenly spread), with each one's prediction and part of the gradient every epoch. */
    static final int SHOWN_ROWS = 1000;
    /** Points a curve is drawn through. */
    private static final int CURVE_POINTS = 101;
    /** Points a side of the grid the loss surface is traced on. */
    private static final int GRID = 41;

    private final String id;
    private final ScheduledExecutorService clock;
    private PlaygroundSettings settings;
    private Dataset data;
    /** A tab's own file, trained on instead of generated points until the tab asks for those again. */
    private Dataset uploaded;
    private PlaygroundModel what;
    /** The two parameters the surface is drawn over (indices into the model's names), or null for one parameter. */
    private int[] pair;
    private int[] shown;
    private Model model;
    private OptimizerState state;
    private int epoch;
    private double loss;
    private double startLoss;
    /** Epochs in a row whose loss grew. */
    private int rises;
    /** The smallest and largest value each parameter has taken (the data's units), for the surface's box. */
    private double[] low;
    private double[] high;
    /** The box the tab's surface was last drawn on, and the epoch it was drawn at. */
    private double[] box;
    private int surfaceEpoch;
    /** Epochs between redrawing a surface the path has left: each redraw is 1,681 passes over the data. */
    private static final int REDRAW_EPOCHS = 25;
    private EventStream events;
    private ScheduledFuture<?> playing;
    /** Counts pauses: a scheduled step of an earlier play (already waiting for the lock when paused) does nothing. */
    private long plays;
    private volatile boolean closed;

    PlaygroundSession(String id, PlaygroundSettings settings) {
        this.id = id;
        this.clock = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "descent-session-" + id);
            thread.setDaemon(true);
            return thread;
        });
        try {
            start(settings, null);
        } catch (RuntimeException e) {
            clock.shutdownNow(); // refused settings leave no thread behind
            throw e;
        }
    }

    String id() {
        return id;
    }

    boolean closed() {
        return closed;
    }

    /** Whether a tab has listened to this session's events. */
    synchronized boolean attached() {
        return events != null;
    }

    /** Starts telling {@code stream} about this run: the data, then every epoch. */
    synchronized void attach(EventStream stream) {
        this.events = stream;
        send("data", this::dataEvent);
        send("frame", this::frame);
    }

    /** Back to the start, with {@code next} settings (and the data they describe). */
    synchronized void reset(PlaygroundSettings next) {
        start(next, uploaded);
    }

    /**
     * Trains on {@code file} (its last column the target, the others features) from the start, with the surface over
     * its model's first two parameters (the ones chosen before may not be parameters of it).
     */
    synchronized void upload(Dataset file) {
        start(settings.withoutContour(), file);
    }

    /** Back to generated points, with {@code next} settings. */
    synchronized void generate(PlaygroundSettings next) {
        start(next, null);
    }

    /**
     * Starts over on {@code file} (null: generated points). Settings that do not fit the data (a formula naming no
     * column, a start where the loss is not a number) are refused before anything changes.
     */
    private void start(PlaygroundSettings next, Dataset file) {
        Dataset nextData = file != null ? file : next.generated();
        PlaygroundModel nextWhat = PlaygroundModel.of(next, nextData);
        double nextLoss = next.objective(nextWhat.training()).value(nextWhat.start());
        if (!Double.isFinite(nextLoss)) {
            String where = nextWhat.whereNotFinite(nextWhat.start());
            throw new IllegalArgumentException(where != null ? "the loss at the start is not a number: " + where
                    + "; choose other starting values" : "the loss at the start is " + nextLoss + ": the data or the"
                    + " starting values are too large for double precision");
        }
        pause();
        settings = next;
        data = nextData;
        uploaded = file;
        what = nextWhat;
        pair = what.contour();
        shown = FitPlots.evenly(data.rowCount(), SHOWN_ROWS);
        model = what.start();
        state = null;
        epoch = 0;
        loss = nextLoss;
        startLoss = loss;
        rises = 0;
        low = what.user(model);
        high = low.clone();
        box = null;
        send("data", this::dataEvent);
        send("frame", this::frame);
    }

    synchronized void play(double epochsPerSecond) {
        pause();
        long period = Math.max(1, (long) (1_000_000 / epochsPerSecond));
        long play = plays;
        playing = clock.scheduleAtFixedRate(() -> stepOf(play), 0, period, TimeUnit.MICROSECONDS);
    }

    /** A step of play number {@code play}, unless it was paused (or reset) while the step waited for the lock. */
    private synchronized void stepOf(long play) {
        if (play == plays) {
            step();
        }
    }

    synchronized void pause() {
        plays++;
        if (playing != null) {
            playing.cancel(false);
            playing = null;
        }
    }

    /**
     * One epoch, told to the tab. A run whose loss stops being a number, or grows for {@value #GROWTH_LIMIT} epochs in a
     * row above where it started (as {@code fit} stops one), is paused, and the tab told why and which rate is stable.
     */
    synchronized void step() {
        if (epoch >= MAX_EPOCHS) { // the work one tab may ask of a shared server
            pause();
            send("stopped", () -> JSON.createObjectNode().put("epoch", epoch).put("message", "a run plays at most "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_EPOCHS) + " epochs; reset to start again"));
            return;
        }
        double previous = loss;
        try {
            Fit fit = settings.trainer().fit(what.training(), model, state, TrainingListener.NONE);
            model = fit.model();
            state = fit.state();
            epoch++;
            loss = fit.history().finalLoss();
            double[] user = what.user(model);
            for (int k = 0; k < user.length; k++) {
                low[k] = Math.min(low[k], user[k]);
                high[k] = Math.max(high[k], user[k]);
            }
            send("frame", this::frame);
            followPath(user);
            rises = loss > previous ? rises + 1 : 0;
            if (rises >= GROWTH_LIMIT && loss > startLoss) {
                diverge(new DivergenceException("the loss grew for " + rises + " epochs in a row, to "
                        + Text.number(loss) + " at epoch " + epoch + " (it started at " + Text.number(startLoss) + "):"
                        + " the learning rate " + Text.number(settings.lr()) + " is too large", epoch));
            }
        } catch (DivergenceException e) {
            diverge(e);
        }
    }

    /** A trainer's own epoch in a message ("epoch 1 of this run (8 counting ...)", as one epoch resumed) as this run's. */
    private static final Pattern RESUMED_EPOCH = Pattern.compile("epoch 1 of this run \\(([0-9]+) counting the epochs it"
            + " resumes\\)");

    /** Pauses on the trainer's reason, the epoch counted in this run, and the stable rate when it is the rate's fault. */
    private void diverge(DivergenceException e) {
        // the first epoch runs fresh and is named as it is; every later one resumes the state of those before it
        String reason = RESUMED_EPOCH.matcher(e.getMessage()).replaceAll("epoch $1");
        pause();
        double curvature = what.curvature(settings);
        boolean rate = reason.contains("learning rate") && !reason.contains("2/L") && !Double.isNaN(curvature);
        send("diverged", () -> JSON.createObjectNode().put("epoch", epoch).put("message", reason + (rate
                ? "; near the start, gradient descent is stable only below 2/L = " + Text.number(2 / curvature) : "")));
    }

    /**
     * Draws the loss surface again around the path so far, over {@code names} (null: the same two), the parameters not
     * drawn held where they are now; the run goes on where it is.
     */
    synchronized void redrawSurface(List<String> names) {
        if (names != null) {
            if (pair == null) {
                throw new IllegalArgumentException("contour: " + what.text() + " has one parameter, and no surface over"
                        + " two");
            }
            pair = PlaygroundModel.pair(names, what.names());
            settings = settings.withContour(names);
        }
        send("surface", () -> surface(what.user(model)));
    }

    /** Redraws the surface when the path has left it (as a formula's may: there is no optimum to draw it around). */
    private void followPath(double[] user) {
        if (pair == null || box == null || epoch - surfaceEpoch < REDRAW_EPOCHS) {
            return;
        }
        boolean inside = user[pair[0]] >= box[0] && user[pair[0]] <= box[1] && user[pair[1]] >= box[2]
                && user[pair[1]] <= box[3];
        if (!inside) {
            redrawSurface(null);
        }
    }

    /** The rows shown, the model's names and chain-rule factors, and the loss surface. */
    private ObjectNode dataEvent() {
        Dataset rows = what.shownRows();
        ObjectNode node = JSON.createObjectNode().put("model", what.text()).put("rowCount", data.rowCount())
                .put("target", data.targetName()).put("curveColumn", what.curveColumn());
        rows.featureNames().forEach(node.putArray("columns")::add);
        what.names().forEach(node.putArray("names")::add);
        what.factors().forEach(node.putArray("factors")::add);
        ArrayNode x = node.putArray("rows");
        ArrayNode y = node.putArray("y");
        for (int i : shown) {
            ArrayNode row = x.addArray();
            for (int j = 0; j < rows.featureCount(); j++) {
                row.add(rows.feature(i, j));
            }
            y.add(rows.target(i));
        }
        double[] optimum = what.optimum();
        node.set("surface", surface(optimum != null ? optimum : what.user(model)));
        return node;
    }

    /**
     * The loss over the two chosen parameters as level curves, the others at {@code held}, on a box that holds the path
     * so far and {@code held} with room to spare: {@code params} (their indices), {@code box} (p from, p to, q from,
     * q to), {@code segments} (p1, q1, p2, q2 each) and {@code held} (every parameter's value).
     */
    private ObjectNode surface(double[] held) {
        ObjectNode node = JSON.createObjectNode();
        int[] pq = pair;
        if (pq == null) {
            return node.put("none", "a model of one parameter has no surface over two");
        }
        node.putArray("params").add(pq[0]).add(pq[1]);
        double[][] axes = new double[2][GRID];
        for (int side = 0; side < 2; side++) {
            int k = pq[side];
            double from = Math.min(low[k], held[k]);
            double to = Math.max(high[k], held[k]);
            double pad = Math.max(Math.max((to - from) / 2, 0.25 * Math.max(Math.abs(from), Math.abs(to))), 0.1);
            for (int i = 0; i < GRID; i++) {
                axes[side][i] = from - pad + (to - from + 2 * pad) * i / (GRID - 1);
            }
        }
        box = new double[] {axes[0][0], axes[0][GRID - 1], axes[1][0], axes[1][GRID - 1]};
        surfaceEpoch = epoch;
        ArrayNode corners = node.putArray("box");
        for (double v : box) {
            corners.add(v);
        }
        ArrayNode values = node.putArray("held");
        for (double v : held) {
            values.add(v);
        }
        ToDoubleFunction<Model> loss = what.surfaceLoss(settings);
        ArrayNode segments = node.putArray("segments");
        for (Contours.Segment s : Contours.levels(axes[0], axes[1], what.surface(loss, held, pq[0], pq[1]), 12)) {
            segments.addArray().add(s.x1()).add(s.y1()).add(s.x2()).add(s.y2());
        }
        return node;
    }

    /**
     * The current epoch: the loss, the parameters (the data's units), the fit (the curve through the one column the
     * model reads, or each shown row's prediction) and each shown row's own part of the gradient,
     * {@code dL_i/dy_pred * dy_pred/dθ} by the model's chain rule: the page shows it for the point the pointer is on.
     */
    private ObjectNode frame() {
        double[] user = what.user(model);
        Model at = what.shown(user);
        ObjectNode node = JSON.createObjectNode().put("epoch", epoch).put("loss", loss);
        ArrayNode params = node.putArray("params");
        for (double v : user) {
            params.add(v);
        }
        Dataset rows = what.shownRows();
        double[] prediction = new double[1];
        if (what.curveColumn() >= 0) {
            double from = Double.POSITIVE_INFINITY;
            double to = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows.rowCount(); i++) {
                from = Math.min(from, rows.feature(i, 0));
                to = Math.max(to, rows.feature(i, 0));
            }
            ArrayNode curve = node.putArray("curve");
            for (int i = 0; i < CURVE_POINTS; i++) {
                double x = from + (to - from) * i / (CURVE_POINTS - 1);
                at.predict(new double[] {x}, 0, prediction);
                number(curve.addArray().add(x), prediction[0]);
            }
        }
        ArrayNode predicted = node.putArray("predicted");
        ArrayNode parts = node.putArray("contributions");
        double[] derivative = new double[1];
        for (int i : shown) {
            double[] row = rows.row(i);
            at.predict(row, 0, prediction);
            number(predicted, prediction[0]);
            settings.loss().valueAndDerivatives(prediction, rows.target(i), derivative);
            double[] part = new double[user.length];
            at.addGradient(row, 0, derivative, part);
            ArrayNode entry = number(parts.addArray(), derivative[0]);
            for (double v : part) {
                number(entry, v);
            }
        }
        return node;
    }

    /** Adds {@code value}, or null where it is not a number (JSON has none). */
    private static ArrayNode number(ArrayNode array, double value) {
        return Double.isFinite(value) ? array.add(value) : array.addNull();
    }

    /**
     * Queues an event for the tab: never waits, so the lock is never held on a slow connection. The payload is built
     * only when a tab listens (a new session's first events are built when its tab attaches).
     */
    private void send(String event, Supplier<JsonNode> payload) {
        if (events != null) {
            events.send(event, payload.get().toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        pause();
        clock.shutdownNow();
    }
}
