package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.descent.DescentException;
import dev.descent.expr.Formula;
import dev.descent.model.FormulaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formula models in model files: back to the same bits, and damaged files named. */
class FormulaFileTest {
    @TempDir
    Path dir;

    private static SavedFormula saved(FormulaModel model) {
        return new SavedFormula(model, "y", "mse", "lm", null, JsonNodeFactory.instance.objectNode());
    }

    @Test
    void randomValuesReadBackToTheSameBits() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        Formula formula = Formula.parse("b1 - b2*x1*exp(-b3*x2) + k_on*sin(theta2*x1)");
        for (int trial = 0; trial < 200; trial++) {
            double[] values = new double[5];
            for (int k = 0; k < values.length; k++) {
                values[k] = Double.longBitsToDouble(random.nextLong()); // any finite double, subnormals included
                if (!Double.isFinite(values[k])) {
                    values[k] = random.nextDouble();
                }
            }
            FormulaModel model = FormulaModel.of(formula, List.of("x1", "x2"), values);
            Path file = dir.resolve("m" + trial + ".json");
            ModelFile.save(file, saved(model));
            SavedFormula back = (SavedFormula) ModelFile.readAny(file);
            assertEquals(List.of("b1", "b2", "b3", "k_on", "theta2"), back.model().parameterNames());
            assertEquals(List.of("x1", "x2"), back.model().columns());
            double[] read = back.model().parameters();
            for (int k = 0; k < values.length; k++) {
                assertEquals(Double.doubleToRawLongBits(values[k]), Double.doubleToRawLongBits(read[k]));
            }
        }
    }

    @Test
    void aFormulaFileIsFormatThreeAndRefusedWhereALinearModelIsNeeded() throws Exception {
        Path file = dir.resolve("m.json");
        ModelFile.save(file, saved(FormulaModel.of(Formula.parse("a*exp(b*x)"), List.of("x"), new double[] {1, 2})));
        assertEquals(3, new ObjectMapper().readTree(file.toFile()).get("format_version").asInt());
        // a Descent from before formulas read up to version 2, and refuses newer ones by name (ModelFileTest)
        assertTrue(ModelFile.FORMAT_VERSION >= 3);
        DescentException e = assertThrows(DescentException.class, () -> ModelFile.read(file));
        assertEquals(file + ": a formula model (a*exp(b*x)), where a linear model is needed", e.getMessage());
    }

    @Test
    void editedFilesThatNoLongerFitTogetherAreDamaged() throws Exception {
        Path file = dir.resolve("m.json");
        ModelFile.save(file, saved(FormulaModel.of(Formula.parse("a*exp(b*x)"), List.of("x"), new double[] {1, 2})));
        String text = Files.readString(file);
        assertDamaged(text.replace("\"b\" :", "\"q\" :"), "params names [a, q], but the formula's parameters are [a, b]");
        assertDamaged(text.replace("a*exp(b*x)", "a*exp(b*x"), "formula \"a*exp(b*x\" at column 10: expected ')'");
        assertDamaged(text.replace("\"features\" : [ \"x\" ]", "\"features\" : [ \"z\" ]"),
                "the formula a*exp(b*x) reads the columns []");
        assertDamaged(text.replace("2.0", "\"two\""), "params.b is \"two\", expected a finite number");
        assertDamaged(text.replace("a*exp(b*x)", "a*exp(b)").replace("\"features\" : [ \"x\" ]", "\"features\" : [ ]"),
                "no features; the formula a*exp(b) must read at least one column");
        assertDamaged(text.replace("a*exp(b*x)", "(".repeat(300) + "x" + ")".repeat(300)), "nested more than 256 deep");
    }

    private void assertDamaged(String text, String expected) throws Exception {
        Path file = dir.resolve("edited.json");
        Files.writeString(file, text);
        DescentException e = assertThrows(DescentException.class, () -> ModelFile.readAny(file));
        assertTrue(e.getMessage().startsWith(file + ": damaged model: ") && e.getMessage().contains(expected), e.getMessage());
    }
}
