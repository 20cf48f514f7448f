package dev.descent.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import dev.descent.data.Rows;
import dev.descent.loss.Loss;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;
import dev.descent.model.Model;
import dev.descent.train.History;
import dev.descent.train.Objective;
import dev.descent.train.Trainer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The pictures of a fit, as {@code fit --plot DIR} writes them (each as PNG and SVG): the loss per
 * epoch, fitted against actual, residuals against fitted, the parameters' paths, the loss surface over
 * two parameters as contours with the descent's path on it, and, for a model of one column, the data
 * with the fitted curve.
 */
public final class FitPlots {
    /** Points a side of the grid the contours are traced on. */
    static final int GRID = 61;
    /** Contour levels drawn. */
    static final int LEVELS = 14;
    /** Rows a contour's losses are computed on, evenly spread: a grid of losses is thousands of passes. */
    public static final int CONTOUR_ROWS = 50_000;
    /** Parameters whose paths are drawn. */
    static final int PATHS_DRAWN = 12;
    private static final Color PATH = new Color(0xD6, 0x27, 0x28);
    /** One colour a path: the first is the single path's. */
    private static final Color[] PATHS = {PATH, new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD),
        new Color(0xFF, 0x7F, 0x0E), new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2), new Color(0x17, 0xBE, 0xCF)};
    private static final Color LEVEL = new Color(0x1F, 0x77, 0xB4, 150);
    private static final Color DATA = new Color(0x1F, 0x77, 0xB4);

    /**
     * What the pictures are drawn from.
     *
     * @param names      the parameters' names
     * @param path       the parameters before the first epoch, then after each (one row each); at least the start and
     *                   the fitted values
     * @param losses     the training loss at each row of {@code path}, or null (a fit without epochs)
     * @param validation the validation loss after each epoch (from the second row of path), or null
     * @param actual     the targets, or null for a classifier (no fitted-against-actual)
     * @param predicted  the fitted model's predictions, or null
     * @param contour    the two parameters of the contour view (indices into names)
     * @param surface    the loss at given values of those two, the others at their fitted values
     * @param curve      the fitted function of the one column (null unless the model reads one), over {@code x}
     * @param fits       the model's predictions at other parameters, for the report's animation (null for a classifier)
     */
    public record Inputs(List<String> names, List<double[]> path, double[] losses, double[] validation, String target,
                         double[] actual, double[] predicted, int[] contour, DoubleBinaryOperator surface,
                         String column, double[] x, DoubleUnaryOperator curve, Fits fits) {
    }

    /** A model's predictions for some rows at some parameters (on the user's scale). */
    @FunctionalInterface
    public interface Fits {
        double[] at(double[] parameters, int[] rows);

        /** The predictions of {@code model}'s form at the parameters, for row i's features {@code row(i)}. */
        static Fits of(Function<double[], ? extends Model> model, IntFunction<double[]> row) {
            return (parameters, rows) -> {
                Model at = model.apply(parameters);
                double[] out = new double[rows.length];
                for (int k = 0; k < rows.length; k++) {
                    out[k] = at.predict(row.apply(rows[k]));
                }
                return out;
            };
        }
    }

    /**
     * The way a fit went: the parameters at the start, after every epoch (on the user's scale) and at the fit, with
     * the training loss at the start and after each epoch, and the validation loss after each (null where there is
     * none). Without a history (a solve, Levenberg-Marquardt) the path is the start and the fit, and there are no losses.
     */
    public record Track(List<double[]> path, double[] losses, double[] validation) {
        public static Track of(double[] start, History history, boolean validates, UnaryOperator<double[]> toUser,
                               double[] fitted) {
            List<double[]> path = new ArrayList<>(List.of(start));
            double[] losses = null;
            double[] validation = null;
            if (history != null) {
                losses = new double[history.epochs() + 1];
                losses[0] = history.initialLoss();
                validation = validates ? new double[history.epochs()] : null;
                for (int e = 1; e <= history.epochs(); e++) {
                    path.add(toUser.apply(history.parameters(e)));
                    losses[e] = history.loss(e);
                    if (validation != null) {
                        validation[e - 1] = history.validationLoss(e);
                    }
                }
            }
            path.add(fitted);
            return new Track(path, losses, validation);
        }
    }

    private FitPlots() {
    }

    /** Writes every picture {@code in} allows into {@code dir}; returns the names written (without extension). */
    public static List<String> write(Path dir, Inputs in) throws IOException {
        Map<String, JFreeChart> charts = charts(in);
        for (Map.Entry<String, JFreeChart> chart : charts.entrySet()) {
            ChartFiles.write(chart.getValue(), dir, chart.getKey());
        }
        return List.copyOf(charts.keySet());
    }

    /** Every picture {@code in} allows, by name, in the order they are shown. */
    public static Map<String, JFreeChart> charts(Inputs in) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        if (in.losses() != null) {
            charts.put("loss", loss(in));
        }
        if (in.actual() != null) {
            charts.put("fitted", fittedAgainstActual(in));
            charts.put("residuals", residuals(in));
        }
        charts.put("parameters", parameters(in));
        if (in.contour() != null) {
            charts.put("contour", contour(in));
        }
        if (in.curve() != null) {
            charts.put("curve", curve(in));
        }
        return charts;
    }

    /**
     * The loss per epoch on a log scale; an epoch whose loss is 0 (or not finite) has no point there, and the title
     * says where the loss reached 0.
     */
    static JFreeChart loss(Inputs in) {
        XYSeries training = new XYSeries("training");
        XYSeries validation = new XYSeries("validation");
        int zeroFrom = -1;
        double smallest = Double.POSITIVE_INFINITY;
        for (int e = 0; e < in.losses().length; e++) {
            double v = in.losses()[e];
            if (positive(v)) {
                training.add(e, v);
                smallest = Math.min(smallest, v);
            } else if (v == 0 && zeroFrom < 0) {
                zeroFrom = e;
            }
            if (in.validation() != null && e > 0 && positive(in.validation()[e - 1])) {
                validation.add(e, in.validation()[e - 1]);
                smallest = Math.min(smallest, in.validation()[e - 1]);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(training);
        if (!validation.isEmpty()) {
            data.addSeries(validation);
        }
        String title = zeroFrom < 0 ? "Loss per epoch" : "Loss per epoch (0 from epoch " + zeroFrom + ": not on a log scale)";
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "loss", data, PlotOrientation.VERTICAL,
                !validation.isEmpty(), false, false);
        if (smallest < Double.POSITIVE_INFINITY) {
            LogAxis axis = new LogAxis("loss (log scale)");
            axis.setSmallestValue(Math.max(Double.MIN_NORMAL, smallest * 0.5));
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole powers of ten: 10^-3, not 10^-2.5
            chart.getXYPlot().setRangeAxis(axis);
        }
        style(chart);
        return chart;
    }

    static JFreeChart fittedAgainstActual(Inputs in) {
        XYSeries points = new XYSeries("rows", false);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i : sample(in.actual().length)) {
            points.add(in.actual()[i], in.predicted()[i]);
            low = Math.min(low, Math.min(in.actual()[i], in.predicted()[i]));
            high = Math.max(high, Math.max(in.actual()[i], in.predicted()[i]));
        }
        JFreeChart chart = scatter("Fitted against actual " + in.target(), "actual " + in.target(),
                "fitted " + in.target(), points);
        chart.getXYPlot().addAnnotation(new XYLineAnnotation(low, low, high, high, new BasicStroke(1f), Color.GRAY));
        return chart;
    }

    static JFreeChart residuals(Inputs in) {
        XYSeries points = new XYSeries("rows", false);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i : sample(in.actual().length)) {
            points.add(in.predicted()[i], in.actual()[i] - in.predicted()[i]);
            low = Math.min(low, in.predicted()[i]);
            high = Math.max(high, in.predicted()[i]);
        }
        JFreeChart chart = scatter("Residuals against fitted", "fitted " + in.target(), "actual - fitted", points);
        chart.getXYPlot().addAnnotation(new XYLineAnnotation(low, 0, high, 0, new BasicStroke(1f), Color.GRAY));
        return chart;
    }

    /** The paths of the parameters largest at the end, at most {@value #PATHS_DRAWN} (a model may have thousands). */
    static JFreeChart parameters(Inputs in) {
        XYSeriesCollection data = new XYSeriesCollection();
        double[] last = in.path().get(in.path().size() - 1);
        List<Integer> largest = java.util.stream.IntStream.range(0, in.names().size()).boxed()
                .sorted((i, j) -> Double.compare(Math.abs(last[j]), Math.abs(last[i]))).limit(PATHS_DRAWN).sorted().toList();
        for (int k : largest) {
            XYSeries series = new XYSeries(in.names().get(k), false);
            for (int e = 0; e < in.path().size(); e++) {
                series.add(e, in.path().get(e)[k]);
            }
            data.addSeries(series);
        }
        String title = largest.size() < in.names().size()
                ? "The " + PATHS_DRAWN + " largest of " + in.names().size() + " parameters per epoch" : "Parameters per epoch";
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "value", data, PlotOrientation.VERTICAL, true,
                false, false);
        style(chart);
        return chart;
    }

    /** The loss over two parameters as level curves, the others at their fitted values, with the path across it. */
    static JFreeChart contour(Inputs in) {
        int a = in.contour()[0];
        int b = in.contour()[1];
        return contour("Loss surface over " + in.names().get(a) + " and " + in.names().get(b)
                        + ", the others at their fitted values", in.names().get(a), in.names().get(b),
                Map.of("path", project(in.path(), a, b)), in.surface());
    }

    /**
     * The level curves of {@code surface} over a grid that holds every path with a fifth to spare, and each path (a
     * list of points) drawn across it in its own colour, named in a legend when there are several.
     */
    public static JFreeChart contour(String title, String xName, String yName, Map<String, List<double[]>> paths,
                                     DoubleBinaryOperator surface) {
        List<double[]> all = new ArrayList<>();
        paths.values().forEach(all::addAll);
        double[] xs = range(all, 0);
        double[] ys = range(all, 1);
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> path : paths.entrySet()) {
            XYSeries series = new XYSeries(path.getKey(), false);
            for (double[] p : path.getValue()) {
                series.add(p[0], p[1]);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xName, yName, data, PlotOrientation.VERTICAL,
                paths.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        for (Contours.Segment s : Contours.levels(xs, ys, surface, LEVELS)) {
            plot.addAnnotation(new XYLineAnnotation(s.x1(), s.y1(), s.x2(), s.y2(), new BasicStroke(1f), LEVEL));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int k = 0; k < paths.size(); k++) {
            renderer.setSeriesPaint(k, PATHS[k % PATHS.length]);
            renderer.setSeriesStroke(k, new BasicStroke(2f));
            renderer.setSeriesShape(k, new Ellipse2D.Double(-2, -2, 4, 4));
        }
        renderer.setDrawSeriesLineAsPath(true);
        plot.setRenderer(renderer);
        plot.getDomainAxis().setRange(xs[0], xs[GRID - 1]);
        plot.getRangeAxis().setRange(ys[0], ys[GRID - 1]);
        style(chart);
        return chart;
    }

    /** Each point's parameters a and b. */
    private static List<double[]> project(List<double[]> path, int a, int b) {
        return path.stream().map(p -> new double[] {p[a], p[b]}).toList();
    }

    static JFreeChart curve(Inputs in) {
        XYSeries points = new XYSeries("data", false);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i : sample(in.x().length)) {
            points.add(in.x()[i], in.actual()[i]);
            low = Math.min(low, in.x()[i]);
            high = Math.max(high, in.x()[i]);
        }
        XYSeries fitted = new XYSeries("fitted", true);
        for (int k = 0; k <= 200; k++) {
            double x = low + (high - low) * k / 200;
            double y = in.curve().applyAsDouble(x);
            if (Double.isFinite(y)) {
                fitted.add(x, y);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(points);
        data.addSeries(fitted);
        JFreeChart chart = ChartFactory.createXYLineChart("The data and the fitted curve", in.column(), in.target(), data,
                PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        renderer.setSeriesPaint(0, DATA);
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesPaint(1, PATH);
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        chart.getXYPlot().setRenderer(renderer);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        style(chart);
        return chart;
    }

    private static JFreeChart scatter(String title, String x, String y, XYSeries points) {
        JFreeChart chart = ChartFactory.createScatterPlot(title, x, y, new XYSeriesCollection(points),
                PlotOrientation.VERTICAL, false, false, false);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesPaint(0, DATA);
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        chart.getXYPlot().setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
    }

    /** The grid over parameter k: the path's range and a fifth more on each side. */
    static double[] range(List<double[]> path, int k) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] p : path) {
            low = Math.min(low, p[k]);
            high = Math.max(high, p[k]);
        }
        // a path that stood still (a solve, a warm start at the optimum): half the value each side, or 1 about 0
        double margin = high > low ? (high - low) / 5 : high != 0 ? Math.abs(high) / 2 : 1;
        double[] grid = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            grid[i] = low - margin + (high - low + 2 * margin) * i / (GRID - 1);
        }
        return grid;
    }

    /** At most 5,000 rows, evenly spread: a scatter of more draws nothing more, slowly. */
    private static int[] sample(int n) {
        return evenly(n, 5000);
    }

    /**
     * The loss a training run minimised, as a surface is drawn from it: {@code loss} on the rows {@code trainer}
     * passed over (not its validation rows; all of {@code data} without a trainer), plus {@code penalty}. On at most
     * {@code rows} of them, evenly spread, a summed loss scaled up to all of them, so its minimum stays where it is.
     */
    public static ToDoubleFunction<Model> surfaceLoss(Rows data, Trainer trainer, Loss loss, Penalty penalty, int rows) {
        int[] training = trainer == null ? null : trainer.trainingRowIndices(data.rowCount());
        Rows trained = training == null ? data : data.rows(training);
        int n = trained.rowCount();
        if (n <= rows) {
            Objective objective = new Objective(loss, trained, penalty);
            return objective::value;
        }
        Objective sampled = new Objective(loss, trained.rows(evenly(n, rows)));
        double scale = loss.reduction() == Reduction.SUM ? (double) n / rows : 1;
        return model -> scale * sampled.value(model) + (penalty.isNone() ? 0
                : penalty.value(model.parameters(), model::penalised));
    }

    /** At most {@code m} of the row indices 0..n-1, evenly spread, in order. */
    public static int[] evenly(int n, int m) {
        int k = Math.min(n, m);
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            rows[i] = (int) ((long) i * n / k);
        }
        return rows;
    }

    private static boolean positive(double v) {
        return v > 0 && Double.isFinite(v);
    }

}
