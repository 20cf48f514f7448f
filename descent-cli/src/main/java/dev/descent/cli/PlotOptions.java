package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.cli.plot.FitPlots;
import dev.descent.cli.plot.Report;
import dev.descent.data.Rows;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where a fit's pictures go, and which two parameters the contour view shows. */
final class PlotOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--plot", paramLabel = "DIR",
            description = "Write the fit's pictures into DIR, each as PNG and SVG: loss (per epoch, log scale), fitted"
                    + " (against actual), residuals, parameters (their paths), contour (the loss over two parameters"
                    + " with the path across it) and, for a model of one column, curve (the data and the fit).")
    Path dir;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write one self-contained HTML page (it loads nothing from a network): the run's settings and"
                    + " results, a summary of the data, the curvature and the stable learning rate (linear fits), and every"
                    + " picture --plot draws.")
    Path report;

    @Option(names = "--contour", split = ",", paramLabel = "P,Q",
            description = "The two parameters of the contour view (default: the two largest weights; for a formula, the"
                    + " two largest parameters).")
    List<String> contour;

    /** Whether any picture is asked for. */
    boolean wanted() {
        return dir != null || report != null;
    }

    /** Refuses a --plot folder that is missing or a --report that cannot be written (before any work). */
    void check() {
        if (report != null) {
            Check.writable(spec, "--report", report);
        }
        if (!wanted()) {
            Check.unused(spec, "--contour chooses a picture of --plot or --report", List.of("--contour"));
        }
        if (dir == null) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--plot " + dir + ": no such folder; create it first");
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "--plot " + dir + ": the folder cannot be written");
        }
    }

    /**
     * The end of a fit, linear or formula: the pictures written into --plot DIR, the results printed (as JSON listing
     * the pictures under {@code plots}, or as text saying where they went), then the --report page.
     *
     * @param pictures what the pictures are drawn from, asked for only when some are wanted
     * @param text     the results as text, printed and shown in the report as "The fit"
     * @param sections further sections of the report
     */
    void finish(PrintWriter stdout, OutputFormat format, ObjectNode json, Consumer<PrintWriter> text,
                Supplier<FitPlots.Inputs> pictures, String title, Rows data, List<Report.Section> sections)
            throws IOException {
        FitPlots.Inputs inputs = wanted() ? pictures.get() : null;
        List<String> written = dir == null ? List.of() : FitPlots.write(dir, inputs);
        if (format == OutputFormat.json) {
            if (dir != null) {
                written.forEach(json.putArray("plots")::add);
            }
            stdout.println(Text.json(json));
        } else {
            text.accept(stdout);
            if (dir != null) {
                stdout.println("Wrote " + written.size() + " pictures (PNG and SVG) to " + dir + ": "
                        + String.join(", ", written) + ".");
            }
        }
        if (report != null) {
            StringWriter fit = new StringWriter();
            PrintWriter fitOut = new PrintWriter(fit);
            text.accept(fitOut);
            fitOut.flush();
            List<Report.Section> all = new ArrayList<>(List.of(new Report.Section("The fit", fit.toString())));
            all.addAll(sections);
            Report.write(report, title, json, data, all, inputs);
            if (format != OutputFormat.json) {
                stdout.println("Wrote the report to " + report + ".");
            }
        }
        stdout.flush();
    }

    /**
     * The indices of the contour's two parameters: those --contour names, or the two candidates whose values are
     * largest in size.
     */
    int[] pair(List<String> names, double[] values, List<Integer> candidates) {
        if (contour != null) {
            if (contour.size() != 2 || contour.get(0).equals(contour.get(1))) {
                throw new ParameterException(spec.commandLine(), "--contour takes two different parameters, such as "
                        + "--contour " + names.get(0) + "," + names.get(Math.min(1, names.size() - 1)));
            }
            int a = names.indexOf(contour.get(0));
            int b = names.indexOf(contour.get(1));
            if (a < 0 || b < 0) {
                throw new ParameterException(spec.commandLine(), "--contour " + String.join(",", contour) + ": the"
                        + " parameters are " + String.join(", ", names));
            }
            return new int[] {a, b};
        }
        List<Integer> pool = candidates.size() >= 2 ? candidates : java.util.stream.IntStream.range(0, names.size())
                .boxed().toList();
        if (pool.size() < 2) {
            return null;
        }
        List<Integer> sorted = pool.stream().sorted((i, j) -> Double.compare(Math.abs(values[j]), Math.abs(values[i])))
                .toList();
        int a = Math.min(sorted.get(0), sorted.get(1));
        int b = Math.max(sorted.get(0), sorted.get(1));
        return new int[] {a, b};
    }
}
