package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Training (not solving) reaches NIST's certified parameters: L-BFGS on standardised features. */
class StrdLbfgsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Norris, norris.csv, ''", "Pontius, pontius.csv, --degree=2", "NoInt1, noint1.csv, --no-intercept",
        "Longley, longley.csv, ''"})
    void lbfgsOnStandardisedFeaturesReachesEightDigits(String name, String file, String extra) throws Exception {
        JsonNode certified = new ObjectMapper().readTree(resource("certified.json").toFile()).get(name);
        List<String> args = new ArrayList<>(List.of("fit", resource(file).toString(), "--target", "y", "--standardize",
                "--optimizer", "lbfgs", "--epochs", "1000", "--format", "json"));
        if (!extra.isEmpty()) {
            args.add(extra);
        }
        Run run = Run.descent(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        JsonNode fit = new ObjectMapper().readTree(run.out());
        List<Double> estimate = new ArrayList<>();
        if (certified.get("intercept").asBoolean()) {
            estimate.add(fit.get("bias").asDouble());
        }
        fit.get("weights").forEach(w -> estimate.add(w.asDouble()));
        assertEquals(certified.get("params").size(), estimate.size(), name + ": one estimate per certified parameter");
        double worst = 0;
        for (int k = 0; k < estimate.size(); k++) {
            double truth = certified.get("params").get(k).asDouble();
            worst = Math.max(worst, Math.abs(estimate.get(k) - truth) / Math.abs(truth));
        }
        assertTrue(-Math.log10(worst) >= 8, name + ": " + -Math.log10(worst) + " digits");
    }

    private static Path resource(String name) throws Exception {
        return Path.of(StrdLbfgsTest.class.getResource("/strd/" + name).toURI());
    }
}
