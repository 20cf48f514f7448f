package dev.descent.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 digest of a data set's names and the exact bits of its arrays, for {@link Rows#fingerprint()}. */
final class Fingerprint {
    private final MessageDigest digest;
    // Hashed through a small buffer: a copy of the whole data set would double its memory.
    private final ByteBuffer buffer = ByteBuffer.allocate(8 * 4096);

    /** A digest that starts with {@code names}. */
    Fingerprint(String names) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        digest.update(names.getBytes(StandardCharsets.UTF_8));
    }

    Fingerprint add(double[] values) {
        for (double v : values) {
            room(8).putDouble(v);
        }
        return this;
    }

    Fingerprint add(float[] values) {
        for (float v : values) {
            room(4).putFloat(v);
        }
        return this;
    }

    Fingerprint add(int[] values) {
        for (int v : values) {
            room(4).putInt(v);
        }
        return this;
    }

    String hex() {
        digest.update(buffer.flip());
        return HexFormat.of().formatHex(digest.digest());
    }

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            digest.update(buffer.flip());
            buffer.clear();
        }
        return buffer;
    }
}
