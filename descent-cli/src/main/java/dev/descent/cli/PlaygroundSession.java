package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.cli.plot.Contours;
import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.model.LinearModel;
import dev.descent.optim.OptimizerState;
import dev.descent.solve.Curvature;
import dev.descent.train.DivergenceException;
import dev.descent.train.Fit;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingListener;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One browser tab's training run in the playground: its data, model and optimizer state, stepped one
 * epoch at a time by the trainer itself (resumed from its state, so the run stepped here is the run
 * {@code fit} makes), and the event stream that tells the tab about every epoch.
 */
final class PlaygroundSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Epochs in a row the loss may grow, above where it started, before the run is stopped: the trainer's own rule. */
    private static final int GROWTH_LIMIT = 10;

    private final String id;
    private final ScheduledExecutorService clock;
    private Settings settings;
    private Dataset data;
    /** A tab's own file, trained on instead of generated points until the tab asks for those again. */
    private Dataset uploaded;
    private LinearModel model;
    private OptimizerState state;
    private int epoch;
    private double loss;
    private double startLoss;
    /** Epochs in a row whose loss grew. */
    private int rises;
    private EventStream events;
    private ScheduledFuture<?> playing;
    private volatile boolean closed;

    PlaygroundSession(String id, Settings settings) {
        this.id = id;
        this.clock = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "descent-session-" + id);
            thread.setDaemon(true);
            return thread;
        });
        reset(settings);
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
        send("data", dataEvent());
        send("frame", frame());
    }

    /** Back to the start, with {@code next} settings (and the data they describe). */
    synchronized void reset(Settings next) {
        pause();
        settings = next;
        data = uploaded != null ? uploaded : LessonData.generate(next.n(), 3, 8, next.noise(), next.seed());
        model = LinearModel.of(List.of("x"), new double[] {-1}, 1);
        state = null;
        epoch = 0;
        loss = next.objective(data).value(model);
        startLoss = loss;
        rises = 0;
        send("data", dataEvent());
        send("frame", frame());
    }

    /** Trains on {@code file} (one column of x, a target) from the start. */
    synchronized void upload(Dataset file) {
        uploaded = file;
        reset(settings);
    }

    /** Back to generated points, with {@code next} settings. */
    synchronized void generate(Settings next) {
        uploaded = null;
        reset(next);
    }

    synchronized void play(double epochsPerSecond) {
        pause();
        long period = Math.max(1, (long) (1_000_000 / epochsPerSecond));
        playing = clock.scheduleAtFixedRate(this::step, 0, period, TimeUnit.MICROSECONDS);
    }

    synchronized void pause() {
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
        double previous = loss;
        try {
            Fit fit = settings.trainer().fit(data, model, state, TrainingListener.NONE);
            model = (LinearModel) fit.model();
            state = fit.state();
            epoch++;
            loss = fit.history().finalLoss();
            send("frame", frame());
            rises = loss > previous ? rises + 1 : 0;
            if (rises >= GROWTH_LIMIT && loss > startLoss) {
                diverge("the loss grew for " + rises + " epochs in a row, to " + Text.number(loss) + " at epoch " + epoch
                        + " (it started at " + Text.number(startLoss) + ")");
            }
        } catch (DivergenceException e) {
            diverge("the loss stopped being a number at epoch " + (epoch + 1));
        }
    }

    private void diverge(String what) {
        pause();
        double curvature = Curvature.smoothness(data, true, settings.loss(), settings.penalty());
        String advice = Double.isNaN(curvature) ? ": the learning rate " + Text.number(settings.lr()) + " is probably too"
                + " large" : ": the learning rate " + Text.number(settings.lr()) + " is too large; gradient descent on this"
                + " loss is stable only below 2/L = " + Text.number(2 / curvature);
        send("diverged", JSON.createObjectNode().put("epoch", epoch).put("message", what + advice));
    }

    private ObjectNode dataEvent() {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode x = node.putArray("x");
        ArrayNode y = node.putArray("y");
        for (int i = 0; i < data.rowCount(); i++) {
            x.add(data.feature(i, 0));
            y.add(data.target(i));
        }
        node.set("settings", settings.json());
        node.set("contour", contour());
        return node;
    }

    /**
     * The loss over (a, b) as level curves, on a box that holds the start and the least-squares line with room to
     * spare: {@code box} (a from, a to, b from, b to) and {@code segments} (a1, b1, a2, b2 each).
     */
    private ObjectNode contour() {
        LinearModel optimum;
        try {
            optimum = dev.descent.solve.LeastSquares.fit(data, true);
        } catch (dev.descent.data.DataException e) {
            optimum = model;
        }
        double a0 = Math.min(-1, optimum.weight(0));
        double a1 = Math.max(-1, optimum.weight(0));
        double b0 = Math.min(1, optimum.bias());
        double b1 = Math.max(1, optimum.bias());
        double padA = Math.max(1, (a1 - a0) / 2);
        double padB = Math.max(1, (b1 - b0) / 2);
        int grid = 41;
        double[] as = new double[grid];
        double[] bs = new double[grid];
        for (int i = 0; i < grid; i++) {
            as[i] = a0 - padA + (a1 - a0 + 2 * padA) * i / (grid - 1);
            bs[i] = b0 - padB + (b1 - b0 + 2 * padB) * i / (grid - 1);
        }
        Objective objective = settings.objective(data);
        ObjectNode node = JSON.createObjectNode();
        node.putArray("box").add(as[0]).add(as[grid - 1]).add(bs[0]).add(bs[grid - 1]);
        ArrayNode segments = node.putArray("segments");
        for (Contours.Segment s : Contours.levels(as, bs,
                (a, b) -> objective.value(LinearModel.of(List.of("x"), new double[] {a}, b)), 12)) {
            segments.addArray().add(s.x1()).add(s.y1()).add(s.x2()).add(s.y2());
        }
        return node;
    }

    /**
     * The current epoch: loss and parameters, and (up to {@value #CONTRIBUTIONS} rows) each row's own part of the
     * gradient, {@code dL_i/dy_pred * dy_pred/d(a, b)} by the model's chain rule: the page shows it for the point the
     * pointer is on.
     */
    private ObjectNode frame() {
        ObjectNode node = JSON.createObjectNode().put("epoch", epoch).put("loss", loss).put("a", model.weight(0))
                .put("b", model.bias());
        if (data.rowCount() <= CONTRIBUTIONS) {
            ArrayNode parts = node.putArray("contributions");
            double[] prediction = new double[1];
            double[] derivative = new double[1];
            for (int i = 0; i < data.rowCount(); i++) {
                double[] row = data.row(i);
                model.predict(row, 0, prediction);
                settings.loss().valueAndDerivatives(prediction, data.target(i), derivative);
                double[] part = new double[2];
                model.addGradient(row, 0, derivative, part);
                parts.addArray().add(derivative[0]).add(part[0]).add(part[1]);
            }
        }
        return node;
    }

    /** Rows whose gradient parts each frame carries. */
    private static final int CONTRIBUTIONS = 1000;

    /** Queues an event for the tab: never waits, so the lock is never held on a slow connection. */
    private void send(String event, JsonNode payload) {
        if (events != null) {
            events.send(event, payload.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        pause();
        clock.shutdownNow();
    }

    /** A tab's settings, read from its JSON and checked; a mistake is an IllegalArgumentException naming it. */
    record Settings(TrainingOptions.OptimizerName optimizer, double lr, LossOption lossName, int batch, double l2,
                    long seed, int n, double noise) {
        private static final List<TrainingOptions.OptimizerName> OPTIMIZERS = List.of(TrainingOptions.OptimizerName.gd,
                TrainingOptions.OptimizerName.momentum, TrainingOptions.OptimizerName.nesterov,
                TrainingOptions.OptimizerName.adagrad, TrainingOptions.OptimizerName.rmsprop,
                TrainingOptions.OptimizerName.adam, TrainingOptions.OptimizerName.adamw);
        private static final List<LossOption> LOSSES = List.of(LossOption.mse, LossOption.sse, LossOption.mae,
                LossOption.huber);

        static Settings of(JsonNode json) {
            TrainingOptions.OptimizerName optimizer = OPTIMIZERS.stream()
                    .filter(o -> o.name().equals(json.path("optimizer").asText("gd"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("optimizer must be one of " + OPTIMIZERS + ", got "
                            + json.path("optimizer")));
            LossOption loss = LOSSES.stream().filter(l -> l.name().equals(json.path("loss").asText("mse"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("loss must be one of " + LOSSES + ", got "
                            + json.path("loss")));
            double lr = number(json, "lr", 0.1, Double.MIN_VALUE, 1e6);
            int batch = (int) number(json, "batch", 0, 0, 100_000);
            double l2 = number(json, "l2", 0, 0, 1e6);
            long seed = (long) number(json, "seed", 42, -1e15, 1e15);
            int n = (int) number(json, "n", 30, 2, 100_000);
            double noise = number(json, "noise", 0, 0, 1e6);
            return new Settings(optimizer, lr, loss, batch, l2, seed, n, noise);
        }

        private static double number(JsonNode json, String key, double otherwise, double low, double high) {
            JsonNode node = json.path(key);
            // a number, or a number's text as a form field sends it; not true, not an array
            double value = node.isMissingNode() || node.isNull() ? otherwise
                    : node.isNumber() ? node.asDouble()
                    : node.isTextual() && node.asText().strip().matches("-?[0-9.]+([eE][+-]?[0-9]+)?") ? node.asDouble(Double.NaN)
                    : Double.NaN;
            if (!(value >= low && value <= high)) {
                String from = low == Double.MIN_VALUE ? "above 0" : "from " + Text.number(low);
                throw new IllegalArgumentException(key + " must be a number " + from + " to " + Text.number(high)
                        + ", got " + node);
            }
            return value;
        }

        Loss loss() {
            return lossName.loss(1, 0.5);
        }

        Penalty penalty() {
            return new Penalty(0, l2);
        }

        /** The loss the trainer minimises, penalty included: the one every view shows. */
        Objective objective(Dataset data) {
            return new Objective(loss(), data, penalty());
        }

        /** A trainer of one epoch, whose state the session carries from epoch to epoch. */
        Trainer trainer() {
            return Trainer.builder().loss(loss()).penalty(penalty())
                    .optimizer(TrainingOptions.optimizer(optimizer, lr, 0.9, 0.01)).batchSize(batch).seed(seed)
                    .epochs(1).build();
        }

        ObjectNode json() {
            return JSON.createObjectNode().put("optimizer", optimizer.name()).put("lr", lr).put("loss", lossName.name())
                    .put("batch", batch).put("l2", l2).put("seed", seed).put("n", n).put("noise", noise);
        }
    }
}
