package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --init-model}: continuing a saved run, with its optimizer state, as if it had never stopped. */
class WarmStartTest {
    @TempDir
    Path dir;

    private final Lesson lesson = new Lesson(30, 3, 8, 42);

    @Test
    void tenPlusTenAdamEpochsAreTwentyEpochsBitForBit() throws IOException {
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, lesson.csv());
        Path m1 = dir.resolve("m1.json");
        Path m2 = dir.resolve("m2.json");
        String[] adam = {"--target", "y", "--optimizer", "adam", "--lr", "0.1", "--format", "json"};
        Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "10", "--out", m1.toString()));
        JsonNode resumed = Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "10", "--init-model", m1.toString(),
                "--out", m2.toString()));
        JsonNode once = Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "20"));

        assertEquals(bits(once.get("weights").get(0)), bits(resumed.get("weights").get(0)), "a, bit for bit");
        assertEquals(bits(once.get("bias")), bits(resumed.get("bias")), "b, bit for bit");

        // Both are Adam's 20 steps, computed here from the paper's algorithm (a few ulps of summation-order
        // difference per step; Adam's normalised steps do not amplify them beyond ~1e-13 in 20 steps).
        double[][] hand = Hand.adam(Hand.column(lesson.x), lesson.y, 2, 0.1, 20);
        assertEquals(hand[0][0], once.get("weights").get(0).asDouble(), 1e-12);
        assertEquals(hand[0][1], once.get("bias").asDouble(), 1e-12);

        JsonNode first = Reference.read(m1);
        JsonNode second = Reference.read(m2);
        assertEquals("adam", first.get("optimizer").get("name").asText());
        assertEquals(10, first.get("optimizer").get("steps").asLong());
        assertEquals("adam", second.get("optimizer").get("name").asText());
        assertEquals(20, second.get("optimizer").get("steps").asLong());
        assertEquals(20, second.get("optimizer").get("epochs").asLong());
        // The saved moments are Adam's m and v after 20 steps, in the order (a, b).
        JsonNode slots = second.get("optimizer").get("slots");
        double[] m = Reference.doubles(slots.get("first_moment"));
        double[] v = Reference.doubles(slots.get("second_moment"));
        for (int k = 0; k < 2; k++) {
            assertEquals(hand[1][k], m[k], 1e-12 * Math.max(1, Math.abs(hand[1][k])), "first moment " + k);
            assertEquals(hand[2][k], v[k], 1e-12 * Math.max(1, Math.abs(hand[2][k])), "second moment " + k);
        }
        assertFalse(second.has("standardization"), "no standardization without --standardize");

        JsonNode training = second.get("training");
        assertEquals("max_epochs", training.get("stop_reason").asText());
        String fingerprint = training.get("data_fingerprint").asText();
        assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
        assertEquals(fingerprint, first.get("training").get("data_fingerprint").asText(), "same data, same fingerprint");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, new Lesson(30, 3, 8, 43).csv());
        Path m3 = dir.resolve("m3.json");
        Reference.descentJson(Run.fitArgs(other, adam, "--epochs", "1", "--out", m3.toString()));
        assertNotEquals(fingerprint, Reference.read(m3).get("training").get("data_fingerprint").asText(),
                "other data, another fingerprint");
    }

    @Test
    void aStandardizedRunSavesItsStandardizationAndContinuesFromIt() throws IOException {
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, lesson.csv());
        Path m1 = dir.resolve("m1.json");
        String[] adam = {"--target", "y", "--optimizer", "adam", "--lr", "0.1", "--standardize", "--format", "json"};
        Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "10", "--out", m1.toString()));
        JsonNode saved = Reference.read(m1);
        JsonNode standardization = saved.get("standardization");
        double[][] x = Hand.column(lesson.x);
        // The mean and the population standard deviation, as computed here (same sums: 1e-15 relative).
        assertEquals(Hand.mean(x, 0), standardization.get("means").get(0).asDouble(), 1e-15);
        assertEquals(Hand.populationStd(x, 0), standardization.get("scales").get(0).asDouble(), 1e-15);
        assertTrue(saved.get("training").get("standardized").asBoolean());

        JsonNode resumed = Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "10", "--init-model", m1.toString()));
        JsonNode once = Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "20"));
        // The property is the resume itself: 10 + 10 epochs against 20 in one go (the model file carries the
        // parameters in the standardised space training ran in), to 1e-13 relative.
        double a = once.get("weights").get(0).asDouble();
        double b = once.get("bias").asDouble();
        assertEquals(a, resumed.get("weights").get(0).asDouble(), 1e-13 * Math.abs(a));
        assertEquals(b, resumed.get("bias").asDouble(), 1e-13 * Math.max(1, Math.abs(b)));
    }

    @Test
    void aStandardizedRunResumesBitForBit() throws IOException {
        // Three features on different scales (units, hundredths, thousands), y linear in them plus noise.
        Random random = new Random(1);
        double[][] rows = new double[50][];
        for (int i = 0; i < rows.length; i++) {
            double u = random.nextDouble() * 1000 + 3;
            double v = random.nextGaussian() * 0.01;
            double w = random.nextGaussian() * 7 - 2;
            rows[i] = new double[] {u, v, w, 0.003 * u - 40 * v + w + 1 + random.nextGaussian()};
        }
        Path data = dir.resolve("scaled.csv");
        new Reference.Table(List.of("u", "v", "w", "y"), rows).write(data);
        Path m1 = dir.resolve("m1.json");
        String[] adam = {"--target", "y", "--optimizer", "adam", "--lr", "0.1", "--standardize", "--format", "json"};
        Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "10", "--out", m1.toString()));
        JsonNode resumed = Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "10", "--init-model", m1.toString()));
        JsonNode once = Reference.descentJson(Run.fitArgs(data, adam, "--epochs", "20"));
        for (int j = 0; j < 3; j++) {
            assertEquals(bits(once.get("weights").get(j)), bits(resumed.get("weights").get(j)), "weight " + j);
        }
        assertEquals(bits(once.get("bias")), bits(resumed.get("bias")), "bias");
    }

    @Test
    void aModelFittedOnOtherFeaturesIsAUsageError() throws IOException {
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, lesson.csv());
        Path model = dir.resolve("m.json");
        Reference.descentJson("fit", data.toString(), "--target", "y", "--epochs", "3", "--out", model.toString(),
                "--format", "json");
        Path renamed = dir.resolve("renamed.csv");
        Files.writeString(renamed, lesson.csv().replaceFirst("x,y", "u,y"));
        Path out = dir.resolve("out.json");
        Run run = Run.descent("fit", renamed.toString(), "--target", "y", "--init-model", model.toString(), "--out",
                out.toString());
        run.assertOneLineError("fit");
        assertTrue(run.err().contains("--init-model") && run.err().contains(model.toString()), run.err());
        assertTrue(run.err().contains("[x]") && run.err().contains("[u]"), "names both feature lists: " + run.err());
        assertFalse(Files.exists(out));
    }

    private static long bits(JsonNode number) {
        assertTrue(number.isNumber(), String.valueOf(number));
        return Double.doubleToLongBits(number.asDouble());
    }

}
