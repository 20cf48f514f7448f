package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.data.Standardization;
import dev.descent.expr.Formula;
import dev.descent.expr.FormulaException;
import dev.descent.model.FormulaModel;
import dev.descent.loss.Softmax;
import dev.descent.optim.OptimizerState;
import dev.descent.model.LinearModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as a versioned JSON file. Doubles are written in their shortest exact decimal form, so a
 * model read back is bit-for-bit the model written.
 *
 * <pre>{"format": "descent-model", "format_version": 1, "descent_version": "...", "type": "linear",
 *  "features": [...], "target": "y", "intercept": true, "weights": [...], "bias": 0.0,
 *  "loss": "mse", "standardization": {"means": [...], "scales": [...]},
 *  "optimizer": {"name": "adam", "steps": 400, "epochs": 400, "slots": {"first_moment": [...], ...},
 *                "parameters": [...]},
 *  "training": {...}}</pre>
 *
 * <p>{@code polynomial_degree}, {@code standardization} and {@code optimizer} are present only when
 * they apply; {@code optimizer.parameters} are the parameters its state belongs to, in the space
 * training ran in.
 *
 * <p>A multi-class model (softmax) also has {@code "classes": [...]}, one label per class; its
 * {@code weights} are then one array per class and {@code bias} one number per class, as
 * scikit-learn's {@code coef_} and {@code intercept_}. Such a file is format version 2, so that a
 * Descent that cannot read it says so; a single-output model is still written as version 1.
 *
 * <p>A formula model is format version 3, {@code "type": "formula"}:
 *
 * <pre>{"format": "descent-model", "format_version": 3, "type": "formula", "formula": "a*exp(b*x) + c",
 *  "features": ["x"], "target": "y", "params": {"a": 1.5, "b": 0.7, "c": -0.5}, "loss": "mse",
 *  "optimizer": {"name": "lm"}, "training": {...}}</pre>
 *
 * {@code features} are the data columns the formula reads; {@code params} the other names, in the
 * model's order, with their values.
 */
public final class ModelFile {
    /** The newest format version this build writes and reads. */
    public static final int FORMAT_VERSION = 3;
    /** The version of a file with a model with one score per class. */
    private static final int CLASSES_VERSION = 2;
    /** The version of a file with a formula model, which Descent before formulas refuses as too new. */
    private static final int FORMULA_VERSION = 3;
    /** The version of a file with a single-output model, which Descent has read since its first version. */
    private static final int SINGLE_OUTPUT_VERSION = 1;
    private static final String FORMAT = "descent-model";
    /** The one loss whose model has an output per class. */
    private static final String SOFTMAX = new Softmax().name();
    private static final String FORMULA = "formula";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /** Writes a model with only its target and a training summary. */
    public static void save(Path file, LinearModel model, String target, ObjectNode training) throws IOException {
        save(file, new SavedModel(model, 1, target, "mse", null, null, null, null, training));
    }

    /** Writes {@code saved} to {@code file} atomically. */
    public static void save(Path file, SavedModel saved) throws IOException {
        LinearModel model = saved.model();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        boolean classes = model.outputCount() > 1;
        root.put("format_version", classes ? CLASSES_VERSION : SINGLE_OUTPUT_VERSION);
        root.put("descent_version", BuildInfo.version());
        root.put("type", "linear");
        ArrayNode features = root.putArray("features");
        model.featureNames().forEach(features::add);
        root.put("target", saved.target());
        if (saved.degree() > 1) {
            root.put("polynomial_degree", saved.degree());
        }
        root.put("intercept", model.hasIntercept());
        putParameters(root, model);
        root.put("loss", saved.loss());
        if (saved.standardization() != null) {
            ObjectNode standardization = root.putObject("standardization");
            numbers(standardization.putArray("means"), saved.standardization().means());
            numbers(standardization.putArray("scales"), saved.standardization().scales());
        }
        putOptimizer(root, saved.optimizer(), saved.state(), saved.resumeFrom());
        write(file, root, saved.training());
    }

