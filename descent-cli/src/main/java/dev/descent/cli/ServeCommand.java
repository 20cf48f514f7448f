package dev.descent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The playground: a local web page that trains while you watch. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Start the playground: a local web page that trains the lesson's model live, as you change it.",
        description = {"Serves one page on --host:--port (127.0.0.1 by default: only this machine can open it) and"
                + " prints its address. Each browser tab trains its own run, which stops when the tab closes. The page"
                + " loads nothing from any other server. Stop the server with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "The address to listen on (0.0.0.0 opens it to the network). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "The port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() throws Exception {
        Check.atLeast(spec, "--port", port, 0);
        if (port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, got " + port);
        }
        Playground playground;
        try {
            playground = Playground.start(host, port);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new dev.descent.DescentException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "):"
                    + (e instanceof java.net.BindException && e.getMessage() != null && e.getMessage().contains("in use")
                    ? " choose another --port" : " check --host and --port"));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("The playground is at " + playground.address() + " (Ctrl-C stops it)");
        out.flush();
        new CountDownLatch(1).await(); // until the JVM is stopped
        return Descent.OK;
    }
}
