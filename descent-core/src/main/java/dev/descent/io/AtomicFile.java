package dev.descent.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
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

    /**
     * Writes bytes to {@code target} atomically; on failure the target is left as it was. A symbolic link is followed
     * (the file it names is replaced, the link kept); a target that is not a regular file (a device such as
     * {@code /dev/null}, a named pipe) is written to directly, as there is nothing to replace. The temporary file
     * is forced to disk before it is renamed, and one a killed process left beside the target is removed.
     */
    public static void writeBinary(Path target, BinaryContent content) throws IOException {
        Path given = target.toAbsolutePath().normalize();
        // the system's own files (/dev/stdout, /dev/null, /proc/self/fd/1) are streams to write to, whatever they link to
        Path absolute = given.startsWith("/dev") || given.startsWith("/proc") ? given : followLinks(given);
        if (given.startsWith("/dev") || given.startsWith("/proc")
                || Files.exists(absolute) && !Files.isRegularFile(absolute) && !Files.isDirectory(absolute)) {
            try (FileChannel out = FileChannel.open(absolute, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            return;
        }
        Path directory = absolute.getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new IOException(target + ": the folder " + directory + " does not exist");
        }
        removeLeftovers(absolute);
        // Created as any new file is (the umask applies), unlike Files.createTempFile's owner-only files;
        // a file it replaces keeps its permissions. Its name holds this process's id, so a later run can tell a
        // leftover of a killed run from the file of one still writing.
        Path temporary = Files.createFile(absolute.resolveSibling(prefix(absolute) + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part"));
        try {
            if (Files.exists(absolute) && Files.getFileStore(absolute).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(absolute));
            }
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                content.writeTo(out);
                out.force(true); // on disk before the rename makes it the file: a crash then leaves old or new, whole
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

    /**
     * The file a chain of symbolic links ends at (which need not exist yet), resolved as the system resolves it: a
     * link's target is read from the link's real folder, so ".." means that folder's parent.
     */
    private static Path followLinks(Path path) throws IOException {
        if (Files.exists(path)) {
            return path.toRealPath();
        }
        Path at = path;
        for (int hops = 0; Files.isSymbolicLink(at); hops++) { // a dangling link: where its target will be
            if (hops == 40) {
                throw new IOException(path + ": too many symbolic links");
            }
            Path folder = at.getParent().toRealPath();
            at = folder.resolve(Files.readSymbolicLink(at));
        }
        return at.getParent() != null && Files.isDirectory(at.getParent()) ? at.getParent().toRealPath()
                .resolve(at.getFileName()) : at;
    }

    /** The start of the temporary files' names for {@code target}: {@code .NAME.}, followed by a process id. */
    private static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Removes temporary files for {@code target} whose process is gone (killed while writing, so it never cleaned up). */
    private static void removeLeftovers(Path target) throws IOException {
        String prefix = prefix(target);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(target.getParent(),
                entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(".part"))) {
            for (Path part : parts) {
                String rest = part.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash > 0 && rest.substring(0, dash).matches("[0-9]{1,19}")
                        && ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).isEmpty()) {
                    Files.deleteIfExists(part);
                }
            }
        } catch (java.nio.file.AccessDeniedException e) {
            // a folder that can be written but not listed: the leftovers stay, the write goes on
        }
    }
}
