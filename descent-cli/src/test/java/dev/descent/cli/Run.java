package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** One run of the descent command in this JVM: its exit code and what it printed. */
record Run(int exitCode, String out, String err) {

    static Run descent(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Descent.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The arguments {@code fit DATA <common...> <more...>}. */
    static String[] fitArgs(Path data, String[] common, String... more) {
        String[] all = new String[2 + common.length + more.length];
        all[0] = "fit";
        all[1] = data.toString();
        System.arraycopy(common, 0, all, 2, common.length);
        System.arraycopy(more, 0, all, 2 + common.length, more.length);
        return all;
    }

    /**
     * Asserts the run failed as a user's mistake should: exit code 2, one line on stderr starting with
     * the command's name, no stack trace or internal error, nothing on stdout.
     */
    void assertOneLineError(String command) {
        assertEquals(2, exitCode, err);
        assertEquals(1, err.lines().count(), "one line on stderr, got: " + err);
        assertTrue(err.startsWith("descent " + command + ": "), err);
        assertFalse(err.contains("\tat ") || err.contains("internal error"), err);
        assertEquals("", out);
    }
}
