package dev.descent.cli;

import dev.descent.data.DataException;
import dev.descent.data.Dataset;
import dev.descent.data.LessonData;
import dev.descent.io.AtomicFile;
import dev.descent.model.LinearModel;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.cli.plot.FitPlots;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Optimizer;
import dev.descent.solve.LeastSquares;
import dev.descent.train.DivergenceException;
import dev.descent.train.Fit;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The fast.ai lesson: fit y = a*x + b to 30 points by gradient descent, and animate it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run the fast.ai SGD lesson: fit y = a*x + b by gradient descent and animate the line converging.",
        description = {"Generates n points with x uniform in [0, 1) and y = a*x + b (plus optional noise), starts from"
                + " (init-a, init-b) and takes frames x steps gradient-descent updates, printing a, b and the loss after"
                + " every frame. Writes an animation (a self-contained HTML page that plays offline) to --out.",
                "Every default is the lesson's, so 'descent demo' reproduces it."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "30", description = "Number of points. Default: ${DEFAULT-VALUE}.")
    int n;
    @Option(names = "--a", defaultValue = "3", description = "True slope. Default: ${DEFAULT-VALUE}.")
    double a;
    @Option(names = "--b", defaultValue = "8", description = "True intercept. Default: ${DEFAULT-VALUE}.")
    double b;
    @Option(names = "--noise", defaultValue = "0", description = "Standard deviation of Gaussian noise on y. Default: ${DEFAULT-VALUE}.")
    double noise;
    @Option(names = "--init-a", defaultValue = "-1", description = "Starting slope. Default: ${DEFAULT-VALUE}.")
    double initA;
    @Option(names = "--init-b", defaultValue = "1", description = "Starting intercept. Default: ${DEFAULT-VALUE}.")
    double initB;
    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--frames", defaultValue = "40", description = "Frames of the animation. Default: ${DEFAULT-VALUE}.")
    int frames;
    @Option(names = "--steps", defaultValue = "10", description = "Updates per frame. Default: ${DEFAULT-VALUE}.")
    int steps;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--loss", defaultValue = "mse",
            description = "mse (mean of squared errors, the lesson's) or sse (their sum). Default: ${DEFAULT-VALUE}.")
    SquaredLossOption loss;
    @Option(names = "--out", defaultValue = "descent-demo.html", paramLabel = "FILE",
            description = "Where to write the animation (HTML). Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--compare", split = ",", paramLabel = "OPTIMIZER[:RATE]",
            description = "Run these optimizers too, from the same start for as many updates, and draw every path on the"
                    + " loss surface: gd, momentum, nesterov (at --lr unless given a rate), adagrad, rmsprop, adam,"
                    + " adamw (at 0.1 unless given one), lbfgs (at 1), such as momentum,adam:0.3.")
    List<String> compare = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Check.atLeast(spec, "--n", n, 1);
        Check.atLeast(spec, "--frames", frames, 1);
        Check.atLeast(spec, "--steps", steps, 1);
        Check.finite(spec, "--a", a);
        Check.finite(spec, "--b", b);
        Check.finite(spec, "--init-a", initA);
        Check.finite(spec, "--init-b", initB);
        Check.nonNegative(spec, "--noise", noise);
        Check.positive(spec, "--lr", lr);
        Check.writable(spec, "--out", out);
        Map<String, Optimizer> others = others();
        PrintWriter stdout = spec.commandLine().getOut();

        Dataset data = LessonData.generate(n, a, b, noise, seed);
        LinearModel start = LinearModel.of(List.of("x"), new double[] {initA}, initB);
        Trainer trainer = new Trainer(loss.loss, new GradientDescent(lr), frames * steps);
        DemoAnimation animation = new DemoAnimation(data, a, b, lr, loss.label);

        stdout.printf(Locale.ROOT, "Fitting y = a*x + b to %d points from y = %s*x + %s%s (seed %d)%n", n, Text.number(a),
                Text.number(b), noise == 0 ? "" : " + noise " + Text.number(noise), seed);
        stdout.printf(Locale.ROOT, "by gradient descent from a = %s, b = %s at learning rate %s on %s: %d frames of %d updates.%n%n",
                Text.number(initA), Text.number(initB), Text.number(lr), loss.label, frames, steps);
        stdout.printf(Locale.ROOT, "%5s %7s %12s %12s %14s%n", "frame", "update", "a", "b", loss.label);
        double startLoss = new Objective(loss.loss, data).value(start);
        row(stdout, 0, 0, initA, initB, startLoss);
        animation.addFrame(0, initA, initB, startLoss);
        List<double[]> path = new ArrayList<>(List.of(start.parameters()));
        Fit fit = trainer.fit(data, start, event -> {
            path.add(event.parameters());
            if (event.epoch() % steps == 0) {
                double[] p = event.parameters();
                row(stdout, event.epoch() / steps, event.epoch(), p[0], p[1], event.loss());
                animation.addFrame(event.epoch(), p[0], p[1], event.loss());
            }
        });
        Map<String, List<double[]>> paths = new LinkedHashMap<>();
        java.util.Set<String> diverged = new java.util.HashSet<>();
        paths.put("gd at " + Text.number(lr), path);
        for (Map.Entry<String, Optimizer> other : others.entrySet()) {
            List<double[]> otherPath = new ArrayList<>(List.of(start.parameters()));
            try {
                new Trainer(loss.loss, other.getValue(), frames * steps).fit(data, start, e -> otherPath.add(e.parameters()));
            } catch (DivergenceException e) { // its path is drawn while it stays near the surface drawn, and why it left said
                stdout.printf(Locale.ROOT, "%s diverged: %s%n", other.getKey(), e.getMessage());
                diverged.add(other.getKey());
                otherPath.removeIf(p -> !(lossAt(data, p[0], p[1]) <= 10 * startLoss));
            }
            paths.put(other.getKey(), otherPath);
        }

        LinearModel fitted = (LinearModel) fit.model();
        stdout.println();
        try {
            LinearModel optimum = LeastSquares.fit(data, true);
            double optimumLoss = new Objective(loss.loss, data).value(optimum);
            animation.optimum(optimum.weight(0), optimum.bias());
            stdout.printf(Locale.ROOT, "The exact least-squares optimum is a = %s, b = %s (%s %s).%n",
                    Text.number(optimum.weight(0)), Text.number(optimum.bias()), loss.label, Text.number(optimumLoss));
            stdout.println(Text.gap(List.of("a", "b"), fitted.parameters(), optimum.parameters(), fit.history().finalLoss(), optimumLoss,
                    frames * steps));
        } catch (DataException e) {
            stdout.println("There is no unique optimum to compare with: " + e.getMessage());
        }
        for (Map.Entry<String, List<double[]>> p : paths.entrySet()) {
            if (paths.size() > 1 && !diverged.contains(p.getKey())) {
                double[] last = p.getValue().get(p.getValue().size() - 1);
                stdout.printf(Locale.ROOT, "%-16s ends at a = %s, b = %s (%s %s)%n", p.getKey(), Text.number(last[0]),
                        Text.number(last[1]), loss.label, Text.number(lossAt(data, last[0], last[1])));
            }
        }
        animation.contour(ChartFiles.svgElement(FitPlots.contour(paths.size() == 1
                        ? "The path across the loss surface: b is found quickly, a slowly"
                        : "Optimizers side by side on the loss surface", "a", "b", paths,
                (u, v) -> lossAt(data, u, v)), "contour").element());
        AtomicFile.write(out, animation::writeTo);
        stdout.println("Wrote the animation to " + out + " (" + frames + " frames): open it in a browser.");
        stdout.flush();
        return Descent.OK;
    }

    private double lossAt(Dataset data, double a, double b) {
        return new Objective(loss.loss, data).value(LinearModel.of(List.of("x"), new double[] {a}, b));
    }

    /** The optimizers --compare names, by label, each at its rate. */
    private Map<String, Optimizer> others() {
        Map<String, Optimizer> others = new LinkedHashMap<>();
        for (String item : compare) {
            String[] parts = item.split(":", 2);
            String name = parts[0].strip();
            boolean adaptive = List.of("adagrad", "rmsprop", "adam", "adamw").contains(name);
            double rate;
            try {
                // L-BFGS's rate scales its line search's first trial step, 1 its own
                rate = parts.length > 1 ? Double.parseDouble(parts[1]) : adaptive ? 0.1 : name.equals("lbfgs") ? 1 : lr;
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--compare " + item + ": '" + parts[1] + "' is not a rate");
            }
            Check.positive(spec, "--compare " + name + " rate", rate);
            Optimizer optimizer;
            try {
                optimizer = TrainingOptions.optimizer(TrainingOptions.OptimizerName.valueOf(name), rate, 0.9, 0.01);
            } catch (IllegalArgumentException e) { // not a name, or lm
                throw new ParameterException(spec.commandLine(), "--compare " + item + ": the optimizers are gd,"
                        + " momentum, nesterov, adagrad, rmsprop, adam, adamw and lbfgs");
            }
            String label = name + " at " + Text.number(rate);
            if (label.equals("gd at " + Text.number(lr)) || others.containsKey(label)) {
                throw new ParameterException(spec.commandLine(), "--compare " + item + ": " + label + " is already drawn"
                        + (label.startsWith("gd ") ? " (the lesson's own run)" : ""));
            }
            others.put(label, optimizer);
        }
        return others;
    }

    private static void row(PrintWriter out, int frame, int update, double a, double b, double loss) {
        out.printf(Locale.ROOT, "%5d %7d %12.6f %12.6f %14.8g%n", frame, update, a, b, loss);
        out.flush();
    }
}
