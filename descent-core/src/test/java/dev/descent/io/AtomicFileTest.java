package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a file whole or not at all, whatever the path names. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryOne() throws Exception {
        Path file = dir.resolve("model.json");
        Files.writeString(file, "old");
        assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write("half of the new");
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("model.json"), names());
    }

    @Test
    void aSymbolicLinkIsKeptAndTheFileItNamesReplaced() throws Exception {
        Path target = dir.resolve("real.json");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
        AtomicFile.write(link, out -> out.write("new"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(target));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), Path.of("later.json"));
        AtomicFile.write(dangling, out -> out.write("made"));
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(dir.resolve("later.json")));
    }

    @Test
    void aDeviceIsWrittenToNotReplaced() throws Exception {
        AtomicFile.write(Path.of("/dev/null"), out -> out.write("nothing"));
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")), "still a device");
    }

    @Test
    void aKilledWritersLeftoverIsRemovedAndALiveOnesKept() throws Exception {
        Path file = dir.resolve("out.csv");
        // no process has pid 2^22 + 1 on Linux (pid_max is at most 2^22)
        Path dead = Files.writeString(dir.resolve(".out.csv.4194305-abc.part"), "half");
        Path live = Files.writeString(dir.resolve(".out.csv." + ProcessHandle.current().pid() + "-abc.part"), "writing");
        Path other = Files.writeString(dir.resolve(".other.csv.4194305-abc.part"), "another file's");
        AtomicFile.write(file, out -> out.write("whole"));
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other));
        assertEquals("whole", Files.readString(file));
    }

    @Test
    void aLinkThroughALinkedFolderIsResolvedAsTheSystemResolvesIt() throws Exception {
        // a/l -> ../real/sub, and real/sub/f.json -> ../target.json: the file is real/target.json, not a/target.json
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("real/sub"));
        Files.createSymbolicLink(dir.resolve("a/l"), Path.of("../real/sub"));
        Files.createSymbolicLink(dir.resolve("real/sub/f.json"), Path.of("../target.json"));
        Files.writeString(dir.resolve("real/target.json"), "old");
        AtomicFile.write(dir.resolve("a/l/f.json"), out -> out.write("new"));
        assertEquals("new", Files.readString(dir.resolve("real/target.json")));
        assertFalse(Files.exists(dir.resolve("a/target.json")));
    }

    @Test
    void theStandardStreamsAreWrittenToWhateverTheyLinkTo() throws Exception {
        AtomicFile.write(Path.of("/dev/stdout"), out -> out.write(""));
        assertTrue(Files.exists(Path.of("/dev/stdout")));
    }
}
