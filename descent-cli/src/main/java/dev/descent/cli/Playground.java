package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.descent.data.CsvDatasetReader;
import dev.descent.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The playground's web server, on the JDK's own HTTP server: the page, and per browser tab a session
 * (POST /api/session), its events (GET /api/session/ID/events, server-sent events for as long as the
 * tab listens; when it stops, the session is stopped and freed) and its controls (POST
 * /api/session/ID/control). It serves nothing else: no file is read from a path a request names.
 */
final class Playground implements AutoCloseable {
    /** Tabs training at once. */
    static final int MAX_SESSIONS = 32;
    /** The largest request body read. */
    static final int MAX_BODY = 64 * 1024;
    /** The largest CSV file a tab may upload (the page says so). */
    static final int MAX_UPLOAD = 1 << 20;
    /** The most features an uploaded file may have: each is in every frame of every shown row's gradient. */
    static final int MAX_UPLOAD_FEATURES = 20;
    /** How often an idle stream is written to: a write is what finds a closed tab (the second after it closed, at most). */
    private static final long HEARTBEAT_MILLIS = 1_000;
    /** Seconds a session may wait for its tab to listen to its events. */
    private static final long UNCLAIMED_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A session's own paths: its events, its controls, its uploads. */
    private static final Pattern SESSION_PATH = Pattern.compile("/api/session/([0-9a-f-]{36})/(events|control|upload)");
    private static final byte[] PAGE = page();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "descent-playground");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, PlaygroundSession> sessions = new ConcurrentHashMap<>();
    /** One per run that may train at once; a run's place is given back when it is removed. */
    private final Semaphore places = new Semaphore(MAX_SESSIONS);
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "descent-playground-reaper");
        thread.setDaemon(true);
        return thread;
    });

    private Playground(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /** A server listening on {@code host}:{@code port} (0: any free port), started. */
    static Playground start(String host, int port) throws IOException {
        Playground playground = new Playground(HttpServer.create(new InetSocketAddress(host, port), 0));
        playground.server.start();
        return playground;
    }

    /** The address a browser opens. */
    String address() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/";
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Each session's state, for a test's message. */
    String sessionStates() {
        StringBuilder s = new StringBuilder();
        sessions.values().forEach(x -> s.append(x.id()).append(x.attached() ? " attached" : " waiting")
                .append(x.closed() ? " closed; " : " open; "));
        return s.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher action = SESSION_PATH.matcher(path);
            if (path.equals("/")) {
                allow(exchange, "GET");
                reply(exchange, 200, "text/html; charset=utf-8", PAGE);
            } else if (path.equals("/api/session")) {
                allow(exchange, "POST");
                sameOrigin(exchange);
                create(exchange);
            } else if (action.matches()) {
                String id = action.group(1);
                switch (action.group(2)) {
                    case "events" -> {
                        allow(exchange, "GET");
                        events(exchange, id);
                    }
                    case "control" -> {
                        allow(exchange, "POST");
                        sameOrigin(exchange);
                        control(exchange, id);
                    }
                    default -> {
                        allow(exchange, "POST");
                        sameOrigin(exchange);
                        upload(exchange, id);
                    }
                }
            } else {
                error(exchange, 404, "no such page: " + path);
            }
        } catch (Refusal e) {
            error(exchange, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            error(exchange, 400, e.getMessage());
        } catch (RuntimeException e) {
            error(exchange, 500, "internal error: " + e);
        } finally {
            exchange.close();
        }
    }

    /** A request refused with an HTTP status other than 400. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static void allow(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new Refusal(405, exchange.getRequestURI().getPath() + " takes " + method + ", not "
                    + exchange.getRequestMethod());
        }
    }

    /**
     * Refuses a request that a page from another site could have made: one whose Origin is another server's, or a JSON
     * request sent as something else (a form or plain text, which a browser sends across sites without asking).
     */
    private void sameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String own = address().replaceAll("/$", "");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equals(own) && !(host != null && origin.equals("http://" + host))) {
            throw new Refusal(403, "requests from " + origin + " are refused: only this server's page may train here");
        }
        boolean upload = exchange.getRequestURI().getPath().endsWith("/upload");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (upload ? exchange.getRequestHeaders().getFirst("X-File-Name") == null
                : type == null || !type.startsWith("application/json")) {
            throw new Refusal(415, upload ? "an upload names its file in the X-File-Name header"
                    : "the request must be JSON (Content-Type: application/json)");
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        PlaygroundSettings settings = PlaygroundSettings.of(body(exchange).path("settings"));
        String id = UUID.randomUUID().toString();
        // a place is taken before the run is made, outside any lock: a slow start holds up no other tab
        if (!places.tryAcquire()) {
            throw new Refusal(503, "the playground is training " + MAX_SESSIONS + " runs, its most; close a tab and"
                    + " try again");
        }
        PlaygroundSession session;
        try {
            session = new PlaygroundSession(id, settings);
        } catch (RuntimeException e) {
            places.release();
            throw e;
        }
        sessions.put(id, session);
        // a tab that never listens to its events never lets go of its session: drop it after a while (the task holds
        // the id alone, so a run that ended before is not kept in memory until then)
        reaper.schedule(() -> {
            PlaygroundSession waiting = sessions.get(id);
            if (waiting != null && !waiting.attached()) {
                end(id, waiting);
            }
        }, UNCLAIMED_SECONDS, TimeUnit.SECONDS);
        reply(exchange, 200, "application/json", JSON.createObjectNode().put("id", id).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Holds the request open, streaming the session's events, until the tab goes away; then frees the session. */
    private void events(HttpExchange exchange, String id) throws IOException {
        PlaygroundSession session = session(id);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        EventStream stream = new EventStream();
        try {
            session.attach(stream);
            while (!session.closed()) {
                String event = stream.next(HEARTBEAT_MILLIS);
                // a comment when nothing happened: writing is what finds a closed tab
                out.write((event != null ? event : ": ping\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the tab is gone
        } finally {
            end(id, session);
        }
    }

    /** Stops and frees a run, giving its place back once, whichever comes first: its tab's end or the reaper. */
    private void end(String id, PlaygroundSession session) {
        session.close();
        if (sessions.remove(id, session)) {
            places.release();
        }
    }

    private void control(HttpExchange exchange, String id) throws IOException {
        PlaygroundSession session = session(id);
        JsonNode request = body(exchange);
        switch (request.path("action").asText()) {
            case "play" -> session.play(speed(request));
            case "pause" -> session.pause();
            case "step" -> session.step();
            case "reset" -> session.reset(PlaygroundSettings.of(request.path("settings")));
            case "generate" -> session.generate(PlaygroundSettings.of(request.path("settings")));
            case "surface" -> session.redrawSurface(PlaygroundSettings.contour(request.path("contour")));
            default -> throw new IllegalArgumentException("action must be play, pause, step, reset, generate or surface,"
                    + " got "
                    + request.path("action"));
        }
        reply(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A CSV file for a tab's run: its last column is the target, the others are features, read as {@code fit} reads
     * files (its mistakes named by line and column); refused above {@link #MAX_UPLOAD} bytes or
     * {@value #MAX_UPLOAD_FEATURES} features.
     */
    private void upload(HttpExchange exchange, String id) throws IOException {
        PlaygroundSession session = session(id);
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > MAX_UPLOAD) {
            // refused before a byte of it is read; the connection closes, as the rest cannot be heard out
            exchange.getResponseHeaders().set("Connection", "close");
            throw new Refusal(413, "the file is larger than " + (MAX_UPLOAD >> 20) + " MB, the playground's limit");
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_UPLOAD + 1);
        }
        if (bytes.length > MAX_UPLOAD) { // a body sent without its length
            throw new Refusal(413, "the file is larger than " + (MAX_UPLOAD >> 20) + " MB, the playground's limit");
        }
        String name = exchange.getRequestHeaders().getFirst("X-File-Name");
        name = name == null || name.isBlank() ? "the file" : name.replaceAll("[^A-Za-z0-9._ -]", "_");
        Path file = Files.createTempFile("descent-upload", ".csv");
        try {
            Files.write(file, bytes);
            List<String> header = CsvDatasetReader.header(file);
            if (header.size() < 2 || header.size() > MAX_UPLOAD_FEATURES + 1) {
                throw new DataException(file + ": expected 2 to " + (MAX_UPLOAD_FEATURES + 1) + " columns, the features"
                        + " and then the target; the header has " + header.size());
            }
            int last = header.size() - 1;
            session.upload(CsvDatasetReader.read(file, header.get(last), header.subList(0, last)));
        } catch (DataException e) {
            error(exchange, 400, e.getMessage().replace(file.toString(), name));
            return;
        } finally {
            Files.deleteIfExists(file);
        }
        reply(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static double speed(JsonNode request) {
        double speed = request.path("speed").asDouble(20);
        if (!(speed >= 0.1 && speed <= 1000)) {
            throw new IllegalArgumentException("speed must be 0.1 to 1000 epochs a second, got " + request.path("speed"));
        }
        return speed;
    }

    private PlaygroundSession session(String id) {
        PlaygroundSession session = sessions.get(id);
        if (session == null) {
            throw new Refusal(404, "no session " + id + " (it ends when its tab closes): reload the page");
        }
        return session;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new Refusal(413, "the request is larger than " + MAX_BODY + " bytes");
            }
            JsonNode json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            if (!json.isObject()) {
                throw new IllegalArgumentException("the request must be a JSON object");
            }
            return json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the request is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        reply(exchange, status, "application/json", JSON.createObjectNode().put("error", message).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] page() {
        try (InputStream in = Playground.class.getResourceAsStream("playground.html")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        sessions.values().forEach(PlaygroundSession::close);
        sessions.clear();
        threads.shutdownNow();
        reaper.shutdownNow();
    }
}
