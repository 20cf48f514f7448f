import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The playground under load, from a second process on loopback: starts {@code descent serve --port 0} (the built
 * jar), then, for several rounds, opens as many tabs as the server allows (and a few more, which must be refused with
 * 503), each listening to its events and pressing the controls (play, step, pause, reset, a new surface, a new
 * formula) as fast as it is answered, for a while; then closes them all and checks every place came free. It prints
 * the answers by status, the control requests' latency, the events received, and the server's resident memory after
 * each round: it must not grow from round to round.
 *
 * <pre>java bench/PlaygroundLoad.java [--sessions 32] [--extra 8] [--rounds 4] [--seconds 15]</pre>
 * (from the repository's root, after {@code ./mvnw -B -q -DskipTests package}).
 */
public final class PlaygroundLoad {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final String base;
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private PlaygroundLoad(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        int sessions = option(args, "--sessions", 32);
        int extra = option(args, "--extra", 8);
        int rounds = option(args, "--rounds", 4);
        int seconds = option(args, "--seconds", 15);
        Path jar = Path.of("descent-cli/target/descent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -q -DskipTests package)");
        }
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "serve", "--port", "0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String address = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = Pattern.compile("(http://[0-9.:\\[\\]]+/)").matcher(line);
                if (m.find()) {
                    address = m.group(1);
                    break;
                }
            }
            if (address == null) {
                throw new IllegalStateException("the server printed no address");
            }
            System.out.printf(Locale.ROOT, "server %s (pid %d); %d tabs (+%d refused) a round, %d rounds of %d s%n",
                    address, server.pid(), sessions, extra, rounds, seconds);
            System.out.printf(Locale.ROOT, "%-6s %9s %9s %7s %9s %12s %12s %12s %10s %14s%n", "round", "accepted",
                    "refused", "errors", "controls", "median ms", "p99 ms", "events/s", "RSS MB", "live heap MB");
            boolean failed = false;
            for (int round = 1; round <= rounds; round++) {
                PlaygroundLoad load = new PlaygroundLoad(address);
                load.round(sessions + extra, seconds);
                long accepted = load.count(200);
                long refused = load.count(503);
                List<Long> sorted = new ArrayList<>(load.latencies);
                Collections.sort(sorted);
                double median = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) / 1e6;
                double p99 = sorted.isEmpty() ? Double.NaN : sorted.get((int) (sorted.size() * 0.99)) / 1e6;
                boolean freed = load.allPlacesFree(sessions);
                System.out.printf(Locale.ROOT, "%-6d %9d %9d %7d %9d %12.2f %12.2f %12.0f %10.1f %14.1f%s%n", round,
                        load.created, refused, load.failures.get() + load.otherStatuses(), sorted.size(), median, p99,
                        load.events.get() / (double) seconds, rss(server.pid()) / 1024.0, liveHeap(server.pid()),
                        freed ? "" : "  (places not freed!)");
                if (accepted == 0 || !freed || load.failures.get() + load.otherStatuses() > 0 || load.created != sessions
                        || refused < extra) {
                    failed = true;
                }
            }
            if (failed) {
                System.out.println("FAILED: errors, a place not freed, or a count of tabs other than the server's limit");
                System.exit(1);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private long created;

    /** Opens {@code tabs} tabs at once, plays with each for {@code seconds}, then closes them all. */
    private void round(int tabs, int seconds) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Boolean>> tabsDone = new ArrayList<>();
        for (int t = 0; t < tabs; t++) {
            int tab = t;
            tabsDone.add(threads.submit(() -> tab(tab, end, threads)));
        }
        for (Future<Boolean> f : tabsDone) {
            if (f.get()) {
                created++;
            }
        }
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** One tab: made, listened to, its controls pressed until {@code end}; false when the server had no place. */
    private boolean tab(int tab, long end, ExecutorService threads) throws Exception {
        String settings = "{\"settings\": {\"n\": " + (200 + 100 * (tab % 10)) + ", \"features\": " + (1 + tab % 3)
                + ", \"lr\": 0.05}}";
        HttpResponse<String> made = post("api/session", settings, false);
        if (made.statusCode() != 200) {
            return false;
        }
        Matcher id = ID.matcher(made.body());
        if (!id.find()) {
            failures.incrementAndGet();
            return false;
        }
        String session = "api/session/" + id.group(1);
        java.util.concurrent.atomic.AtomicReference<Stream<String>> stream = new java.util.concurrent.atomic.AtomicReference<>();
        Future<?> listening = threads.submit(() -> listen(session, stream));
        String[] controls = {"{\"action\": \"play\", \"speed\": 200}", "{\"action\": \"step\"}",
            "{\"action\": \"pause\"}", "{\"action\": \"surface\"}",
            "{\"action\": \"reset\", \"settings\": {\"n\": 300, \"model\": \"a*exp(b*x)\", \"init\": \"a=8, b=0.1\"}}",
            "{\"action\": \"reset\", \"settings\": {\"n\": 500, \"features\": 2, \"standardize\": true}}"};
        post(session + "/control", controls[0], true);
        while (System.nanoTime() < end) {
            post(session + "/control", controls[ThreadLocalRandom.current().nextInt(controls.length)], true);
            Thread.sleep(ThreadLocalRandom.current().nextInt(20, 120));
        }
        // the tab closes: its stream ends, and the server frees its place
        for (int i = 0; i < 100 && stream.get() == null; i++) {
            Thread.sleep(10);
        }
        if (stream.get() != null) {
            stream.get().close();
        }
        listening.cancel(true);
        return true;
    }

    /** Reads the tab's events until it is closed (its stream, handed to {@code holder}, closed by the tab). */
    private void listen(String session, java.util.concurrent.atomic.AtomicReference<Stream<String>> holder) {
        try {
            HttpResponse<Stream<String>> stream = CLIENT.send(HttpRequest.newBuilder(URI.create(base + session + "/events"))
                    .GET().build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = stream.body()) {
                holder.set(lines);
                lines.filter(line -> line.startsWith("event: ")).forEach(line -> events.incrementAndGet());
            }
        } catch (IOException | RuntimeException e) {
            // the tab closed its stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(String path, String json, boolean timed) throws InterruptedException {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (timed) {
                latencies.add(System.nanoTime() - start);
            }
            return response;
        } catch (IOException e) {
            failures.incrementAndGet();
            throw new IllegalStateException(path + ": " + e);
        }
    }

    private long count(int status) {
        AtomicLong n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    /** Answers other than 200 and 503 (the place refused): none is expected. */
    private long otherStatuses() {
        return statuses.entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 503)
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** Whether, a few seconds after the tabs closed, every place can be taken again (and is given back). */
    private boolean allPlacesFree(int places) throws InterruptedException {
        for (int attempt = 0; attempt < 8; attempt++) {
            Thread.sleep(2500); // a closed stream is found at the server's next write, within a second
            List<String> ids = new ArrayList<>();
            boolean all = true;
            for (int i = 0; i < places && all; i++) {
                HttpResponse<String> made = post("api/session", "{}", false);
                Matcher id = ID.matcher(made.body());
                all = made.statusCode() == 200 && id.find();
                if (all) {
                    ids.add(id.group(1));
                }
            }
            // never listened to, these are freed by the server after a minute; close them now by listening and leaving
            for (String id : ids) {
                try {
                    // the headers come at once; closing the stream then is a tab that opened and closed
                    CLIENT.send(HttpRequest.newBuilder(URI.create(base + "api/session/" + id + "/events")).GET().build(),
                            HttpResponse.BodyHandlers.ofLines()).body().close();
                } catch (IOException e) {
                    failures.incrementAndGet();
                }
            }
            if (all) {
                Thread.sleep(2500);
                return true;
            }
        }
        return false;
    }

    /** The server's heap in use after a full collection, in MB (jcmd GC.run, then GC.heap_info), or NaN. */
    private static double liveHeap(long pid) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Process info = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                    .start();
            String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor();
            Matcher used = Pattern.compile("used ([0-9]+)K").matcher(text);
            return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The server's resident memory in kB (Linux), or NaN elsewhere. */
    private static double rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Double.NaN;
    }

    private static int option(String[] args, String name, int otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return otherwise;
    }
}
