package dev.descent.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.descent.DescentException;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.Dataset;
import dev.descent.data.LibsvmReader;
import dev.descent.data.Missing;
import dev.descent.data.ReadProgress;
import dev.descent.expr.Formula;
import dev.descent.io.ModelFile;
import dev.descent.model.LinearModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The parsers fuzzed, for a bounded number of tries each (a few seconds in all): CSV and LIBSVM files, model files
 * and formulas, made of the characters that matter to each and of mutations of good ones. Whatever comes, the only
 * exception is the documented one for bad input (a DescentException, with a message), no input takes more than a few
 * seconds, and none runs out of memory or stack.
 */
class ParserFuzzTest {
    private static Path dir;
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @BeforeContainer
    static void folder() throws IOException {
        dir = Files.createTempDirectory("descent-fuzz");
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Runs {@code parse} on {@code bytes} in a file; anything but a DescentException (with a message) fails. */
    private static void onlyDocumentedErrors(String name, byte[] bytes, Parse parse) {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path file = dir.resolve(name);
            Files.write(file, bytes);
            try {
                parse.run(file);
            } catch (DescentException e) {
                assertEquals(false, e.getMessage() == null || e.getMessage().isBlank(), "a message");
                assertEquals(1, e.getMessage().lines().count() <= 1 ? 1 : e.getMessage().lines().count(),
                        "one line: " + e.getMessage());
            }
        }, () -> "over " + LIMIT + " on " + new String(bytes, StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    private interface Parse {
        void run(Path file) throws Exception;
    }

    /** Text of the characters a CSV parser meets, often after a header of x and y. */
    @Provide
    Arbitrary<String> csvText() {
        Arbitrary<String> body = Arbitraries.strings().withChars("0123456789,.-+eE\"\n\r xyNaIfn\t;\u00e9\uFEFF")
                .ofMaxLength(400);
        return Combinators.combine(Arbitraries.of("", "x,y\n", "x,y,z\n", "\uFEFFx,y\r\n", "x,,y\n", "x,x,y\n"), body)
                .as((header, rest) -> header + rest);
    }

    @Property(tries = 1500)
    void csvFilesGiveDataOrAMessage(@ForAll("csvText") String text, @ForAll Missing missing) {
        onlyDocumentedErrors("fuzz.csv", text.getBytes(StandardCharsets.UTF_8), file -> {
            Dataset data = new CsvDatasetReader(file, ReadProgress.NONE).readingPast(missing).read("y", List.of());
            for (double v : data.featureData()) {
                assertEquals(true, Double.isFinite(v), "a read value is finite");
            }
        });
        onlyDocumentedErrors("fuzz-exact.csv", text.getBytes(StandardCharsets.UTF_8),
                file -> CsvDatasetReader.readExact(file, "y", List.of()));
    }

    @Property(tries = 500)
    void anyBytesAsCsvGiveDataOrAMessage(@ForAll byte[] bytes) {
        onlyDocumentedErrors("bytes.csv", bytes, file -> CsvDatasetReader.read(file, "y"));
        onlyDocumentedErrors("bytes.svm", bytes, LibsvmReader::read);
    }

    @Provide
    Arbitrary<String> libsvmText() {
        return Arbitraries.strings().withChars("0123456789: .-+eE\n\r#\tqid").ofMaxLength(300);
    }

    @Property(tries = 1500)
    void libsvmFilesGiveDataOrAMessage(@ForAll("libsvmText") String text) {
        onlyDocumentedErrors("fuzz.svm", text.getBytes(StandardCharsets.UTF_8), LibsvmReader::read);
    }

    /** A good model file, then some of its characters replaced, dropped or doubled. */
    @Provide
    Arbitrary<String> mutatedModels() {
        String good = goodModel();
        Arbitrary<Integer> at = Arbitraries.integers().between(0, good.length() - 1);
        Arbitrary<Character> with = Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '0', '7', '.', '-', 'e', ' ', 'n', 't', 'N', '\n');
        Arbitrary<int[]> edit = Combinators.combine(at, with, Arbitraries.integers().between(0, 2))
                .as((position, c, kind) -> new int[] {position, c, kind});
        return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
            StringBuilder text = new StringBuilder(good);
            for (int[] e : edits) {
                int position = Math.min(e[0], text.length() - 1);
                switch (e[2]) {
                    case 0 -> text.setCharAt(position, (char) e[1]);
                    case 1 -> text.deleteCharAt(position);
                    default -> text.insert(position, (char) e[1]);
                }
            }
            return text.toString();
        });
    }

    private static String goodModel() {
        try {
            Path file = Files.createTempFile("descent-good", ".json");
            ModelFile.save(file, LinearModel.of(List.of("x", "z"), new double[] {1.5, -2}, 0.25), "y",
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
            String text = Files.readString(file);
            Files.delete(file);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 1500)
    void modelFilesGiveAModelOrAMessage(@ForAll("mutatedModels") String text) {
        onlyDocumentedErrors("fuzz.json", text.getBytes(StandardCharsets.UTF_8), ModelFile::readAny);
    }

    @Provide
    Arbitrary<String> formulaText() {
        return Arbitraries.strings().withChars("abxyz0123456789+-*/^()., ").ofMaxLength(60)
                .injectDuplicates(0.1)
                .edgeCases(edges -> edges.add("(".repeat(5000) + "x" + ")".repeat(5000)))
                .map(text -> text.replace("yy", "exp(").replace("zz", "log(").replace("bb", "sqrt("));
    }

    @Property(tries = 2000)
    void formulasParseOrGiveAMessage(@ForAll("formulaText") String text) {
        assertTimeoutPreemptively(LIMIT, () -> {
            try {
                Formula formula = Formula.parse(text);
                // what parses can be differentiated, compiled and printed back
                List<String> columns = formula.columns(List.of("x"));
                List<String> parameters = formula.parameters(List.of("x"));
                for (String name : formula.names()) {
                    formula.derivative(name);
                }
                if (!columns.isEmpty()) {
                    formula.compile(parameters, columns);
                }
                Formula.parse(dev.descent.expr.Printer.formula(formula.tree()));
            } catch (DescentException e) {
                assertEquals(false, e.getMessage() == null || e.getMessage().isBlank(), "a message");
            }
        }, () -> "over " + LIMIT + " on " + text);
    }
}
