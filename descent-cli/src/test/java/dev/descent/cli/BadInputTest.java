package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of bad input (test resources {@code bad-input/}, listed with the line each must produce in
 * {@code cases.json}): each is refused with exactly that line on stderr, exit code 2, and nothing written.
 */
class BadInputTest {
    private static final String FOLDER = "/bad-input/";

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> eachBadInputIsOneLineNamingWhereAndWritesNothing() throws IOException {
        JsonNode cases;
        try (InputStream in = BadInputTest.class.getResourceAsStream(FOLDER + "cases.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.path("file").asText("") + " " + c.get("args").toString();
            tests.add(DynamicTest.dynamicTest(name, () -> refused(c)));
        }
        return tests.stream();
    }

    private void refused(JsonNode c) throws IOException {
        Path folder = Files.createTempDirectory(dir, "case");
        Path data = folder.resolve("good.csv");
        Files.writeString(data, "x,y\n1,2\n2,4\n3,6.5\n");
        Path file = null;
        if (!c.path("file").isNull() && c.has("file")) {
            file = folder.resolve(c.get("file").asText());
            try (InputStream in = BadInputTest.class.getResourceAsStream(FOLDER + c.get("file").asText())) {
                Files.copy(in, file);
            }
        }
        Path out = folder.resolve("out.json");
        List<String> args = new ArrayList<>();
        for (JsonNode arg : c.get("args")) {
            args.add(expand(arg.asText(), file, data, out));
        }
        List<String> before = listing(folder);
        Run run = Run.descent(args.toArray(String[]::new));
        assertEquals(expand(c.get("message").asText(), file, data, out) + "\n", run.err(), String.join(" ", args));
        assertEquals(c.get("exit").asInt(), run.exitCode());
        assertEquals(before, listing(folder), "nothing written");
    }

    private static String expand(String text, Path file, Path data, Path out) {
        return text.replace("{file}", String.valueOf(file)).replace("{data}", data.toString())
                .replace("{out}", out.toString()).replace("{version}", BuildInfo.version());
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFiftyMegabyteLineIsRefusedNamingItsLine() throws IOException {
        Path longCell = dir.resolve("long-cell.csv");
        Path longHeader = dir.resolve("long-header.csv");
        byte[] nines = new byte[50 << 20];
        java.util.Arrays.fill(nines, (byte) '9');
        try (OutputStream cell = Files.newOutputStream(longCell); OutputStream header = Files.newOutputStream(longHeader)) {
            cell.write("x,y\n1,".getBytes(StandardCharsets.US_ASCII));
            cell.write(nines);
            cell.write('\n');
            header.write(nines);
            header.write(",y\n1,2\n".getBytes(StandardCharsets.US_ASCII));
        }
        Run cell = Run.descent("fit", longCell.toString(), "--target", "y");
        assertEquals("descent fit: " + longCell + " line 2: a cell of more than 16,777,216 characters; no number is that"
                + " long (is a quote left open, or is this not a CSV file?)\n", cell.err());
        assertEquals(2, cell.exitCode());
        Run header = Run.descent("fit", longHeader.toString(), "--target", "y");
        assertEquals("descent fit: " + longHeader + " line 1: a cell of more than 16,777,216 characters; no number is that"
                + " long (is a quote left open, or is this not a CSV file?)\n", header.err());
        assertEquals(2, header.exitCode());
    }
}
