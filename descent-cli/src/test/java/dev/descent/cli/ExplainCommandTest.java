package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
    @TempDir
    Path dir;

    @Test
    void theLessonsGradientIsTheHandDerivedOneAndFiniteDifferencesAgree() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Run.descent("explain", "--format", "json").out());
        Lesson lesson = new Lesson(30, 3, 8, 42);
        double[] hand = handGradient(lesson, -1, 1);
        assertEquals(hand[0], json.get("analytic").get(0).asDouble(), 1e-12 * Math.abs(hand[0]));
        assertEquals(hand[1], json.get("analytic").get(1).asDouble(), 1e-12 * Math.abs(hand[1]));
        // Central differences on a quadratic are exact but for rounding: about sqrt(eps)-level agreement or better.
        assertEquals(hand[0], json.get("numeric").get(0).asDouble(), 1e-7 * Math.abs(hand[0]));
        assertEquals(hand[1], json.get("numeric").get(1).asDouble(), 1e-7 * Math.abs(hand[1]));
        assertTrue(json.get("max_relative_error").asDouble() < 1e-7);
    }

    @Test
    void sseHasNoOneOverN() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode mse = mapper.readTree(Run.descent("explain", "--format", "json").out());
        JsonNode sse = mapper.readTree(Run.descent("explain", "--format", "json", "--loss", "sse").out());
        for (int k = 0; k < 2; k++) {
            assertEquals(30 * mse.get("analytic").get(k).asDouble(), sse.get("analytic").get(k).asDouble(),
                    1e-12 * Math.abs(sse.get("analytic").get(k).asDouble()));
        }
    }

    @Test
    void checksAGivenFileAtTheGivenParameters() throws Exception {
        Lesson lesson = new Lesson(12, -2, 0.5, 3);
        Path data = dir.resolve("d.csv");
        Files.writeString(data, lesson.csv());
        Run run = Run.descent("explain", "--data", data.toString(), "--target", "y", "--init-weights", "0.25",
                "--init-bias", "-4", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        double[] hand = handGradient(lesson, 0.25, -4);
        assertEquals(hand[0], json.get("analytic").get(0).asDouble(), 1e-12 * Math.abs(hand[0]));
        assertEquals(hand[1], json.get("analytic").get(1).asDouble(), 1e-12 * Math.abs(hand[1]));
    }

    @Test
    void theTextDerivesEachPartialDerivative() {
        Run run = Run.descent("explain");
        assertEquals(0, run.exitCode(), run.err());
        for (String step : new String[] {"dL_i/dy_pred = 2 (y_pred - y)", "dy_pred/da = x", "chain rule", "(2/n) X^T r",
                "1/n", "relative error"}) {
            assertTrue(run.out().contains(step), "missing: " + step);
        }
    }

    /** (dL/da, dL/db) of the MSE, straight from the lesson's formulas. */
    private static double[] handGradient(Lesson lesson, double a, double b) {
        double da = 0;
        double db = 0;
        int n = lesson.x.length;
        for (int i = 0; i < n; i++) {
            double r = a * lesson.x[i] + b - lesson.y[i];
            da += 2 * r * lesson.x[i] / n;
            db += 2 * r / n;
        }
        return new double[] {da, db};
    }
}
