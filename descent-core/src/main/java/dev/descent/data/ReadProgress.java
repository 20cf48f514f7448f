package dev.descent.data;

/** Told, now and then while a file is read, how far reading has got. */
@FunctionalInterface
public interface ReadProgress {
    /** Reports nowhere. */
    ReadProgress NONE = (done, total) -> { };

    /** {@code done} of the file's {@code total} bytes have been read. */
    void bytesRead(long done, long total);
}