    /** Writes a formula model to {@code file} atomically. */
    public static void save(Path file, SavedFormula saved) throws IOException {
        FormulaModel model = saved.model();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMULA_VERSION);
        root.put("descent_version", BuildInfo.version());
        root.put("type", FORMULA);
        root.put("formula", model.formula().text());
        ArrayNode features = root.putArray("features");
        model.columns().forEach(features::add);
        root.put("target", saved.target());
        putParams(root, model);
        root.put("loss", saved.loss());
        putOptimizer(root, saved.optimizer(), saved.state(), null);
        write(file, root, saved.training());
    }

    /** The optimizer's name and, when there is one, its state (and the parameters it belongs to, unless null). */
    private static void putOptimizer(ObjectNode root, String name, OptimizerState state, double[] parameters) {
        if (name == null) {
            return;
        }
        ObjectNode optimizer = root.putObject("optimizer");
        optimizer.put("name", name);
        if (state != null) {
            putState(optimizer, state);
            if (parameters != null) {
                numbers(optimizer.putArray("parameters"), parameters);
            }
        }
    }

    /** An optimizer state's steps, epochs and slots, as model files and checkpoints hold them. */
    static void putState(ObjectNode node, OptimizerState state) {
        node.put("steps", state.steps());
        node.put("epochs", state.epochs());
        ObjectNode slots = node.putObject("slots");
        state.slots().forEach((slot, values) -> numbers(slots.putArray(slot), values));
    }

    private static void write(Path file, ObjectNode root, ObjectNode training) throws IOException {
        root.set("training", training);
        String text = JSON.writeValueAsString(root) + "\n";
        AtomicFile.write(file, out -> out.write(text));
    }

    /** Puts a formula model's {@code params}, an object of name to value in the model's order, into {@code root}. */
    public static void putParams(ObjectNode root, FormulaModel model) {
        ObjectNode params = root.putObject("params");
        double[] values = model.parameters();
        for (int k = 0; k < values.length; k++) {
            params.put(model.parameterNames().get(k), values[k]);
        }
    }

    /** Reads the model of a file written by {@link #save}. */
    public static LinearModel load(Path file) throws DescentException {
        return read(file).model();
    }

    /** Reads a file with a linear model; a formula model's file is refused, naming its formula. */
    public static SavedModel read(Path file) throws DescentException {
        SavedFile saved = readAny(file);
        if (saved instanceof SavedFormula formula) {
            throw new DescentException(file + ": a formula model (" + formula.model().formula().text()
                    + "), where a linear model is needed");
        }
        return (SavedModel) saved;
    }

    /** Reads a file written by {@link #save}; a damaged file or one from a newer format gives a clear error. */
    public static SavedFile readAny(Path file) throws DescentException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new DescentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            // Jackson's own words, without its notes to programmers (the source it hides, a feature to enable)
            String what = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*", "")
                    .replaceAll("\\s*\\[Source:.*", "").replaceAll(": enable `.*", "");
            throw new DescentException(file + " line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": not a valid JSON model file (" + what
                    + (e instanceof com.fasterxml.jackson.core.io.JsonEOFException ? "; the file ends early: was it cut"
                    + " short?" : "") + ")");
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
        if (version >= FORMULA_VERSION && FORMULA.equals(root.path("type").asText())) {
            return formula(file, root);
        }
        if (version < 1 || !"linear".equals(root.path("type").asText())) {
            throw new DescentException(file + ": unsupported model (format_version " + version + ", type "
                    + root.path("type") + ")");
        }
        List<String> features = new ArrayList<>();
        root.path("features").forEach(name -> features.add(name.asText()));
        if (features.isEmpty()) {
            throw new DescentException(file + ": damaged model: no features");
        }
        JsonNode interceptNode = root.path("intercept");
        if (!interceptNode.isBoolean()) {
            throw new DescentException(file + ": damaged model: intercept is " + interceptNode + ", expected true or false");
        }
        boolean intercept = interceptNode.asBoolean();
        LinearModel model = root.has("classes") ? classModel(file, root, features, intercept)
                : singleModel(file, root, features, intercept);
        int d = features.size();
        String loss = root.path("loss").asText("mse");
        if (loss.equals(SOFTMAX) != model.outputCount() > 1) {
            throw new DescentException(file + ": damaged model: the " + loss + " loss with " + model.outputCount()
                    + " output" + (model.outputCount() > 1 ? "s" : "") + "; a softmax model, and only one, has classes");
        }
        Standardization standardization = null;
        JsonNode s = root.path("standardization");
        if (!s.isMissingNode()) {
            double[] means = numbers(file, s.path("means"), "standardization.means");
            double[] scales = numbers(file, s.path("scales"), "standardization.scales");
            if (means.length != d || scales.length != d) {
                throw new DescentException(file + ": damaged model: the standardization does not match the " + d
                        + " features");
            }
            try {
                standardization = new Standardization(means, scales);
            } catch (IllegalArgumentException e) {
                throw new DescentException(file + ": damaged model: standardization " + e.getMessage());
            }
        }
        String optimizer = null;
        OptimizerState state = null;
        double[] resumeFrom = null;
        JsonNode o = root.path("optimizer");
        if (!o.isMissingNode()) {
            optimizer = o.path("name").asText();
            // Files from before the training-space parameters were saved carry no state that can be resumed exactly.
            if (o.has("steps") && o.has("parameters")) {
                int p = model.parameterNames().size();
                state = state(file, o, p);
                resumeFrom = numbers(file, o.path("parameters"), "optimizer.parameters");
                if (resumeFrom.length != p) {
                    throw new DescentException(file + ": damaged model: optimizer.parameters has " + resumeFrom.length
                            + " values, expected " + p);
                }
            }
        }
        ObjectNode training = root.path("training") instanceof ObjectNode t ? t : JSON.createObjectNode();
        int degree = root.path("polynomial_degree").asInt(1);
        if (degree < 1 || (degree > 1 && d != degree)) {
            throw new DescentException(file + ": damaged model: polynomial_degree " + degree + " with " + d
                    + " features");
        }
        return new SavedModel(model, degree, root.path("target").asText(), loss,
                standardization, optimizer, state, resumeFrom, training);
    }

    private static SavedFormula formula(Path file, JsonNode root) throws DescentException {
        Formula formula;
        try {
            formula = Formula.parse(root.path("formula").asText(""));
        } catch (FormulaException e) {
            throw new DescentException(file + ": damaged model: " + e.getMessage());
        }
        List<String> features = new ArrayList<>();
        root.path("features").forEach(name -> features.add(name.asText()));
        JsonNode params = root.path("params");
        if (!params.isObject()) {
            throw new DescentException(file + ": damaged model: params is " + params + ", expected an object of name to value");
        }
        List<String> names = formula.parameters(features);
        if (features.isEmpty()) {
            throw new DescentException(file + ": damaged model: no features; the formula " + formula.text()
                    + " must read at least one column");
        }
        if (!formula.columns(features).equals(features)) {
            throw new DescentException(file + ": damaged model: the formula " + formula.text() + " reads the columns "
                    + formula.columns(features) + ", but features is " + features);
        }
        List<String> stored = new ArrayList<>();
        params.fieldNames().forEachRemaining(stored::add);
        if (!stored.equals(names)) {
            throw new DescentException(file + ": damaged model: params names " + stored + ", but the formula's parameters"
                    + " are " + names);
        }
        double[] values = new double[names.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = number(file, params.get(names.get(k)), "params." + names.get(k));
        }
        FormulaModel model = FormulaModel.of(formula, features, values);
        JsonNode o = root.path("optimizer");
        OptimizerState state = o.has("steps") ? state(file, o, values.length) : null;
        ObjectNode training = root.path("training") instanceof ObjectNode t ? t : JSON.createObjectNode();
        return new SavedFormula(model, root.path("target").asText(), root.path("loss").asText("mse"),
                o.isMissingNode() ? null : o.path("name").asText(), state, training);
    }

    /** The optimizer state under {@code o}, for {@code p} parameters. */
    static OptimizerState state(Path file, JsonNode o, int p) throws DescentException {
        Map<String, double[]> slots = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> slot : o.path("slots").properties()) {
            double[] values = numbers(file, slot.getValue(), "optimizer.slots." + slot.getKey());
            if (values.length != p) {
                throw new DescentException(file + ": damaged model: optimizer slot " + slot.getKey() + " has "
                        + values.length + " values, expected " + p);
            }
            slots.put(slot.getKey(), values);
        }
        OptimizerState state = new OptimizerState(p, Double.NaN);
        state.restore(o.path("steps").asLong(), slots);
        state.setEpochs(o.path("epochs").asLong());
        return state;
    }

    private static LinearModel singleModel(Path file, JsonNode root, List<String> features, boolean intercept)
            throws DescentException {
        double[] w = numbers(file, root.path("weights"), "weights");
        if (w.length != features.size()) {
            throw new DescentException(file + ": damaged model: expected one weight per feature, found "
                    + w.length + (w.length == 1 ? " weight and " : " weights and ") + features.size()
                    + (features.size() == 1 ? " feature" : " features"));
        }
        return intercept ? LinearModel.of(features, w, number(file, root.path("bias"), "bias"))
                : LinearModel.withoutIntercept(features, w);
    }

    private static LinearModel classModel(Path file, JsonNode root, List<String> features, boolean intercept)
            throws DescentException {
        List<String> classes = new ArrayList<>();
        root.path("classes").forEach(name -> classes.add(name.asText()));
        if (classes.size() < 2 || classes.stream().distinct().count() != classes.size()) {
            throw new DescentException(file + ": damaged model: classes is " + root.path("classes")
                    + ", expected at least two distinct labels");
        }
        JsonNode rows = root.path("weights");
        if (!rows.isArray() || rows.size() != classes.size()) {
            throw new DescentException(file + ": damaged model: expected one array of weights per class (" + classes.size()
                    + "), found " + rows);
        }
        int d = features.size();
        double[] w = new double[classes.size() * d];
        for (int c = 0; c < classes.size(); c++) {
            double[] row = numbers(file, rows.get(c), "weights[" + c + "]");
            if (row.length != d) {
                throw new DescentException(file + ": damaged model: weights[" + c + "] has " + row.length
                        + " values, expected one per feature (" + d + ")");
            }
            System.arraycopy(row, 0, w, c * d, d);
        }
        double[] b = intercept ? numbers(file, root.path("bias"), "bias") : new double[classes.size()];
        if (b.length != classes.size()) {
            throw new DescentException(file + ": damaged model: bias has " + b.length + " values, expected one per class ("
                    + classes.size() + ")");
        }
        return LinearModel.ofOutputs(features, classes, w, b, intercept);
    }

    /**
     * Puts a model's {@code weights} and {@code bias} into {@code root}: an array and a number, or, for
     * a model with one score per class, its {@code classes}, one array of weights per class and an
     * array of biases. The model file and {@code fit --format json} both write them so.
     */
    public static void putParameters(ObjectNode root, LinearModel model) {
        if (model.outputCount() == 1) {
            numbers(root.putArray("weights"), model.weights());
            root.put("bias", model.bias());
            return;
        }
        ArrayNode labels = root.putArray("classes");
        model.outputNames().forEach(labels::add);
        ArrayNode weights = root.putArray("weights");
        int d = model.featureCount();
        double[] w = model.weights();
        for (int c = 0; c < model.outputCount(); c++) {
            numbers(weights.addArray(), Arrays.copyOfRange(w, c * d, c * d + d));
        }
        numbers(root.putArray("bias"), model.biases());
    }

    static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }

    static double[] numbers(Path file, JsonNode node, String what) throws DescentException {
        if (!node.isArray()) {
            throw new DescentException(file + ": damaged model: " + what + " is " + node + ", expected an array of numbers");
        }
        double[] values = new double[node.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = number(file, node.get(k), what + "[" + k + "]");
        }
        return values;
    }

    static double number(Path file, JsonNode node, String what) throws DescentException {
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new DescentException(file + ": damaged model: " + what + " is " + node + ", expected a finite number");
        }
        return node.asDouble();
    }
}
