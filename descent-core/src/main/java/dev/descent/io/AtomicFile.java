package dev.descent.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old file or the whole new one, never a half:
 * the content goes to a temporary file beside the target, which is then renamed over it.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {
    }

    /** Something that writes text and may fail. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** Something that writes bytes to a file's channel and may fail. */
    @FunctionalInterface
    public interface BinaryContent {
        void writeTo(FileChannel out) throws IOException;
    }

    /** Writes UTF-8 text to {@code target} atomically; on failure the target is left as it was. */
    public static void write(Path target, Content content) throws IOException {
        writeBinary(target, channel -> {
            Writer out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
            content.writeTo(out);
            out.flush();
        });
    }

    /** Writes bytes to {@code target} atomically; on failure the target is left as it was. */
    public static void writeBinary(Path target, BinaryContent content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IOException(target + ": the folder " + directory + " does not exist");
        }
        // Created as any new file is (the umask applies), unlike Files.createTempFile's owner-only files;
        // a file it replaces keeps its permissions.
        Path temporary = Files.createFile(absolute.resolveSibling(
                "." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part"));
        try {
            if (Files.exists(absolute) && Files.getFileStore(absolute).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(absolute));
            }
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
