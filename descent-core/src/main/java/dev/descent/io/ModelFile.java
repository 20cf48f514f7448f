package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.model.LinearModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear model as a versioned JSON file. Doubles are written in their shortest exact decimal
 * form, so a model read back is bit-for-bit the model written.
 *
 * <pre>{"format": "descent-model", "format_version": 1, "descent_version": "...", "type": "linear",
 *  "features": [...], "target": "y", "intercept": true, "weights": [...], "bias": 0.0,
 *  "training": {...}}</pre>
 */
public final class ModelFile {
    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    private static final String FORMAT = "descent-model";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /**
     * Writes {@code model} to {@code file} atomically.
     *
     * @param target   the name of the target the model predicts
     * @param training a summary of how it was fitted (loss, solver, epochs...), stored as given
     */
    public static void save(Path file, LinearModel model, String target, ObjectNode training) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("descent_version", BuildInfo.version());
        root.put("type", "linear");
        ArrayNode features = root.putArray("features");
        model.featureNames().forEach(features::add);
        root.put("target", target);
        root.put("intercept", model.hasIntercept());
        ArrayNode weights = root.putArray("weights");
        for (double w : model.weights()) {
            weights.add(w);
        }
        root.put("bias", model.bias());
        root.set("training", training);
        String text = JSON.writeValueAsString(root) + "\n";
        AtomicFile.write(file, out -> out.write(text));
    }

    /** Reads a model written by {@link #save}; a damaged file or one from a newer format gives a clear error. */
    public static LinearModel load(Path file) throws DescentException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new DescentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new DescentException(file + " line " + e.getLocation().getLineNr() + ": not a valid JSON model file ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new DescentException(file + ": cannot read the file (" + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new DescentException(file + ": not a Descent model file (expected \"format\": \"" + FORMAT + "\")");
        }
        JsonNode versionNode = root.path("format_version");
        if (!versionNode.isIntegralNumber()) {
            throw new DescentException(file + ": damaged model: format_version is " + versionNode + ", expected an integer");
        }
        int version = versionNode.asInt();
        if (version > FORMAT_VERSION) {
            throw new DescentException(file + ": written in model format " + version + " by Descent "
                    + root.path("descent_version").asText("?") + "; this Descent " + BuildInfo.version()
                    + " reads formats up to " + FORMAT_VERSION + ": upgrade Descent");
        }
        if (version < 1 || !"linear".equals(root.path("type").asText())) {
            throw new DescentException(file + ": unsupported model (format_version " + version + ", type "
                    + root.path("type") + ")");
        }
        List<String> features = new ArrayList<>();
        root.path("features").forEach(name -> features.add(name.asText()));
        JsonNode weights = root.path("weights");
        if (!weights.isArray() || weights.size() != features.size() || features.isEmpty()) {
            throw new DescentException(file + ": damaged model: expected one weight per feature, found "
                    + weights.size() + " weights and " + features.size() + " features");
        }
        double[] w = new double[weights.size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = number(file, weights.get(j), "weights[" + j + "]");
        }
        JsonNode interceptNode = root.path("intercept");
        if (!interceptNode.isBoolean()) {
            throw new DescentException(file + ": damaged model: intercept is " + interceptNode + ", expected true or false");
        }
        boolean intercept = interceptNode.asBoolean();
        return intercept ? LinearModel.of(features, w, number(file, root.path("bias"), "bias"))
                : LinearModel.withoutIntercept(features, w);
    }

    private static double number(Path file, JsonNode node, String what) throws DescentException {
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new DescentException(file + ": damaged model: " + what + " is " + node + ", expected a finite number");
        }
        return node.asDouble();
    }
}
