package dev.descent.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a CSV file's header record is and where its body starts, found in the raw bytes so that
 * the body can be split among threads: after an optional UTF-8 byte-order mark and any empty
 * lines, the header runs to the first line break outside a quoted field.
 *
 * @param text      the header record's text, without its line break (null when the file has no record)
 * @param line      the line the header is on, from 1
 * @param bodyStart the offset of the first byte after the header's line break (the file's size if none)
 */
record CsvHead(String text, long line, long bodyStart) {
    private static final int BLOCK = 1 << 16;

    static CsvHead find(FileChannel channel) throws IOException {
        long size = channel.size();
        byte[] bytes = new byte[(int) Math.min(size, BLOCK)];
        int filled = read(channel, bytes, 0);
        int start = filled >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        long line = 1;
        while (true) {
            // Skip empty lines before the header.
            while (start < filled && (bytes[start] == '\n' || bytes[start] == '\r')) {
                if (bytes[start] == '\r' && start + 1 < filled && bytes[start + 1] == '\n') {
                    start++;
                }
                start++;
                line++;
            }
            if (start == filled && filled < size && filled == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(size, 2L * bytes.length));
                filled = read(channel, bytes, filled);
                continue;
            }
            break;
        }
        if (start >= filled) {
            return new CsvHead(null, line, size);
        }
        // As FastCSV reads it: a quote opens a quoted field only at the field's start; inside, a quote closes it,
        // and a second quote right after reopens it (an escaped quote).
        boolean quoted = false;
        boolean fieldStart = true;
        boolean justClosed = false;
        for (int i = start; ; i++) {
            if (i == filled) {
                if (filled == size) { // a header with no line break: no body
                    return new CsvHead(new String(bytes, start, i - start, StandardCharsets.UTF_8), line, size);
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(size, 2L * bytes.length));
                filled = read(channel, bytes, filled);
            }
            byte b = bytes[i];
            if (quoted) {
                quoted = b != '"';
                justClosed = !quoted;
                continue;
            }
            if (b == '"' && (fieldStart || justClosed)) {
                quoted = true;
                fieldStart = false;
                justClosed = false;
                continue;
            }
            justClosed = false;
            fieldStart = b == ',';
            if (b == '\n' || b == '\r') {
                String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                int end = i + 1;
                if (b == '\r') {
                    if (end == filled && filled < size) {
                        bytes = Arrays.copyOf(bytes, bytes.length + 1);
                        filled = read(channel, bytes, filled);
                    }
                    if (end < filled && bytes[end] == '\n') {
                        end++;
                    }
                }
                return new CsvHead(text, line, end);
            }
        }
    }

    /** Fills {@code bytes[from..)} from the channel's position {@code from}; returns how far it is filled. */
    private static int read(FileChannel channel, byte[] bytes, int from) throws IOException {
        return from + readAt(channel, bytes, from, bytes.length - from, from);
    }

    /**
     * Fills {@code bytes[offset .. offset + length)} from the file at {@code position}, by positional
     * reads (safe from several threads); returns how many bytes it read, fewer only at the end of the file.
     */
    static int readAt(FileChannel channel, byte[] bytes, int offset, int length, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position() - offset) >= 0) {
            // until the buffer is full or the file ends
        }
        return buffer.position() - offset;
    }
}
