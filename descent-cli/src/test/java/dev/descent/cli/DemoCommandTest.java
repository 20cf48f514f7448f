package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryFrameOfTheLessonAsTheScalarRecurrenceComputesIt() {
        Path html = dir.resolve("demo.html");
        Run run = Run.descent("demo", "--out", html.toString());
        assertEquals(0, run.exitCode(), run.err());
        Lesson lesson = new Lesson(30, 3, 8, 42);
        List<String[]> rows = frameRows(run.out());
        assertEquals(41, rows.size(), "frame 0 (the start) and 40 frames");
        for (String[] row : rows) {
            int frame = Integer.parseInt(row[0]);
            int update = Integer.parseInt(row[1]);
            assertEquals(10 * frame, update);
            double[] expected = lesson.descend(-1, 1, 0.01, update);
            // Printed to six decimals (a, b) and eight significant digits (loss).
            assertEquals(expected[0], Double.parseDouble(row[2]), 1e-6, "a at update " + update);
            assertEquals(expected[1], Double.parseDouble(row[3]), 1e-6, "b at update " + update);
            assertEquals(expected[2], Double.parseDouble(row[4]), 1e-7 * expected[2], "loss at update " + update);
        }
        assertTrue(run.out().contains("not at the optimum yet"), "400 updates do not reach (3, 8): " + run.out());
    }

    @Test
    void writesAnOfflineAnimationWhoseFramesAreTheLessonsPath() throws IOException {
        Path html = dir.resolve("demo.html");
        assertEquals(0, Run.descent("demo", "--out", html.toString()).exitCode());
        String page = Files.readString(html);
        assertFalse(page.matches("(?s).*(src|href)=\"https?:.*"), "the page must not load anything from the network");
        JsonNode data = embeddedData(page);
        assertEquals(30, data.get("x").size());
        JsonNode frames = data.get("frames");
        assertEquals(41, frames.size());
        Lesson lesson = new Lesson(30, 3, 8, 42);
        for (JsonNode frame : frames) {
            double[] expected = lesson.descend(-1, 1, 0.01, frame.get("update").asInt());
            // The production sums in another order than the plain loop: agreement to rounding, not bits.
            assertEquals(expected[0], frame.get("a").asDouble(), 1e-12);
            assertEquals(expected[1], frame.get("b").asDouble(), 1e-12);
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(lesson.x[i], data.get("x").get(i).asDouble(), 0.0);
            assertEquals(lesson.y[i], data.get("y").get(i).asDouble(), 0.0);
        }
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedOtherData() throws IOException {
        Path first = dir.resolve("first.html");
        Path second = dir.resolve("second.html");
        Path other = dir.resolve("other.html");
        Run one = Run.descent("demo", "--noise", "0.5", "--out", first.toString());
        Run two = Run.descent("demo", "--noise", "0.5", "--out", second.toString());
        Run three = Run.descent("demo", "--noise", "0.5", "--seed", "7", "--out", other.toString());
        assertEquals(one.out().replace(first.toString(), ""), two.out().replace(second.toString(), ""));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertFalse(Files.readString(first).equals(Files.readString(other)));
        assertEquals(0, three.exitCode());
    }

    @Test
    void optionsChangeTheRun() throws IOException {
        Path html = dir.resolve("d.html");
        Run run = Run.descent("demo", "--n", "5", "--frames", "3", "--steps", "2", "--lr", "0.1", "--out", html.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, frameRows(run.out()).size());
        Lesson lesson = new Lesson(5, 3, 8, 42);
        String[] last = frameRows(run.out()).get(3);
        assertEquals(lesson.descend(-1, 1, 0.1, 6)[0], Double.parseDouble(last[2]), 1e-6);
        assertEquals(4, embeddedData(Files.readString(html)).get("frames").size());
    }

    private static List<String[]> frameRows(String out) {
        return out.lines().map(String::strip).filter(line -> line.matches("\\d+\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+"))
                .map(line -> line.split("\\s+")).toList();
    }

    private static JsonNode embeddedData(String page) throws IOException {
        Matcher m = Pattern.compile("const DATA = (\\{.*?\\});\\n").matcher(page);
        assertTrue(m.find(), "the page embeds its data");
        return new ObjectMapper().readTree(m.group(1));
    }

    @Test
    void optimizersSideBySideOnOneContour() throws IOException {
        Path html = dir.resolve("demo.html");
        Run run = Run.descent("demo", "--out", html.toString(), "--compare", "momentum,adam:0.3");
        assertEquals(0, run.exitCode(), run.err());
        double[] momentum = new Lesson(30, 3, 8, 42).descendWithMomentum(-1, 1, 0.01, 0.9, 400);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("momentum at 0.01 ends at a = ([^,]+), b = (\\S+) ").matcher(run.out());
        assertTrue(m.find(), run.out());
        assertEquals(momentum[0], Double.parseDouble(m.group(1)), 1e-8);
        assertEquals(momentum[1], Double.parseDouble(m.group(2)), 1e-8);
        assertTrue(run.out().matches("(?s).*adam at 0.3 +ends at.*"), run.out());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("Optimizers side by side"), "the contour is in the page");
        for (String name : List.of("gd at 0.01", "momentum at 0.01", "adam at 0.3")) {
            assertTrue(page.contains(name), name + " in the legend");
        }
        assertFalse(page.matches("(?s).*(src|href)=\"https?:.*"), "the page must not load anything from the network");
        Run bad = Run.descent("demo", "--out", html.toString(), "--compare", "heavyball");
        bad.assertOneLineError("demo");
    }
}
