package dev.descent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** How numbers and gaps read in the command's text output. */
final class Text {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Text() {
    }

    /** A command's {@code --format json} output: indented, two spaces per level. */
    static String json(JsonNode node) throws JsonProcessingException {
        return JSON.writeValueAsString(node);
    }

    /** A number as a person writes it: 3, 0.01, 8.25, 1.5e-07; at most 10 significant digits. */
    static String number(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : Double.toString(value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e10) {
            return new BigDecimal(String.format(Locale.ROOT, "%.10g", value)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.6e", value).replaceAll("\\.?0+e", "e");
    }

    /** The Euclidean distance between two parameter vectors. */
    static double distance(double[] p, double[] q) {
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            sum += (p[k] - q[k]) * (p[k] - q[k]);
        }
        return Math.sqrt(sum);
    }

    /** Whether {@code p} is the optimum {@code q} to within rounding in the last few digits. */
    static boolean atOptimum(double[] p, double[] q) {
        double scale = 0;
        for (double v : q) {
            scale = Math.max(scale, Math.abs(v));
        }
        return distance(p, q) <= 1e-9 * Math.max(1, scale);
    }

    /** A number to four significant digits, for sentences. */
    static String brief(double value) {
        return number(Double.parseDouble(String.format(Locale.ROOT, "%.4g", value)));
    }

    /** One sentence on how far gradient descent still is from the exact optimum, parameter by parameter. */
    static String gap(List<String> names, double[] fitted, double[] optimum, double loss, double optimumLoss, long updates) {
        double distance = distance(fitted, optimum);
        if (atOptimum(fitted, optimum)) {
            return String.format(Locale.ROOT, "After %d updates gradient descent is at the optimum (distance %s).", updates,
                    brief(distance));
        }
        StringBuilder off = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            off.append(k == 0 ? "" : k == names.size() - 1 ? " and " : ", ").append(names.get(k)).append(" is ")
                    .append(brief(fitted[k] - optimum[k]) + " off");
        }
        return String.format(Locale.ROOT, "After %d updates gradient descent is not at the optimum yet: %s (distance %s),"
                + " and the loss is %s above the optimum's. More updates, or a larger learning rate, close the gap.",
                updates, off, brief(distance), brief(loss - optimumLoss));
    }
}
