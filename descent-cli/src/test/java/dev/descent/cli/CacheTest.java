package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --cache}: the second run reads the kept doubles and fits exactly as a run from the text. */
class CacheTest {
    @TempDir
    Path dir;

    @Test
    void theSecondRunReadsTheCacheAndFitsTheSameBits() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "a,b,y\n0.1,2,3.3\n2,4.25,5\n3,6,8.5\n4,8.5,9\n5,1e-3,-2\n");
        JsonNode plain = fit(data, "--epochs", "50");
        assertTrue(plain.get("cache") == null);
        JsonNode first = fit(data, "--epochs", "50", "--cache");
        assertEquals("written", first.get("cache").asText());
        assertTrue(Files.exists(dir.resolve("d.csv.descent-cache")));
        JsonNode second = fit(data, "--epochs", "50", "--cache");
        assertEquals("hit", second.get("cache").asText());
        // 50 epochs of GD at the default rate 0.01 from zero, by hand: the parameters every run must reach.
        double[][] x = {{0.1, 2}, {2, 4.25}, {3, 6}, {4, 8.5}, {5, 1e-3}};
        double[] y = {3.3, 5, 8.5, 9, -2};
        double[] expected = Hand.gd(x, y, new double[3], Hand.constant(0.01, 50))[50];
        for (JsonNode run : new JsonNode[] {plain, first, second}) {
            assertEquals(expected[0], run.get("weights").get(0).asDouble(), 1e-12);
            assertEquals(expected[1], run.get("weights").get(1).asDouble(), 1e-12);
            assertEquals(expected[2], run.get("bias").asDouble(), 1e-12);
        }
        for (JsonNode run : new JsonNode[] {first, second}) { // and from the cache, the very same bits
            assertEquals(plain.get("weights"), run.get("weights"));
            assertEquals(plain.get("bias"), run.get("bias"));
            assertEquals(plain.get("optimum_loss"), run.get("optimum_loss"));
        }

        JsonNode fewer = fit(data, "--epochs", "50", "--cache", "--features", "b");
        assertEquals("written", fewer.get("cache").asText(), "another choice of columns is not the cached data");
        assertEquals(1, fewer.get("weights").size());

        Files.writeString(data, "a,b,y\n1,2,3\n2,4.5,5\n3,6,8\n");
        JsonNode changed = fit(data, "--epochs", "5", "--cache");
        assertEquals("written", changed.get("cache").asText(), "the file changed");
        assertEquals(3, changed.get("rows").asInt());
    }

    @Test
    void optionsTheCacheCannotServeAreUsageErrors() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "a,y\n1,0\n2,1\n3,1\n");
        Run exact = Run.descent("fit", data.toString(), "--target", "y", "--solver", "exact", "--cache");
        exact.assertOneLineError("fit");
        assertTrue(exact.err().contains("--cache"), exact.err());
        Run labels = Run.descent("fit", data.toString(), "--target", "y", "--loss", "softmax", "--cache");
        labels.assertOneLineError("fit");
        assertTrue(labels.err().contains("--cache"), labels.err());
        assertTrue(!Files.exists(dir.resolve("d.csv.descent-cache")));
    }

    private static JsonNode fit(Path data, String... options) {
        return Reference.descentJson(Run.fitArgs(data, new String[] {"--target", "y", "--format", "json"}, options));
    }
}
