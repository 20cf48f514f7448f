package dev.descent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * One NIST StRD linear least-squares data set with its certified answers, from the copy of
 * ../shared/data/strd in the test resources.
 *
 * @param name         NIST's name, such as "Longley"
 * @param data         the data, polynomial terms expanded
 * @param intercept    whether the model has B0
 * @param certified    the certified parameters in Descent's order: weights, then the bias
 */
public record Strd(String name, Dataset data, boolean intercept, double[] certified) {

    public static Strd load(String name) {
        try {
            JsonNode set = new ObjectMapper().readTree(resource("certified.json").toFile()).get(name);
            Dataset data = CsvDatasetReader.readExact(resource(set.get("file").asText()), "y", java.util.List.of());
            if (set.hasNonNull("polynomial_degree")) {
                data = data.withPolynomialFeatures(set.get("polynomial_degree").asInt());
            }
            boolean intercept = set.get("intercept").asBoolean();
            JsonNode params = set.get("params");
            double[] certified = new double[params.size()];
            // NIST lists B0 (the intercept) first; Descent puts the bias last.
            int shift = intercept ? 1 : 0;
            for (int k = 0; k < params.size(); k++) {
                certified[k] = params.get((k + shift) % params.size()).asDouble();
            }
            return new Strd(name, data, intercept, certified);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NIST's log relative error: -log10 of the worst relative error over the parameters, at most 15. */
    public double digits(double[] estimate) {
        double worst = 0;
        for (int k = 0; k < certified.length; k++) {
            worst = Math.max(worst, Math.abs(estimate[k] - certified[k]) / Math.abs(certified[k]));
        }
        return worst == 0 ? 15 : Math.min(15, -Math.log10(worst));
    }

    private static Path resource(String file) {
        try {
            return Path.of(Strd.class.getResource("/strd/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
