package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.model.LinearModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files: a saved model reads back bit for bit; damaged files are refused clearly; saving is all or nothing. */
class ModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ObjectNode training() {
        return JsonNodeFactory.instance.objectNode().put("loss", "mse").put("epochs", 400);
    }

    /** Hard doubles for a decimal round trip: signed zeros, subnormals, extremes, and random bit patterns. */
    private static double[] awkwardDoubles(Random random, int count) {
        List<Double> values = new ArrayList<>(List.of(0.1, 1e-300, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1.0 / 3,
                2e23, 5e-324 * 3, 9007199254740993.0, 123456789.125, Math.PI, -Math.E, 1e22, 1e23, 4.35, 2.0e-3));
        while (values.size() < count) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                values.add(v);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<String> names(int d) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add(j == 0 ? "naïve \"quoted\", with comma" : "x" + j);
        }
        return names;
    }

    private static void assertSameBits(LinearModel expected, LinearModel actual) {
        assertEquals(expected.featureNames(), actual.featureNames());
        assertEquals(expected.hasIntercept(), actual.hasIntercept());
        double[] e = expected.parameters();
        double[] a = actual.parameters();
        assertEquals(e.length, a.length);
        for (int k = 0; k < e.length; k++) {
            assertEquals(Double.doubleToRawLongBits(e[k]), Double.doubleToRawLongBits(a[k]),
                    "parameter " + k + ": wrote " + e[k] + ", read " + a[k]);
        }
        assertEquals(expected, actual);
    }

    @Test
    void savedModelsReadBackBitForBit() throws IOException, DescentException {
        Random random = new Random(99);
        double[] values = awkwardDoubles(random, 2000);
        int d = 50;
        for (int start = 0; start + d + 1 <= values.length; start += d + 1) {
            double[] w = java.util.Arrays.copyOfRange(values, start, start + d);
            LinearModel model = LinearModel.of(names(d), w, values[start + d]);
            Path file = dir.resolve("model" + start + ".json");
            ModelFile.save(file, model, "y", training());
            assertSameBits(model, ModelFile.load(file));
        }
        LinearModel through = LinearModel.withoutIntercept(names(3), new double[] {-0.0, 0.1, 1e-300});
        Path file = dir.resolve("nointercept.json");
        ModelFile.save(file, through, "y", training());
        assertSameBits(through, ModelFile.load(file));
    }

    @Test
    void aFileFromBeforeTheResumableStateStillLoads() throws IOException, DescentException {
        // As the first model files were written: the optimizer's steps and slots, but not the parameters they go with.
        Path file = saved("old.json");
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ObjectNode optimizer = root.putObject("optimizer");
        optimizer.put("name", "adam");
        optimizer.put("steps", 400);
        optimizer.put("epochs", 400);
        optimizer.putObject("slots").set("first_moment", JSON.valueToTree(List.of(0.1, 0.2, 0.3, 0.4)));
        Files.writeString(file, JSON.writeValueAsString(root));
        SavedModel read = ModelFile.read(file);
        assertSameBits(LinearModel.of(List.of("a", "b", "c"), new double[] {1, 2, 3}, 4), read.model());
        assertEquals("adam", read.optimizer());
        assertNull(read.state(), "no exact resume without the parameters the state goes with");
    }

    private Path saved(String name) throws IOException {
        Path file = dir.resolve(name);
        ModelFile.save(file, LinearModel.of(List.of("a", "b", "c"), new double[] {1, 2, 3}, 4), "y", training());
        return file;
    }

    /** Rewrites one field of a saved model file. */
    private Path edited(String name, String field, Object value) throws IOException {
        Path file = saved(name);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        root.set(field, JSON.valueToTree(value));
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    private static String refusal(Path file) {
        DescentException e = assertThrows(DescentException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains(file.toString()), "the message should name the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedFile() throws IOException {
        Path file = saved("truncated.json");
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));
        String message = refusal(file);
        assertTrue(message.contains("not a valid JSON model file") && message.contains("line "), message);
    }

    @Test
    void wrongFormat() throws IOException {
        String message = refusal(edited("wrongformat.json", "format", "something-else"));
        assertTrue(message.contains("not a Descent model file"), message);
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1, 2, 3]");
        assertTrue(refusal(array).contains("not a Descent model file"));
    }

    @Test
    void weightCountMismatch() throws IOException {
        String message = refusal(edited("mismatch.json", "weights", List.of(1.0, 2.0)));
        assertTrue(message.contains("one weight per feature") && message.contains("2 weights")
                && message.contains("3 features"), message);
    }

    @Test
    void weightThatIsNotANumber() throws IOException {
        String message = refusal(edited("text.json", "weights", List.of(1.0, "abc", 3.0)));
        assertTrue(message.contains("weights[1]") && message.contains("finite number"), message);
    }

    @Test
    void newerFormatVersion() throws IOException {
        String message = refusal(edited("future.json", "format_version", 99));
        assertTrue(message.contains("format 99") && message.contains("up to " + ModelFile.FORMAT_VERSION)
                && message.contains("upgrade"), message);
    }

    @Test
    void missingFile() {
        String message = refusal(dir.resolve("absent.json"));
        assertTrue(message.contains("no such file"), message);
    }

    @Test
    void savingIntoAMissingFolderFailsAndLeavesNothing() throws IOException {
        Path folder = dir.resolve("missing");
        Path file = folder.resolve("model.json");
        assertThrows(IOException.class,
                () -> ModelFile.save(file, LinearModel.zeros(List.of("x"), true), "y", training()));
        assertFalse(Files.exists(folder));
        assertFalse(Files.exists(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "nothing may be left in the parent folder");
        }
    }

    @Test
    void savingOverAFileReplacesItWhole() throws IOException, DescentException {
        Path file = dir.resolve("model.json");
        // A longer old file: if the new content were written over it in place, its tail would survive.
        String old = "OLD CONTENT " + "x".repeat(100_000) + "\n";
        Files.writeString(file, old);
        LinearModel model = LinearModel.of(List.of("x"), new double[] {0.1}, -0.0);
        ModelFile.save(file, model, "y", training());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(text.contains("OLD CONTENT") || text.contains("xxxx"), "the old content survived");
        assertTrue(text.length() < 2000, "unexpectedly long: " + text.length());
        JSON.readTree(text); // the whole file is one JSON document
        assertSameBits(model, ModelFile.load(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file may be left beside the model");
        }
    }

    @Test
    void savedFilesGetTheUsualPermissionsAndKeepThoseOfTheFileTheyReplace() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain.txt")); // what a newly created file gets here
        Path fresh = dir.resolve("fresh.json");
        ModelFile.save(fresh, LinearModel.zeros(List.of("x"), true), "y", training());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh));

        Path shared = dir.resolve("shared.json");
        Files.writeString(shared, "{}");
        Set<PosixFilePermission> readable = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(shared, readable);
        ModelFile.save(shared, LinearModel.zeros(List.of("x"), true), "y", training());
        assertEquals(readable, Files.getPosixFilePermissions(shared));
    }

    // ---- models with one score per class ----

    private static LinearModel classModel(Random random, boolean intercept) {
        double[] values = awkwardDoubles(random, 60);
        double[] w = java.util.Arrays.copyOfRange(values, 0, 12);
        double[] b = intercept ? java.util.Arrays.copyOfRange(values, 12, 15) : new double[3];
        return LinearModel.ofOutputs(names(4), List.of("setosa", "3", "naïve, \"quoted\""), w, b, intercept);
    }

    @Test
    void aClassModelReadsBackBitForBitAsFormatVersion2() throws IOException, DescentException {
        Random random = new Random(5);
        for (boolean intercept : new boolean[] {true, false}) {
            LinearModel model = classModel(random, intercept);
            Path file = dir.resolve("classes" + intercept + ".json");
            ModelFile.save(file, new SavedModel(model, 1, "species", "softmax", null, null, null, null, training()));
            assertSameBits(model, ModelFile.load(file));
            assertEquals(model.outputNames(), ModelFile.load(file).outputNames());
            ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
            assertEquals(2, root.get("format_version").asInt());
            assertEquals(3, root.get("weights").size());
            assertEquals(4, root.get("weights").get(0).size());
            // The file itself, read by Jackson rather than by ModelFile: class c's row holds w[c*d .. c*d + d).
            double[] w = model.weights();
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(Double.doubleToRawLongBits(w[c * 4 + j]),
                            Double.doubleToRawLongBits(root.get("weights").get(c).get(j).asDouble()), "weight " + c + "," + j);
                }
                assertEquals(Double.doubleToRawLongBits(model.biases()[c]),
                        Double.doubleToRawLongBits(root.get("bias").get(c).asDouble()), "bias " + c);
                assertEquals(model.outputNames().get(c), root.get("classes").get(c).asText());
            }
        }
        // A single-output model stays readable by the first Descent.
        assertEquals(1, JSON.readTree(saved("single.json").toFile()).get("format_version").asInt());
    }

    @Test
    void aClassModelWithAShortRowOfWeightsOrNoClassesIsDamaged() throws IOException {
        Path file = dir.resolve("short.json");
        ModelFile.save(file, new SavedModel(classModel(new Random(6), true), 1, "y", "softmax", null, null, null, null,
                training()));
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("weights").get(1)).remove(0);
        Files.writeString(file, JSON.writeValueAsString(root));
        assertTrue(refusal(file).contains("weights[1] has 3 values"), refusal(file));

        root.remove("classes");
        root.set("weights", JSON.valueToTree(new double[] {1, 2, 3, 4}));
        root.put("bias", 0.5);
        Files.writeString(file, JSON.writeValueAsString(root));
        assertTrue(refusal(file).contains("softmax"), refusal(file));
    }
}
