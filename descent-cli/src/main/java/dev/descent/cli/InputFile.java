package dev.descent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * A file argument a command reads, perhaps more than once (its header, then its rows): a pipe or a device
 * ({@code /dev/stdin}, a shell's {@code <(...)}) can be read only once, so it is read into a temporary file of the
 * same name (deleted at exit), and messages give that file's path back as the one the user wrote.
 */
final class InputFile implements CommandLine.ITypeConverter<Path> {
    private static final Map<String, String> ORIGINALS = new ConcurrentHashMap<>();

    @Override
    public Path convert(String value) throws IOException {
        Path path = Path.of(value);
        if (!Files.exists(path) || Files.isRegularFile(path) || Files.isDirectory(path)) {
            return path;
        }
        Path folder = Files.createTempDirectory("descent-input");
        folder.toFile().deleteOnExit(); // removed after the file in it: the last registered goes first
        Path copy = folder.resolve(path.getFileName() == null ? "input" : path.getFileName().toString());
        copy.toFile().deleteOnExit();
        try (InputStream in = Files.newInputStream(path)) {
            Files.copy(in, copy);
        }
        ORIGINALS.put(copy.toString(), value);
        return copy;
    }

    /** Whether {@code path} is a copy of a pipe's data made here (it lives only as long as this run). */
    static boolean isCopy(Path path) {
        return ORIGINALS.containsKey(path.toString());
    }

    /** {@code message} with each copy's path given back as the path the user wrote. */
    static String originalNames(String message) {
        String named = message;
        for (Map.Entry<String, String> copy : ORIGINALS.entrySet()) {
            named = named.replace(copy.getKey(), copy.getValue());
        }
        return named;
    }

    /**
     * {@code out} with each copy's path written as the path the user wrote: what a command prints about its input
     * ("fit of /dev/stdin") reads as the user wrote it. Lines pass whole, so a path is never split between writes.
     */
    static Writer restoringNames(Writer out) {
        return new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                if (ORIGINALS.isEmpty() && line.isEmpty()) {
                    out.write(buffer, offset, length);
                    return;
                }
                for (int i = offset; i < offset + length; i++) {
                    line.append(buffer[i]);
                    if (buffer[i] == '\n') {
                        pass();
                    }
                }
            }

            private void pass() throws IOException {
                out.write(originalNames(line.toString()));
                line.setLength(0);
            }

            @Override
            public void flush() throws IOException {
                pass();
                out.flush();
            }

            @Override
            public void close() throws IOException {
                flush();
                out.close();
            }
        };
    }
}
