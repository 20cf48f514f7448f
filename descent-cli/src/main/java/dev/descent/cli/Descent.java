package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.io.BuildInfo;
import dev.descent.kernel.DenseKernel;
import dev.descent.train.DivergenceException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The {@code descent} command: the entry point and how errors become exit codes. */
@Command(name = "descent",
        mixinStandardHelpOptions = true,
        versionProvider = Descent.Version.class,
        header = "Fits models by gradient descent, and shows every derivative on the way.",
        description = "Start with 'descent demo' (the fast.ai lesson), then 'descent explain' (why the gradient is what"
                + " it is), then 'descent fit' on your own data.",
        subcommands = {DemoCommand.class, FitCommand.class, PredictCommand.class, EvaluateCommand.class, ExplainCommand.class,
                BenchCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {Descent.OK + ":success", Descent.FAILED + ":training failed, or an output could not be written",
                Descent.BAD_INPUT + ":a usage or input error (wrong option, unreadable data)"})
public final class Descent {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace as well as the one-line message.")
    boolean debug;

    public static void main(String[] args) {
        // Pictures are drawn into images, never onto a screen: no display is needed, nor touched if there is one.
        System.setProperty("java.awt.headless", "true");
        stopWithLauncher(System.getProperty("descent.launcher"));
        try {
            CommandLine commandLine = commandLine();
            Stdout stdout = new Stdout();
            commandLine.setOut(new PrintWriter(InputFile.restoringNames(new OutputStreamWriter(stdout,
                    Charset.defaultCharset())), true));
            int code = commandLine.execute(args);
            commandLine.getOut().flush();
            // PrintWriter keeps write errors to itself: a full disk would pass for success. A reader that stopped
            // reading (| head) is not a failure, as for any command-line tool.
            if (stdout.failure != null && !String.valueOf(stdout.failure.getMessage()).contains("Broken pipe")) {
                System.err.println("descent: cannot write to standard output (" + stdout.failure.getMessage() + ");"
                        + " the output is incomplete");
                code = code == OK ? FAILED : code;
            }
            System.exit(code);
        } catch (OutOfMemoryError e) {
            System.err.printf(Locale.ROOT, "descent: out of memory: the Java heap holds at most %d MB; give Java more,"
                    + " such as JAVA_TOOL_OPTIONS=-Xmx%dm%n", Runtime.getRuntime().maxMemory() >> 20,
                    2 * (Runtime.getRuntime().maxMemory() >> 20));
            System.exit(FAILED);
        }
    }

    /** Standard output, remembering the first write that failed (PrintWriter, above it, only says that one did). */
    private static final class Stdout extends java.io.OutputStream {
        private final java.io.FileOutputStream out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        IOException failure;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }
    }

    /**
     * Ends this JVM when the launcher script that started it ends ({@code descent.launcher} is its process id): a
     * launcher killed, even with kill -9, leaves no JVM training on behind it.
     */
    private static void stopWithLauncher(String launcher) {
        if (launcher == null || !launcher.matches("[0-9]{1,19}")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(launcher)).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(FAILED)),
                () -> Runtime.getRuntime().halt(FAILED));
    }

    /** The configured command line; tests run {@code execute} on it with their own output writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Descent());
        commandLine.setExecutionExceptionHandler(Descent::onFailure);
        commandLine.setParameterExceptionHandler(Descent::onUsageError);
        return commandLine;
    }

    private static int onFailure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        int code;
        String message;
        if (e instanceof DivergenceException) {
            code = FAILED;
            message = e.getMessage();
        } else if (e instanceof DescentException) {
            code = BAD_INPUT;
            message = e.getMessage();
        } else if (e instanceof CommandLine.ParameterException p) {
            return onUsageError(p, new String[0]);
        } else if (e instanceof IOException) {
            code = FAILED;
            message = "cannot write output: " + e.getMessage();
        } else {
            code = FAILED;
            message = "internal error: " + e + " (run again with --debug for the stack trace, and please report it)";
        }
        err.println(command.getCommandSpec().qualifiedName() + ": " + InputFile.originalNames(message));
        if (debugRequested(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + InputFile.originalNames(e.getMessage()) + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        if (debugRequested(command.getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The version stamped into the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"descent " + BuildInfo.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                    "kernel: " + DenseKernel.choice()};
        }
    }
}
