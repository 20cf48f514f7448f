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

    @Test
    void whatCannotCheckpointIsRefusedAndLeavesNoFolder() throws Exception {
        Path data = dir.resolve("lesson.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Path none = dir.resolve("none");
        Run exact = Run.descent("fit", data.toString(), "--target", "y", "--solver", "exact", "--checkpoint", none.toString());
        assertEquals(2, exact.exitCode());
        assertTrue(exact.err().contains("--solver exact has none"), exact.err());
        Run refused = Run.descent("fit", data.toString(), "--target", "y", "--checkpoint", none.toString(), "--out",
                data.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(!Files.exists(none), "a refused run made no checkpoint folder");
        // a global option before fit, and a resume given other options
        Path checkpoint = dir.resolve("checkpoint");
        Path model = dir.resolve("model.json");
        Run debug = Run.descent("--debug", "fit", data.toString(), "--target", "y", "--epochs", "10", "--checkpoint",
                checkpoint.toString(), "--checkpoint-every", "3", "--out", model.toString());
        assertEquals(0, debug.exitCode(), debug.err());
        assertEquals(0, Run.descent("fit", "--resume", checkpoint.toString()).exitCode());
        Run more = Run.descent("fit", "--resume", checkpoint.toString(), "--epochs", "500");
        assertEquals(2, more.exitCode());
        assertTrue(more.err().contains("give --resume alone, without --epochs"), more.err());
    }
}
