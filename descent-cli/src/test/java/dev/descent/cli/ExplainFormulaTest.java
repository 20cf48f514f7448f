package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code explain --model}: any formula's derivatives, shown and checked. */
class ExplainFormulaTest {

    @Test
    void theLessonsModelInTheLessonsOwnForm() {
        Run run = Run.descent("explain", "--model", "a*x + b");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("dy_pred/da = x"), run.out());
        assertTrue(run.out().contains("= 2 (a x + b - y) x"), run.out());
        assertTrue(run.out().contains("= 2 (a x + b - y)\n"), run.out());
        assertTrue(run.out().contains("The chain rule and finite differences agree."), run.out());
    }

    @Test
    void anyFormulasDerivativesAsJsonAgreeWithFiniteDifferences() throws Exception {
        Run run = Run.descent("explain", "--model", "a*exp(b*x) + c", "--init", "a=2,b=0.1,c=-1", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("exp(b x)", json.get("derivatives").get("a").asText());
        assertEquals("a x exp(b x)", json.get("derivatives").get("b").asText());
        assertEquals("1", json.get("derivatives").get("c").asText());
        assertEquals("a \\, x \\, \\exp\\left(b \\, x\\right)", json.get("derivatives_latex").get("b").asText());
        assertTrue(json.get("max_relative_error").asDouble() < 1e-7, run.out());
        assertTrue(json.get("row_derivatives_max_relative_error").asDouble() < 1e-7, run.out());
        assertEquals(0.1, json.get("params").get("b").asDouble());
    }

    @Test
    void onAFileWithSeveralColumns() throws Exception {
        Path data = FormulaFitTest.nls("misra1a.csv");
        Run run = Run.descent("explain", "--data", data.toString(), "--target", "y", "--model", "b1*(1-exp(-b2*x))",
                "--init", "b1=500,b2=0.0001", "--latex");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("dy_pred/db1 = 1 - \\exp\\left(-b_{2} \\, x\\right)"), run.out());
    }

    @Test
    void aBadFormulaGetsOneLine() {
        Run run = Run.descent("explain", "--model", "a*x +");
        run.assertOneLineError("explain");
        assertEquals("descent explain: --model: formula \"a*x +\" at column 6: expected a number, a name or '('\n", run.err());
    }
}
