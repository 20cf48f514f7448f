package dev.descent.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times Tribuo and Spark MLlib on the data that {@code bench/compare.py --peers} writes, and prints
 * one JSON object on stdout: for each run its seconds, and the weights and bias it found, so that
 * compare.py computes every loss, and the gap to the exact optimum, the same way for every tool.
 *
 * <pre>java -jar descent-peers/target/descent-peers.jar tribuo|spark DATA N D REPEATS</pre>
 *
 * DATA holds N x D features row by row, then N targets, all little-endian doubles (numpy's
 * {@code tofile} on this machine). Loading and converting the data into each library's own form is
 * never timed; only the call that fits is. Spark needs the JVM to open some JDK packages to it:
 * the jar's manifest does that ({@code Add-Opens}), so plain {@code java -jar} runs it on 17 and later.
 */
public final class Peers {

    /** One timed configuration: what it is, its seconds per repeat, and the model of its last repeat. */
    record Timing(String task, String tool, List<Double> seconds, double[] weights, double bias, int iterations) {}

    /** A model as a peer returns it: weights in column order, then the bias; iterations if it counts any. */
    record Fitted(double[] weights, double bias, int iterations) {}

    /** The rows, features row-major in one array, as compare.py generated them. */
    record Data(int n, int d, double[] x, double[] y) {
        double[] row(int i) {
            double[] row = new double[d];
            System.arraycopy(x, i * d, row, 0, d);
            return row;
        }
    }

    interface Fit {
        Fitted run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !(args[0].equals("tribuo") || args[0].equals("spark"))) {
            System.err.println("usage: java -jar descent-peers.jar tribuo|spark DATA N D REPEATS");
            System.exit(2);
        }
        Path path = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int d = Integer.parseInt(args[3]);
        int repeats = Integer.parseInt(args[4]);
        // Spark's tasks read their own rows: a copy held by the driver would stay alive in the RDD's lineage.
        List<Timing> timings = args[0].equals("tribuo") ? TribuoPeer.run(read(path, n, d, 0, n), repeats)
                : SparkPeer.run(path, n, d, repeats);
        System.out.println(json(args[0], timings));
    }

    /** Runs a fit {@code repeats} times and times each run alone; keeps the last model. */
    static Timing time(String task, String tool, int repeats, Fit fit) throws Exception {
        List<Double> seconds = new ArrayList<>();
        Fitted fitted = null;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            fitted = fit.run();
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        return new Timing(task, tool, seconds, fitted.weights(), fitted.bias(), fitted.iterations());
    }

    /** Rows {@code from} (inclusive) to {@code to} of a file of n x d features and n targets. */
    static Data read(Path path, int n, int d, int from, int to) throws IOException {
        double[] x = new double[Math.multiplyExact(to - from, d)];
        double[] y = new double[to - from];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long expected = 8L * ((long) n * d + n);
            if (channel.size() != expected) {
                throw new IOException(path + " holds " + channel.size() + " bytes, not the " + expected + " of "
                        + n + " x " + d + " features and " + n + " targets");
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            fill(channel.position(8L * from * d), buffer, x);
            fill(channel.position(8L * ((long) n * d + from)), buffer, y);
        }
        return new Data(to - from, d, x, y);
    }

    private static void fill(FileChannel channel, ByteBuffer buffer, double[] into) throws IOException {
        int filled = 0;
        while (filled < into.length) {
            buffer.clear().limit(Math.min(buffer.capacity(), 8 * (into.length - filled)));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("the data file ended early");
                }
            }
            DoubleBuffer doubles = buffer.flip().asDoubleBuffer();
            int count = doubles.remaining();
            doubles.get(into, filled, count);
            filled += count;
        }
    }

    /** Hand-written JSON: a few numbers and strings, so no JSON library on the path of either peer. */
    static String json(String peer, List<Timing> timings) {
        StringBuilder out = new StringBuilder();
        out.append("{\"peer\": \"").append(peer).append("\", \"java\": \"").append(System.getProperty("java.version"))
                .append("\", \"rows\": [");
        for (int t = 0; t < timings.size(); t++) {
            Timing timing = timings.get(t);
            out.append(t == 0 ? "\n" : ",\n").append(" {\"task\": \"").append(timing.task())
                    .append("\", \"tool\": \"").append(timing.tool())
                    .append("\", \"seconds\": ").append(numbers(timing.seconds().stream().mapToDouble(Double::doubleValue).toArray()))
                    .append(", \"iterations\": ").append(timing.iterations())
                    .append(", \"weights\": ").append(numbers(timing.weights()))
                    .append(", \"bias\": ").append(number(timing.bias())).append('}');
        }
        return out.append("\n]}").toString();
    }

    private static String numbers(double[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(number(values[i]));
        }
        return out.append(']').toString();
    }

    /** Shortest exact text; NaN and infinities as Python's json module reads them (a diverged fit). */
    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : Double.isNaN(value) ? "NaN"
                : value > 0 ? "Infinity" : "-Infinity";
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private Peers() {}
}
