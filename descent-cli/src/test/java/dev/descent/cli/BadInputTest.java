package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets one line on stderr naming where and what, the right exit code, and loses nothing. */
class BadInputTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("non-numeric cell", "x,y\n1,2\n3,abc\n", "line 3, column 2 (y): expected a number, found \"abc\""),
                Arguments.of("too few cells", "x,y\n1,2\n3\n", "line 3: expected 2 cells as in the header, found 1"),
                Arguments.of("too many cells", "x,y\n1,2,5\n", "line 2: expected 2 cells as in the header, found 3"),
                Arguments.of("empty file", "", "the file is empty"),
                Arguments.of("header only", "x,y\n", "the file has a header but no data rows"),
                Arguments.of("missing target", "x,z\n1,2\n", "line 1: no target column \"y\""),
                Arguments.of("NaN", "x,y\n1,2\nNaN,3\n", "line 3, column 1 (x): expected a finite number, found NaN"),
                Arguments.of("infinity", "x,y\n1,-inf\n", "line 2, column 2 (y): expected a finite number, found -inf"),
                Arguments.of("overflow", "x,y\n1e400,1\n", "line 2, column 1 (x): expected a finite number, found 1e400"),
                Arguments.of("empty cell", "x,y\n1,2\n,3\n", "line 3, column 1 (x): expected a number, found an empty cell"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsAnInputErrorNamingFileLineAndColumn(String what, String content, String message) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, content);
        Path model = dir.resolve("model.json");
        Run run = Run.descent("fit", file.toString(), "--target", "y", "--out", model.toString());
        assertEquals(2, run.exitCode());
        assertOneLine(run.err());
        assertTrue(run.err().contains(file + " ") || run.err().contains(file + ":"), run.err());
        assertTrue(run.err().contains(message), "expected «" + message + "» in " + run.err());
        assertFalse(Files.exists(model), "no model is written from bad data");
        assertEquals("", run.out());
    }

    @Test
    void aMissingFileIsAnInputError() {
        Run run = Run.descent("fit", dir.resolve("absent.csv").toString(), "--target", "y");
        assertEquals(2, run.exitCode());
        assertOneLine(run.err());
        assertTrue(run.err().contains("absent.csv: no such file"), run.err());
    }

    @Test
    void wrongOptionsAreUsageErrors() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "a,b,y\n1,2,3\n2,3,5\n4,1,6\n");
        String file = data.toString();
        String[][] cases = {
            {"unknown option", "fit", file, "--target", "y", "--lx", "3"},
            {"lr zero", "fit", file, "--target", "y", "--lr", "0"},
            {"lr negative", "fit", file, "--target", "y", "--lr", "-1"},
            {"lr not a number", "fit", file, "--target", "y", "--lr", "fast"},
            {"epochs negative", "fit", file, "--target", "y", "--epochs", "-3"},
            {"loss unknown", "fit", file, "--target", "y", "--loss", "l7"},
            {"degree with two features", "fit", file, "--target", "y", "--degree", "2"},
            {"init weights count", "fit", file, "--target", "y", "--init-weights", "1"},
            {"unknown feature", "fit", file, "--target", "y", "--features", "a,q"},
            {"no target", "fit", file},
            {"history with exact", "fit", file, "--target", "y", "--solver", "exact", "--history", "h.csv"},
            {"explain data without target", "explain", "--data", file},
            {"demo frames", "demo", "--frames", "0"},
            {"demo noise", "demo", "--noise", "-1"},
            {"unknown command", "train"},
        };
        for (String[] c : cases) {
            Run run = Run.descent(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, run.exitCode(), c[0] + ": " + run.err());
            assertOneLine(run.err());
        }
    }

    @Test
    void aDivergingLearningRateFailsNamingTheEpochAndAStableRateAndKeepsTheOldModel() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Path model = dir.resolve("model.json");
        Files.writeString(model, "{\"previous\": true}");
        Path history = dir.resolve("history.csv");
        Run run = Run.descent("fit", data.toString(), "--target", "y", "--lr", "5", "--out", model.toString(),
                "--history", history.toString());
        assertEquals(1, run.exitCode());
        assertOneLine(run.err());
        assertTrue(run.err().matches("(?s).*at epoch \\d+.*stable only below 2/L = .*"), run.err());
        assertEquals("{\"previous\": true}", Files.readString(model), "the old model is untouched");
        assertFalse(Files.exists(history));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file is left");
    }

    @Test
    void aMissingOutputFolderIsCaughtBeforeTraining() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Run run = Run.descent("fit", data.toString(), "--target", "y", "--out", dir.resolve("no/such/m.json").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void dataThatCannotDetermineAUniqueFitIsAnInputErrorForTheExactSolver() throws IOException {
        Path collinear = dir.resolve("collinear.csv");
        Files.writeString(collinear, "a,b,y\n1,2,3\n2,4,5\n3,6,8\n4,8,9\n");
        Run run = Run.descent("fit", collinear.toString(), "--target", "y", "--solver", "exact");
        assertEquals(2, run.exitCode());
        assertOneLine(run.err());
        assertTrue(run.err().contains(collinear + ": the fit is not unique: b is a linear combination of a"), run.err());

        Path oneRow = dir.resolve("one.csv");
        Files.writeString(oneRow, "a,y\n1,3\n");
        Run tooFew = Run.descent("fit", oneRow.toString(), "--target", "y", "--solver", "exact");
        assertEquals(2, tooFew.exitCode());
        assertTrue(tooFew.err().contains("2 parameters but the data only 1 row"), tooFew.err());

        Run gd = Run.descent("fit", collinear.toString(), "--target", "y", "--epochs", "5");
        assertEquals(0, gd.exitCode(), "gradient descent still runs: " + gd.err());
        assertTrue(gd.out().contains("no exact optimum to compare with: the fit is not unique"), gd.out());
    }

    @Test
    void aModelFileWithAnUnknownLossIsRefusedAsDamaged() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Path model = dir.resolve("m.json");
        assertEquals(0, Run.descent("fit", data.toString(), "--target", "y", "--epochs", "3", "--out", model.toString())
                .exitCode());
        Files.writeString(model, Files.readString(model).replace("\"loss\" : \"mse\"", "\"loss\" : \"foo\""));
        Run[] runs = {Run.descent("predict", model.toString(), data.toString()),
            Run.descent("evaluate", model.toString(), data.toString(), "--target", "y")};
        for (Run run : runs) {
            assertEquals(2, run.exitCode(), run.err());
            assertOneLine(run.err());
            assertTrue(run.err().contains("m.json: damaged model: unknown loss \"foo\""), run.err());
        }
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "x,y\n1,abc\n");
        Run run = Run.descent("fit", file.toString(), "--target", "y", "--debug");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("\tat dev.descent."), run.err());
    }

    private static void assertOneLine(String err) {
        assertEquals(1, err.lines().count(), "one line on stderr, got: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.startsWith("descent"), err);
    }
}
