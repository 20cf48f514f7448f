package dev.descent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
