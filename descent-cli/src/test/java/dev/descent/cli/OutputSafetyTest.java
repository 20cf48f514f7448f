package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user already has is never written over by mistake. */
class OutputSafetyTest {
    @TempDir
    Path dir;

    @Test
    void anOutputThatNamesAnInputOrAnotherOutputIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path data = dir.resolve("data.csv");
        String csv = new Lesson(30, 3, 8, 42).csv();
        Files.writeString(data, csv);
        Run same = Run.descent("fit", data.toString(), "--target", "y", "--out", data.toString());
        same.assertOneLineError("fit");
        assertEquals(2, same.exitCode());
        assertTrue(same.err().contains("--out " + data + " is the data file: writing it would overwrite what is read"),
                same.err());
        assertEquals(csv, Files.readString(data));
        // the same file by another name
        Path link = Files.createSymbolicLink(dir.resolve("alias.csv"), data);
        Run alias = Run.descent("fit", data.toString(), "--target", "y", "--history", link.toString());
        assertEquals(2, alias.exitCode(), alias.err());
        assertTrue(alias.err().contains("--history " + link + " is the data file"), alias.err());
        Path model = dir.resolve("model.json");
        Run twice = Run.descent("fit", data.toString(), "--target", "y", "--out", model.toString(), "--history",
                model.toString());
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("--out and --history both name " + model), twice.err());
        assertEquals(0, Run.descent("fit", data.toString(), "--target", "y", "--out", model.toString()).exitCode());
        String saved = Files.readString(model);
        Run predict = Run.descent("predict", model.toString(), data.toString(), "--out", model.toString());
        assertEquals(2, predict.exitCode());
        assertTrue(predict.err().contains("--out " + model + " is the model file"), predict.err());
        assertEquals(saved, Files.readString(model));
        Run onModel = Run.descent("fit", data.toString(), "--target", "y", "--init-model", model.toString(), "--out",
                model.toString());
        assertEquals(2, onModel.exitCode());
        assertTrue(onModel.err().contains("is --init-model"), onModel.err());
    }

    @Test
    void anOutputThroughASymbolicLinkKeepsTheLink() throws Exception {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Path models = Files.createDirectory(dir.resolve("models"));
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), models.resolve("v1.json"));
        assertEquals(0, Run.descent("fit", data.toString(), "--target", "y", "--out", link.toString()).exitCode());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(models.resolve("v1.json")).contains("descent-model"));
    }

    @Test
    void settingsOutOfRangeAndAnUnwritableOutputAreRefusedBeforeTraining() throws Exception {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, new Lesson(30, 3, 8, 42).csv());
        Run momentum = Run.descent("fit", data.toString(), "--target", "y", "--optimizer", "momentum", "--momentum", "2");
        assertEquals(2, momentum.exitCode());
        assertTrue(momentum.err().contains("momentum must be in [0, 1), got 2.0"), momentum.err());
        Run decay = Run.descent("fit", data.toString(), "--target", "y", "--optimizer", "adamw", "--weight-decay", "-1");
        assertEquals(2, decay.exitCode());
        assertTrue(decay.err().contains("weight decay must be a finite number >= 0, got -1.0"), decay.err());
        // a million epochs would take minutes: the refusal comes first, and nothing was trained or printed
        Run nowhere = Run.descent("fit", data.toString(), "--target", "y", "--epochs", "1000000", "--out",
                dir.resolve("missing/model.json").toString());
        assertEquals(2, nowhere.exitCode());
        assertTrue(nowhere.err().contains("the folder " + dir.resolve("missing") + " does not exist"), nowhere.err());
        assertEquals("", nowhere.out());
    }
}
