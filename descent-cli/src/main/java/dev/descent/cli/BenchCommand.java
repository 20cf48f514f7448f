package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.kernel.DenseKernel;
import dev.descent.kernel.LinearPass;
import dev.descent.kernel.StreamingRead;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the gradient pass against this machine's memory bandwidth, side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Time a full-batch gradient pass on generated data against the floor set by memory bandwidth.",
        description = {"Generates an N x D data set in memory, then alternates two timed passes: a plain streaming read"
                + " of the features (the machine's read bandwidth, now) and one epoch of the fused squared-loss gradient"
                + " pass. The floor is the features' bytes divided by that bandwidth; the ratio is the median epoch over"
                + " the floor. Medians, with the fastest and slowest, because this machine's bandwidth wobbles."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--n", defaultValue = "1000000", description = "Rows. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--d", defaultValue = "32", description = "Features. Default: ${DEFAULT-VALUE}.")
    int d;

    @Option(names = "--float", description = "Store the features as float32 (half the bytes); the pass widens each"
            + " value and accumulates in double.")
    boolean floats;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: every processor).")
    Integer threads;

    @Option(names = "--repeats", defaultValue = "21", description = "Timed passes of each kind. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--format", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--kernel", defaultValue = "chosen", description = "chosen, plain or vector: the loops to time"
            + " (chosen: the Vector API's when the JVM has it, as fit uses). Default: ${DEFAULT-VALUE}.")
    KernelName kernelName;

    /** The kernels that {@code --kernel} names. */
    enum KernelName { chosen, plain, vector }

    @Override
    public Integer call() throws Exception {
        Check.atLeast(spec, "--n", n, 1);
        Check.atLeast(spec, "--d", d, 1);
        Check.atLeast(spec, "--repeats", repeats, 1);
        if (threads != null) {
            Check.atLeast(spec, "--threads", threads, 1);
        }
        if ((long) n * d > Integer.MAX_VALUE - 8) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--n x --d must be below 2^31 values,"
                    + " got " + (long) n * d);
        }
        DenseKernel kernel = switch (kernelName) {
            case chosen -> DenseKernel.chosen();
            case plain -> DenseKernel.plain();
            case vector -> DenseKernel.vector().orElseThrow(() -> new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--kernel vector needs the JVM started with --add-modules jdk.incubator.vector"
                    + " (the descent launcher does this)"));
        };
        int available = Runtime.getRuntime().availableProcessors();
        int t = threads == null ? available : threads;
        double[] y = new double[n];
        StreamingRead read;
        LinearPass pass;
        if (floats) {
            float[] x = new float[n * d];
            generate(y, (k, value) -> x[k] = (float) value);
            read = new StreamingRead(x, t);
            pass = new LinearPass(x, y, d, true, kernel).threads(t);
        } else {
            double[] x = new double[n * d];
            generate(y, (k, value) -> x[k] = value);
            read = new StreamingRead(x, t);
            pass = new LinearPass(x, y, d, true, kernel).threads(t);
        }
        kernel.settle(); // the chosen kernel, timed as it runs once warmed up
        double[] parameters = new double[d + 1];
        double[] gradient = new double[d + 1];
        ScalarLoss loss = Loss.mse();
        double sink = 0;
        for (int warm = 0; warm < 5; warm++) { // let the JIT compile both loops first
            sink += read.sum() + pass.lossAndGradient(parameters, loss, gradient);
        }
        double[] readSeconds = new double[repeats];
        double[] epochSeconds = new double[repeats];
        for (int r = 0; r < repeats; r++) { // alternating, so both see the same state of the machine
            long start = System.nanoTime();
            sink += read.sum();
            readSeconds[r] = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            sink += pass.lossAndGradient(parameters, loss, gradient);
            epochSeconds[r] = (System.nanoTime() - start) / 1e9;
        }
        long bytes = (floats ? Float.BYTES : Double.BYTES) * (long) n * d;
        double floor = median(readSeconds); // the time to read the features' bytes, now
        double bandwidth = bytes / floor / 1e9;
        double epoch = median(epochSeconds);
        int used = Math.min(t, available);
        int blocks = pass.blocks();
        int claiming = Math.min(used, blocks);
        String kernelText = kernel.description((long) n * d, d) + (blocks == 1 ? ", the rows in one block, on one thread"
                : ", " + blocks + " row blocks claimed by " + claiming + (claiming == 1 ? " thread" : " threads"));
        double epochMin = Arrays.stream(epochSeconds).min().orElseThrow();
        double epochMax = Arrays.stream(epochSeconds).max().orElseThrow();
        double ratio = epoch / floor;
        double epochGbs = bytes / epoch / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("n", n);
            json.put("d", d);
            json.put("storage", floats ? "float32" : "double");
            json.put("threads", used);
            json.put("bytes", bytes);
            json.put("kernel", kernelText);
            json.put("bandwidth_gbs", bandwidth);
            json.put("floor_seconds", floor);
            json.put("epoch_seconds", epoch);
            json.put("epoch_seconds_min", epochMin);
            json.put("epoch_seconds_max", epochMax);
            json.put("read_seconds_min", Arrays.stream(readSeconds).min().orElseThrow());
            json.put("read_seconds_max", Arrays.stream(readSeconds).max().orElseThrow());
            json.put("ratio", ratio);
            json.put("epoch_gbs", epochGbs);
            json.put("repeats", repeats);
            json.put("checksum", sink);
            out.println(Text.json(json));
        } else {
            out.printf(Locale.ROOT, "%d x %d %s (%.0f MB), %s%n", n, d,
                    floats ? "floats, accumulated in double" : "doubles", bytes / 1e6, kernelText);
            out.printf(Locale.ROOT, "read bandwidth %.1f GB/s (%s)%n", bandwidth,
                    repeats == 1 ? "one streaming read" : "median of " + repeats + " streaming reads");
            out.printf(Locale.ROOT, "floor          %.3f ms (the features' bytes at that bandwidth)%n", floor * 1e3);
            out.printf(Locale.ROOT, "epoch          %.3f ms median (%.3f to %.3f), %.1f GB/s%n", epoch * 1e3,
                    epochMin * 1e3, epochMax * 1e3, epochGbs);
            out.printf(Locale.ROOT, "ratio          %.2f x the floor%n", ratio);
        }
        out.flush();
        return Descent.OK;
    }

    /**
     * Features uniform in [-1, 1) and y = x . w + noise, from the seed; {@code set} stores feature k
     * (as a double or rounded to a float) and returns the value stored, from which y is computed.
     */
    private void generate(double[] y, FeatureSink set) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[d];
        Arrays.setAll(w, j -> random.nextDouble(-1, 1));
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += set.store(i * d + j, random.nextDouble(-1, 1)) * w[j];
            }
            y[i] = sum + 0.1 * random.nextDouble(-1, 1);
        }
    }

    @FunctionalInterface
    private interface FeatureSink {
        double store(int k, double value);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
