package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.io.CheckpointFile;
import dev.descent.train.Checkpoint;
import dev.descent.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --checkpoint DIR --checkpoint-every N} and {@code --resume DIR}: a run that saves where it stands, and its
 * continuation after it was stopped (killed, even), which ends with the model, to the bit, of a run never stopped.
 * The checkpoint records the command line; {@code fit --resume DIR} runs it again from there.
 */
final class CheckpointOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Save where training stands in DIR (checkpoint.json, written whole or not at all; DIR is made if"
                    + " missing) every --checkpoint-every epochs; 'descent fit --resume DIR' goes on from the newest.")
    Path dir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "100",
            description = "Epochs between checkpoints (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Go on with the run whose --checkpoint DIR this is, as it was asked: give no other argument.")
    Path resume;

    /** Whether this is the user's {@code fit --resume DIR}, which runs the checkpoint's command line again. */
    boolean resumesAlone(Path dataFile) {
        return resume != null && dataFile == null;
    }

    /** Runs the command line the checkpoint in --resume DIR records, with --resume DIR, on this command's outputs. */
    int rerun() throws DescentException {
        List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName()).filter(name -> !name.equals("--resume")).toList();
        if (!others.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume + " runs the command line its"
                    + " checkpoint records, as it was: give --resume alone, without " + String.join(", ", others));
        }
        CheckpointFile.Saved saved = CheckpointFile.read(resume);
        List<String> args = new ArrayList<>(List.of("fit"));
        args.addAll(saved.args());
        args.addAll(List.of("--resume", resume.toString()));
        CommandLine again = Descent.commandLine();
        again.setOut(spec.commandLine().getOut());
        again.setErr(spec.commandLine().getErr());
        return again.execute(args.toArray(String[]::new));
    }

    /** Refuses a wrong --checkpoint-every or a --checkpoint that is a file (before any work; the folder is made later). */
    void check() {
        if (dir == null && resume == null) {
            Check.unused(spec, "--checkpoint-every goes with --checkpoint", List.of("--checkpoint-every"));
            return;
        }
        Check.atLeast(spec, "--checkpoint-every", every, 1);
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--checkpoint " + dir + " is a file, expected a folder");
        }
    }

    /** Refuses --checkpoint and --resume for a fit that has no epochs (a solve, Levenberg-Marquardt). */
    void refuseWithout(String what) {
        Check.unused(spec, "--checkpoint and --resume save and go on with training's epochs; " + what + " has none",
                List.of("--checkpoint", "--resume", "--checkpoint-every"));
    }

    /**
     * The checkpoint to go on from (null when not resuming), after checking that it was made by this command line, on
     * these data, for these parameters.
     */
    Checkpoint from(String fingerprint, List<String> names) throws DescentException {
        if (resume == null) {
            return null;
        }
        CheckpointFile.Saved saved = CheckpointFile.read(resume);
        if (!saved.args().equals(asked())) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume + " goes on with the run its checkpoint"
                    + " records (descent fit " + String.join(" ", saved.args()) + "): give --resume " + resume + " alone");
        }
        if (!saved.fingerprint().equals(fingerprint)) {
            throw new DescentException("--resume " + resume + ": the data are not those the run read (their fingerprint"
                    + " differs): a run resumed on other data would not end where the first would have");
        }
        if (!saved.names().equals(names)) {
            throw new DescentException("--resume " + resume + ": the checkpoint's parameters are " + saved.names()
                    + ", this run's " + names);
        }
        return saved.checkpoint();
    }

    /**
     * What the trainer needs to save checkpoints (nothing without --checkpoint); {@code withPath} when the run writes
     * each epoch's parameters (--history, pictures), which a checkpoint then keeps too.
     */
    UnaryOperator<Trainer.Builder> saving(String fingerprint, List<String> names, boolean withPath) {
        if (dir == null) {
            return builder -> builder;
        }
        List<String> args = asked();
        return builder -> builder.checkpoints(every, c -> {
            Files.createDirectories(dir); // at the first checkpoint: a run refused earlier leaves no folder
            CheckpointFile.write(dir, args, fingerprint, names, c, withPath);
        });
    }

    /** This command's arguments as given, without its --resume DIR: what a checkpoint records. */
    private List<String> asked() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        // the command's own arguments: after its name, without options given before it (descent --debug fit ...)
        int name = args.indexOf("fit");
        if (name >= 0) {
            args.subList(0, name + 1).clear();
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--resume") && i + 1 < args.size()) {
                args.subList(i, i + 2).clear();
                i--;
            } else if (args.get(i).startsWith("--resume=")) {
                args.remove(i--);
            }
        }
        return args;
    }
}
