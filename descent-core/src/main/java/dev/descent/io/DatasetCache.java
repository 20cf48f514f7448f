package dev.descent.io;

import dev.descent.data.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A loaded data set kept as raw doubles beside its source file, so that the next run reads it at
 * disk speed instead of parsing text. The cache answers only for the same source (its size and
 * modification time), read with the same choice of columns; anything else, a damaged cache
 * included, is a miss, and the caller reads the source again.
 *
 * <p>The stamp is taken before the source is read, so a source changed during the read is never
 * cached under its new stamp. Layout: a header (magic, version, the source's size and time, the
 * selection key, the shape and the names), then the features row-major and the targets, as little-endian doubles,
 * then the CRC-32C of those doubles' bytes (a cache damaged in place is a miss, not wrong data).
 */
public final class DatasetCache {
    private static final long MAGIC = 0x4445_5343_4341_4348L; // "DESCCACH"
    /** 3: a CRC-32C of the doubles follows them, so a cache damaged in place (its size unchanged) is a miss. */
    private static final int VERSION = 3;
    private static final int BUFFER = 1 << 20;

    private final Path source;
    private final Path cache;
    private final String key;

    /**
     * @param source the file the data set is read from
     * @param key    what else decides the data set's content, such as the target and feature columns
     */
    public DatasetCache(Path source, String key) {
        this.source = source;
        this.cache = source.resolveSibling(source.getFileName() + ".descent-cache");
        this.key = key;
    }

    /** The source file as it is: its size and modification time (to the nanosecond where the file system keeps it). */
    public record Stamp(long size, long modifiedNanos) {
    }

    /** The source's stamp now: take it before reading the source, and give it to {@link #write}. */
    public Stamp stamp() throws IOException {
        return new Stamp(Files.size(source), Files.getLastModifiedTime(source).to(TimeUnit.NANOSECONDS));
    }

    /** Where the cache lives: beside the source, its name plus {@code .descent-cache}. */
    public Path file() {
        return cache;
    }

    /** The cached data set, if the cache holds one for the source as it is now and this key. */
    public Optional<Dataset> read() throws IOException {
        try (FileChannel in = FileChannel.open(cache, StandardOpenOption.READ)) {
            ByteBuffer lengthBuffer = ByteBuffer.allocate(Integer.BYTES);
            readFully(in, lengthBuffer);
            int headerLength = lengthBuffer.flip().getInt();
            if (headerLength < 0 || headerLength > in.size()) {
                return Optional.empty();
            }
            ByteBuffer headerBuffer = ByteBuffer.allocate(headerLength);
            readFully(in, headerBuffer);
            DataInputStream header = new DataInputStream(new ByteArrayInputStream(headerBuffer.array()));
            if (header.readLong() != MAGIC || header.readInt() != VERSION
                    || !new Stamp(header.readLong(), header.readLong()).equals(stamp()) || !header.readUTF().equals(key)) {
                return Optional.empty();
            }
            int n = header.readInt();
            int d = header.readInt();
            long expected = Integer.BYTES + headerLength + 8L * ((long) n * d + n) + Long.BYTES;
            if (n < 1 || d < 1 || (long) n * d > Integer.MAX_VALUE || in.size() != expected) {
                return Optional.empty();
            }
            String target = header.readUTF();
            List<String> features = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                features.add(header.readUTF());
            }
            double[] x = new double[n * d];
            double[] y = new double[n];
            CRC32C crc = new CRC32C();
            readDoubles(in, x, crc);
            readDoubles(in, y, crc);
            ByteBuffer sum = ByteBuffer.allocate(Long.BYTES);
            readFully(in, sum);
            if (sum.flip().getLong() != crc.getValue()) {
                return Optional.empty(); // damaged in place: read the source again
            }
            return Optional.of(Dataset.adopt(x, y, features, target, null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (EOFException | UTFDataFormatException | IllegalArgumentException e) {
            return Optional.empty(); // a damaged cache: read the source again
        }
    }

    /**
     * Keeps {@code data}, read from the source when it had stamp {@code readFrom}, as its cache (atomically:
     * never half a cache); returns false, writing nothing, if the source has changed since.
     */
    public boolean write(Dataset data, Stamp readFrom) throws IOException {
        if (!readFrom.equals(stamp())) {
            return false;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(bytes);
        header.writeLong(MAGIC);
        header.writeInt(VERSION);
        header.writeLong(readFrom.size());
        header.writeLong(readFrom.modifiedNanos());
        header.writeUTF(key);
        header.writeInt(data.rowCount());
        header.writeInt(data.featureCount());
        header.writeUTF(data.targetName());
        for (String name : data.featureNames()) {
            header.writeUTF(name);
        }
        header.flush();
        AtomicFile.writeBinary(cache, out -> {
            ByteBuffer length = ByteBuffer.allocate(Integer.BYTES).putInt(bytes.size()).flip();
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(bytes.toByteArray()));
            CRC32C crc = new CRC32C();
            writeDoubles(out, data.featureData(), crc);
            writeDoubles(out, data.targetData(), crc);
            writeFully(out, ByteBuffer.allocate(Long.BYTES).putLong(crc.getValue()).flip());
        });
        return true;
    }

    private static void readDoubles(FileChannel in, double[] values, CRC32C crc) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < values.length; ) {
            int count = Math.min(BUFFER / Double.BYTES, values.length - at);
            buffer.clear().limit(count * Double.BYTES);
            readFully(in, buffer);
            buffer.flip();
            crc.update(buffer.duplicate());
            buffer.asDoubleBuffer().get(values, at, count);
            at += count;
        }
    }

    private static void writeDoubles(FileChannel out, double[] values, CRC32C crc) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < values.length; ) {
            int count = Math.min(BUFFER / Double.BYTES, values.length - at);
            buffer.clear();
            buffer.asDoubleBuffer().put(values, at, count);
            buffer.limit(count * Double.BYTES);
            crc.update(buffer.duplicate());
            writeFully(out, buffer);
            at += count;
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new EOFException();
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
