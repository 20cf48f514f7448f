package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.train.Checkpoint;
import dev.descent.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training run's checkpoint in a folder ({@value #NAME}, written whole or not at all): what the run was asked (its
 * command line), the data it read (their fingerprint), and the {@link Checkpoint}. Doubles are written in their
 * shortest exact form and read back to the same bits; a loss that is not a number (NaN, infinity) as its name.
 */
public final class CheckpointFile {
    public static final String NAME = "checkpoint.json";
    private static final String FORMAT = "descent-checkpoint";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A checkpoint read back: the command line that made it, its data's fingerprint, and where the run stood. */
    public record Saved(List<String> args, String fingerprint, List<String> names, Checkpoint checkpoint) {
    }

    private CheckpointFile() {
    }

    /**
     * Writes {@code dir}/{@value #NAME}, replacing the one before only once the new one is whole. Without
     * {@code withPath} the history keeps its losses but not each epoch's parameters (read back as NaN): a run that
     * writes no history or pictures needs none, and they are most of a checkpoint's size.
     */
    public static void write(Path dir, List<String> args, String fingerprint, List<String> names, Checkpoint c,
                             boolean withPath) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("format_version", VERSION)
                .put("descent_version", BuildInfo.version());
        args.forEach(root.putArray("args")::add);
        root.put("data_fingerprint", fingerprint);
        names.forEach(root.putArray("parameter_names")::add);
        root.put("epoch", c.epoch());
        ModelFile.numbers(root.putArray("parameters"), c.parameters());
        ModelFile.numbers(root.putArray("gradient"), c.gradient());
        root.set("loss", value(c.loss()));
        ModelFile.putState(root.putObject("optimizer"), c.state());
        History h = c.history();
        ObjectNode history = root.putObject("history");
        history.set("initial_loss", value(h.initialLoss()));
        ArrayNode losses = history.putArray("losses");
        ArrayNode validation = history.putArray("validation_losses");
        ArrayNode path = withPath ? history.putArray("parameters") : null;
        for (int e = 1; e <= h.epochs(); e++) {
            losses.add(value(h.loss(e)));
            validation.add(value(h.validationLoss(e)));
            if (path != null) {
                ModelFile.numbers(path.addArray(), h.parameters(e));
            }
        }
        root.set("best_validation", value(c.bestValidation()));
        if (c.best() != null) {
            ModelFile.numbers(root.putArray("best"), c.best());
        }
        root.put("since_best", c.sinceBest()).put("rises", c.rises());
        String text = JSON.writeValueAsString(root) + "\n";
        AtomicFile.write(dir.resolve(NAME), out -> out.write(text));
    }

    /** The checkpoint in {@code dir}; a missing or damaged one is a DescentException that says so. */
    public static Saved read(Path dir) throws DescentException {
        Path file = dir.resolve(NAME);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new DescentException(dir + ": no checkpoint yet (" + NAME + "): the run stopped before its first one;"
                    + " start it again");
        } catch (JsonProcessingException e) {
            throw new DescentException(file + " line " + e.getLocation().getLineNr() + ": not a valid checkpoint ("
                    + e.getOriginalMessage().replaceAll("\\s*\\[Source:.*", "") + ")");
        } catch (IOException e) {
            throw new DescentException(file + ": cannot read the file (" + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new DescentException(file + ": not a Descent checkpoint (expected \"format\": \"" + FORMAT + "\")");
        }
        if (root.path("format_version").asInt() != VERSION) {
            throw new DescentException(file + ": a checkpoint of format " + root.path("format_version") + "; this Descent"
                    + " reads format " + VERSION + " (resume it with the Descent that wrote it)");
        }
        try {
            List<String> args = texts(root.path("args"));
            List<String> names = texts(root.path("parameter_names"));
            int p = names.size();
            double[] parameters = sized(file, root.path("parameters"), "parameters", p);
            double[] gradient = sized(file, root.path("gradient"), "gradient", p);
            JsonNode h = root.path("history");
            int epochs = h.path("losses").size();
            double[] losses = new double[epochs];
            double[] validation = new double[epochs];
            List<double[]> path = new ArrayList<>(epochs);
            for (int e = 0; e < epochs; e++) {
                losses[e] = value(file, h.path("losses").get(e), "history.losses");
                validation[e] = value(file, h.path("validation_losses").get(e), "history.validation_losses");
                if (h.has("parameters")) {
                    path.add(sized(file, h.path("parameters").get(e), "history.parameters", p));
                } else {
                    double[] unknown = new double[p];
                    java.util.Arrays.fill(unknown, Double.NaN);
                    path.add(unknown);
                }
            }
            int epoch = root.path("epoch").asInt(-1);
            if (epoch != epochs) {
                throw damaged(file, "epoch " + root.path("epoch") + " but a history of " + epochs + " epochs");
            }
            History history = History.restored(names, value(file, h.path("initial_loss"), "history.initial_loss"),
                    losses, validation, path);
            JsonNode best = root.path("best");
            Checkpoint checkpoint = new Checkpoint(epoch, parameters, gradient, value(file, root.path("loss"), "loss"),
                    ModelFile.state(file, root.path("optimizer"), p), history,
                    value(file, root.path("best_validation"), "best_validation"),
                    best.isMissingNode() ? null : sized(file, best, "best", p), root.path("since_best").asInt(),
                    root.path("rises").asInt());
            return new Saved(args, root.path("data_fingerprint").asText(), names, checkpoint);
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        }
    }

    private static DescentException damaged(Path file, String what) {
        return new DescentException(file + ": damaged checkpoint: " + what);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static double[] sized(Path file, JsonNode node, String what, int p) throws DescentException {
        double[] values = ModelFile.numbers(file, node == null ? com.fasterxml.jackson.databind.node.MissingNode
                .getInstance() : node, what);
        if (values.length != p) {
            throw damaged(file, what + " has " + values.length + " values, expected " + p);
        }
        return values;
    }

    /** A double as JSON: a number, or the name of one JSON has not (NaN, Infinity, -Infinity). */
    private static JsonNode value(double v) {
        return Double.isFinite(v) ? JSON.getNodeFactory().numberNode(v) : JSON.getNodeFactory().textNode(Double.toString(v));
    }

    private static double value(Path file, JsonNode node, String what) throws DescentException {
        if (node != null && node.isNumber()) {
            return node.asDouble();
        }
        if (node != null && node.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(node.asText())) {
            return Double.parseDouble(node.asText());
        }
        throw damaged(file, what + " is " + node + ", expected a number");
    }
}
