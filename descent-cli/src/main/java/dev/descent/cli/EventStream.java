package dev.descent.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The server-sent events waiting for one browser tab: the session puts them here without ever waiting
 * (its lock is never held on a slow connection), and the tab's request thread writes them out. When a
 * tab falls behind by {@value #CAPACITY} events, the frames still waiting are dropped (a later frame
 * says all they said); other events are kept.
 */
final class EventStream {
    static final int CAPACITY = 256;

    private final Deque<String[]> waiting = new ArrayDeque<>();

    /** Queues {@code event} with its JSON payload. */
    synchronized void send(String event, String json) {
        if (waiting.size() >= CAPACITY) {
            waiting.removeIf(e -> e[0].equals("frame"));
        }
        waiting.add(new String[] {event, json});
        notifyAll();
    }

    /** The next event as the text of the stream, waiting up to {@code millis}; null when none came. */
    synchronized String next(long millis) throws InterruptedException {
        if (waiting.isEmpty()) {
            wait(millis);
        }
        String[] e = waiting.poll();
        return e == null ? null : "event: " + e[0] + "\ndata: " + e[1] + "\n\n";
    }
}
