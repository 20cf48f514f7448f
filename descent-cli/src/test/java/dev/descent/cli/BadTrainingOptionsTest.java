package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Training options that cannot work: one line on stderr naming the option, exit code 2, nothing written. */
class BadTrainingOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aLogisticTargetThatIsNotALabelIsAnInputErrorNamingTheDataRow() throws IOException {
        Path data = dir.resolve("labels.csv");
        Files.writeString(data, "x,y\n1,0\n2,1\n3,2\n4,1\n");
        Path model = dir.resolve("m.json");
        Run run = Run.descent("fit", data.toString(), "--target", "y", "--loss", "logistic", "--out", model.toString());
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(data.toString()), run.err());
        assertTrue(run.err().contains("data row 3") && run.err().contains("y = 2"), run.err());
        assertTrue(run.err().contains("0 or 1"), "says what was expected: " + run.err());
        assertFalse(Files.exists(model));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--lr auto with a loss without curvature | --lr auto --loss mae                     | --lr auto",
        "unknown schedule                        | --schedule bogus                          | bogus",
        "step schedule every 0 epochs            | --schedule step:0:0.5                     | step:0:0.5",
        "L-BFGS with mini-batches                | --optimizer lbfgs --batch-size 10         | --batch-size",
        "L-BFGS with L1                          | --optimizer lbfgs --l1 0.1                | --l1",
        "L-BFGS with a schedule                  | --optimizer lbfgs --schedule cosine:10    | schedule",
        "exact solver for the logistic loss      | --solver exact --loss logistic            | --solver exact",
        "validation fraction above 1             | --validation 1.5                          | --validation",
        "Huber delta 0                           | --loss huber --delta 0                    | --delta",
        "quantile 1                              | --loss quantile --quantile 1              | --quantile",
        "delta 0 even when unused                | --delta 0                                 | --delta",
        "warm-up of 0 epochs                     | --schedule warmup:0                       | warmup:0",
        "cosine floor above 1                    | --schedule cosine:10:2                    | cosine:10:2",
        "exponential gamma 0                     | --schedule exponential:0                  | exponential:0",
        "patience 0                              | --validation 0.2 --patience 0             | --patience",
        "batch size 0                            | --batch-size 0                            | --batch-size",
        "time limit 0                            | --time-limit 0                            | --time-limit",
        "negative l2                             | --l2 -1                                   | --l2",
        "exact solver given epochs it ignores    | --solver exact --epochs 5                 | --epochs",
        "exact solver given an optimizer         | --solver exact --optimizer adam           | --optimizer",
        "exact solver given a start it ignores   | --solver exact --init-bias 2              | --init-bias",
        "normal equations for the hinge loss     | --solver normal --loss hinge              | --solver normal",
        "normal equations given a batch size     | --solver normal --batch-size 2            | --batch-size",
        "unknown solver                          | --solver newton                           | newton",
    })
    void impossibleTrainingOptionsAreUsageErrorsNamingTheOption(String what, String options, String named)
            throws IOException {
        Path data = dir.resolve("d.csv");
        // labels 0/1 as y, so that classification losses accept the data and only the option is wrong
        Files.writeString(data, "a,b,y\n1,2,0\n2,3,1\n4,1,1\n3,3,0\n5,2,1\n");
        Path model = dir.resolve("m.json");
        List<String> args = new ArrayList<>(List.of("fit", data.toString(), "--target", "y", "--out", model.toString()));
        args.addAll(List.of(options.trim().split("\\s+")));
        Run run = Run.descent(args.toArray(String[]::new));
        run.assertOneLineError("fit");
        assertTrue(run.err().contains(named.trim()), what + ": expected «" + named.trim() + "» in " + run.err());
        assertFalse(Files.exists(model), what + ": no model is written");
    }

    @ParameterizedTest(name = "--validation {0}")
    @CsvSource({"0.05", "0.95"})
    void aValidationSplitThatLeavesNoRowsIsAUsageError(String fraction) throws IOException {
        Path data = dir.resolve("five.csv");
        Files.writeString(data, "a,y\n1,2\n2,3\n3,5\n4,4\n5,6\n");
        Run run = Run.descent("fit", data.toString(), "--target", "y", "--validation", fraction);
        run.assertOneLineError("fit");
        assertTrue(run.err().contains("--validation") || run.err().contains("validation fraction"), run.err());
    }

    @Test
    void explainWithoutDataRefusesTheDataOptionsItWouldIgnore() {
        Run run = Run.descent("explain", "--target", "y");
        run.assertOneLineError("explain");
        assertTrue(run.err().contains("--target"), run.err());
    }

}
