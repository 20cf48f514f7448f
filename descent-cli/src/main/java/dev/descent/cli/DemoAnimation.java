package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The demo's animation: a self-contained HTML page (no network, no library) that plays the line
 * swinging onto the points, frame by frame, beside the falling loss.
 */
final class DemoAnimation {
    private static final String TEMPLATE = template();
    private static final String PLACEHOLDER = "/*DATA*/null";
    private static final String CONTOUR = "<!--CONTOUR-->";

    private final ObjectNode root;
    private final ArrayNode frames;
    private String contour = "";

    DemoAnimation(Dataset data, double trueA, double trueB, double lr, String lossLabel) {
        ObjectMapper json = new ObjectMapper();
        root = json.createObjectNode();
        ArrayNode x = root.putArray("x");
        ArrayNode y = root.putArray("y");
        for (int i = 0; i < data.rowCount(); i++) {
            x.add(data.feature(i, 0));
            y.add(data.target(i));
        }
        root.putObject("truth").put("a", trueA).put("b", trueB);
        root.put("lr", lr);
        root.put("loss", lossLabel);
        frames = root.putArray("frames");
    }

    void addFrame(int update, double a, double b, double loss) {
        frames.addObject().put("update", update).put("a", a).put("b", b).put("loss", loss);
    }

    void optimum(double a, double b) {
        root.putObject("optimum").put("a", a).put("b", b);
    }

    /** An {@code <svg>} element of the path (or paths) across the loss surface, shown below the animation. */
    void contour(String svg) {
        this.contour = svg;
    }

    void writeTo(Writer out) throws IOException {
        // "</" cannot end the script early: JSON numbers and the fixed keys never contain it.
        out.write(TEMPLATE.replace(CONTOUR, contour).replace(PLACEHOLDER, root.toString()));
    }

    private static String template() {
        try (InputStream in = DemoAnimation.class.getResourceAsStream("demo.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
