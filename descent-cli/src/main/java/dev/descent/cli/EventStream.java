package dev.descent.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The server-sent events waiting for one browser tab: the session puts them here without ever waiting
 * (its lock is never held on a slow connection), and the tab's request thread writes them out. When a
 * tab falls behind, only its newest {@value #FRAMES} frames wait (a later frame says all an earlier one said), and
 * at {@value #CAPACITY} events in all every waiting frame is dropped; other events are kept.
 */
final class EventStream {
    static final int CAPACITY = 256;
    /** Frames kept waiting for a slow tab: each may be tens of kilobytes (a thousand rows' parts of the gradient). */
    static final int FRAMES = 4;
    private int frames;

    private final Deque<String[]> waiting = new ArrayDeque<>();

    /** Queues {@code event} with its JSON payload. */
    synchronized void send(String event, String json) {
        boolean frame = event.equals("frame");
        if (frame && frames >= FRAMES) { // only the newest frames matter to a tab that fell behind
            Iterator<String[]> oldest = waiting.iterator();
            while (oldest.hasNext()) {
                if (oldest.next()[0].equals("frame")) {
                    oldest.remove();
                    frames--;
                    break;
                }
            }
        }
        if (waiting.size() >= CAPACITY) {
            waiting.removeIf(e -> e[0].equals("frame"));
            frames = 0;
        }
        waiting.add(new String[] {event, json});
        frames += frame ? 1 : 0;
        notifyAll();
    }

    /** The next event as the text of the stream, waiting up to {@code millis}; null when none came. */
    synchronized String next(long millis) throws InterruptedException {
        if (waiting.isEmpty()) {
            wait(millis);
        }
        String[] e = waiting.poll();
        if (e != null && e[0].equals("frame")) {
            frames--;
        }
        return e == null ? null : "event: " + e[0] + "\ndata: " + e[1] + "\n\n";
    }
}
