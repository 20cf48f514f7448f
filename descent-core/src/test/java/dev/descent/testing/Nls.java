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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One of NIST StRD's 27 nonlinear regression problems with its certified answers, from the copy of
 * ../shared/data/nls in the test resources.
 *
 * @param formula      the model over b1..bk and x (Nelson: x1, x2)
 * @param data         the data; Nelson's target is log(y), as its certified values are
 * @param start1       the far starting point
 * @param start2       the near starting point
 * @param certified    the certified parameters
 * @param certifiedSd  their certified standard deviations
 */
public record Nls(String name, String formula, Dataset data, double[] start1, double[] start2, double[] certified,
                  double[] certifiedSd, double residualSumOfSquares) {

    /** Every set's name, in the file's order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = root().fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.startsWith("_")) {
                names.add(name);
            }
        }
        return names;
    }

    public static Nls load(String name) {
        try {
            JsonNode set = root().get(name);
            Dataset data = CsvDatasetReader.read(resource(set.get("file").asText()), "y", List.of());
            if (name.equals("Nelson")) {
                double[] log = data.targetData().clone();
                for (int i = 0; i < log.length; i++) {
                    log[i] = Math.log(log[i]);
                }
                data = data.withTarget(log);
            }
            return new Nls(name, set.get("formula").asText(), data, doubles(set.get("start1")), doubles(set.get("start2")),
                    doubles(set.get("certified_params")), doubles(set.get("certified_sd")), set.get("residual_ss").asDouble());
        } catch (DataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NIST's log relative error of one value: -log10 |estimate - certified| / |certified|, at most 15. */
    public static double digits(double estimate, double certified) {
        double error = Math.abs(estimate - certified) / Math.abs(certified);
        return error == 0 ? 15 : Math.min(15, -Math.log10(error));
    }

    /** The worst digits over the parameters. */
    public double digits(double[] estimate) {
        double worst = 15;
        for (int k = 0; k < certified.length; k++) {
            worst = Math.min(worst, digits(estimate[k], certified[k]));
        }
        return worst;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = array.get(k).asDouble();
        }
        return values;
    }

    private static JsonNode root() {
        try {
            return new ObjectMapper().readTree(resource("certified.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String file) {
        try {
            return Path.of(Nls.class.getResource("/nls/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
