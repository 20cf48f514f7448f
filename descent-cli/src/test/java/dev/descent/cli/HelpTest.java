package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpTest {

    @Test
    void everyCommandHasHelpListingItsOptions() {
        String[][] commands = {
            {"demo", "--n", "--a", "--b", "--noise", "--init-a", "--init-b", "--lr", "--frames", "--steps", "--seed", "--loss",
                "--out"},
            {"fit", "--target", "--features", "--degree", "--no-intercept", "--solver", "--lr", "--epochs", "--loss",
                "--init-weights", "--init-bias", "--history", "--out", "--format"},
            {"explain", "--data", "--target", "--features", "--degree", "--loss", "--format"},
            {"predict", "--input-format", "--out"},
            {"evaluate", "--input-format", "--target", "--format"},
        };
        for (String[] command : commands) {
            Run run = Run.descent(command[0], "--help");
            assertEquals(0, run.exitCode());
            for (int k = 1; k < command.length; k++) {
                assertTrue(run.out().contains(command[k]), command[0] + " --help lacks " + command[k]);
            }
        }
        Run top = Run.descent("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("Exit codes"), top.out());
    }

    @Test
    void versionNamesTheBuild() {
        Run run = Run.descent("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("(?s)descent \\d+\\.\\d+\\.\\d+.*"), run.out());
        // The tests run with the Vector API's module, as the launcher runs the command; whether its warm-up has
        // begun or ended depends on the tests that ran before in this JVM, so only the kernel's mention is asserted.
        assertTrue(run.out().matches("(?s).*kernel: [^\\n]*Vector API.*"), run.out());
    }
}
