package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit --checkpoint and --resume from the command line: what a resumed run checks before it goes on. */
class CheckpointCommandTest {
    @TempDir
    Path dir;

    @Test
    void aResumeGoesOnOnlyWithTheRunsOwnDataAndCommandLine() throws Exception {
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Path checkpoint = dir.resolve("checkpoint");
        Path model = dir.resolve("model.json");
        Run first = Run.descent("fit", data.toString(), "--target", "y", "--lr", "0.1", "--epochs", "20", "--checkpoint",
                checkpoint.toString(), "--checkpoint-every", "4", "--out", model.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(16, new ObjectMapper().readTree(checkpoint.resolve("checkpoint.json").toFile()).get("epoch").asInt(),
                "the newest checkpoint before the last epoch");
        String whole = Files.readString(model);
        Files.delete(model);
        Run resumed = Run.descent("fit", "--resume", checkpoint.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(new ObjectMapper().readTree(whole).get("weights"), new ObjectMapper().readTree(model.toFile())
                .get("weights"));
        Run other = Run.descent("fit", data.toString(), "--target", "y", "--epochs", "30", "--resume", checkpoint.toString());
        assertEquals(2, other.exitCode());
        assertTrue(other.err().contains("goes on with the run its checkpoint records (descent fit " + data), other.err());
        Files.writeString(data, new Lesson(30, 3, 8, 7).csv());
        Run changed = Run.descent("fit", "--resume", checkpoint.toString());
        assertEquals(2, changed.exitCode());
        assertTrue(changed.err().contains("the data are not those the run read"), changed.err());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run none = Run.descent("fit", "--resume", empty.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains(empty + ": no checkpoint yet"), none.err());
        Run noData = Run.descent("fit", "--target", "y");
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("Missing required parameter: 'DATA'"), noData.err());
    }
}
