package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.ModelFile;
import dev.descent.model.LinearModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    /** NIST StRD Norris, certified: B0 = -0.262323073774029, B1 = 1.00211681802045. */
    private static final String NORRIS_B0 = "-0.262323073774029";
    private static final String NORRIS_B1 = "1.00211681802045";

    @TempDir
    Path dir;

    @Test
    void theExactSolverReachesNistsCertifiedValues() throws Exception {
        Path norris = copyNorris();
        Run run = Run.descent("fit", norris.toString(), "--target", "y", "--solver", "exact", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(List.of("x"), List.of(json.get("features").get(0).asText()));
        assertEquals(Double.parseDouble(NORRIS_B1), json.get("weights").get(0).asDouble(), 1e-14);
        assertEquals(Double.parseDouble(NORRIS_B0), json.get("bias").asDouble(), 1e-13);
        assertEquals(0, json.get("epochs").asInt());
    }

    @Test
    void gradientDescentOnTheLessonReportsItsPathAndItsDistanceFromTheOptimum() throws Exception {
        Lesson lesson = new Lesson(30, 3, 8, 42);
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, lesson.csv());
        Path history = dir.resolve("history.csv");
        Path model = dir.resolve("model.json");
        Run run = Run.descent("fit", data.toString(), "--target", "y", "--lr", "0.01", "--epochs", "400",
                "--init-weights", "-1", "--init-bias", "1", "--history", history.toString(), "--out", model.toString(),
                "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        double[] expected = lesson.descend(-1, 1, 0.01, 400);
        assertEquals(expected[0], json.get("weights").get(0).asDouble(), 1e-12);
        assertEquals(expected[1], json.get("bias").asDouble(), 1e-12);
        assertEquals(expected[2], json.get("loss").asDouble(), 1e-10 * expected[2]);
        assertEquals(400, json.get("epochs").asInt());
        // The data are exactly y = 3x + 8, so the optimum is (3, 8) with zero loss.
        assertEquals(0, json.get("optimum_loss").asDouble(), 1e-25);
        assertEquals(Math.hypot(expected[0] - 3, expected[1] - 8), json.get("distance_to_optimum").asDouble(), 1e-10);

        List<String> lines = Files.readAllLines(history);
        assertEquals("epoch,loss,bias,x", lines.get(0));
        assertEquals(401, lines.size());
        for (int epoch : new int[] {1, 2, 17, 400}) {
            String[] row = lines.get(epoch).split(",");
            double[] at = lesson.descend(-1, 1, 0.01, epoch);
            assertEquals(epoch, Integer.parseInt(row[0]));
            assertEquals(at[2], Double.parseDouble(row[1]), 1e-10 * at[2], "loss after " + epoch + " updates");
            assertEquals(at[1], Double.parseDouble(row[2]), 1e-12, "b after " + epoch + " updates");
            assertEquals(at[0], Double.parseDouble(row[3]), 1e-12, "a after " + epoch + " updates");
        }

        LinearModel saved = ModelFile.load(model);
        assertEquals(json.get("weights").get(0).asDouble(), saved.weight(0), 0.0);
        assertEquals(json.get("bias").asDouble(), saved.bias(), 0.0);
    }

    @Test
    void textOutputShowsTheGapToTheOptimum() throws Exception {
        Path norris = copyNorris();
        Run run = Run.descent("fit", norris.toString(), "--target", "y", "--lr", "1e-6", "--epochs", "50");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("not at the optimum yet"), run.out());
        assertTrue(run.out().contains("optimum") && run.out().contains("gap"), run.out());
        assertTrue(run.out().contains(String.format("%.10g", Double.parseDouble(NORRIS_B1))), run.out());
    }

    @Test
    void polynomialDegreeAndNoInterceptReachNistsValues() throws Exception {
        Path pontius = dir.resolve("pontius.csv");
        Files.copy(Path.of(getClass().getResource("/strd/pontius.csv").toURI()), pontius);
        Run run = Run.descent("fit", pontius.toString(), "--target", "y", "--degree", "2", "--solver", "exact",
                "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("x^2", json.get("features").get(1).asText());
        // Certified: B0 0.673565789473684E-03, B1 0.732059160401003E-06, B2 -0.316081871345029E-14
        assertEquals(0.673565789473684E-03, json.get("bias").asDouble(), 1e-15 * 0.673565789473684E-03 * 10);
        assertEquals(0.732059160401003E-06, json.get("weights").get(0).asDouble(), 1e-14 * 0.732059160401003E-06);
        assertEquals(-0.316081871345029E-14, json.get("weights").get(1).asDouble(), 1e-13 * 0.316081871345029E-14);

        Path noint = dir.resolve("noint1.csv");
        Files.copy(Path.of(getClass().getResource("/strd/noint1.csv").toURI()), noint);
        JsonNode noIntercept = new ObjectMapper().readTree(Run.descent("fit", noint.toString(), "--target", "y",
                "--no-intercept", "--solver", "exact", "--format", "json").out());
        // Certified: B1 = 2.07438016528926
        assertEquals(2.07438016528926, noIntercept.get("weights").get(0).asDouble(), 1e-14);
        assertEquals(0, noIntercept.get("bias").asDouble(), 0.0);
    }

    private Path copyNorris() throws Exception {
        Path norris = dir.resolve("norris.csv");
        Files.copy(Path.of(getClass().getResource("/strd/norris.csv").toURI()), norris);
        return norris;
    }
}
