package dev.descent.cli;

import dev.descent.optim.Schedule;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reads {@code --schedule}: {@code constant}, {@code step:EVERY:GAMMA}, {@code exponential:GAMMA},
 * {@code inverse-time:DECAY}, {@code cosine:PERIOD[:FLOOR]}, {@code warmup:EPOCHS[:SCHEDULE]}.
 */
final class ScheduleSpec {
    private ScheduleSpec() {
    }

    static Schedule parse(CommandSpec spec, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--schedule " + text + ": " + e.getMessage());
        }
    }

    private static Schedule parse(String text) {
        String[] parts = text.split(":", 2);
        String rest = parts.length > 1 ? parts[1] : "";
        String[] args = rest.isEmpty() ? new String[0] : rest.split(":");
        return switch (parts[0]) {
            case "constant" -> {
                arguments(args, 0, 0, "constant takes no arguments");
                yield Schedule.constant();
            }
            case "step" -> {
                arguments(args, 2, 2, "expected step:EVERY:GAMMA, such as step:100:0.5");
                yield new Schedule.Step(integer(args[0]), number(args[1]));
            }
            case "exponential" -> {
                arguments(args, 1, 1, "expected exponential:GAMMA, such as exponential:0.99");
                yield new Schedule.Exponential(number(args[0]));
            }
            case "inverse-time" -> {
                arguments(args, 1, 1, "expected inverse-time:DECAY, such as inverse-time:0.01");
                yield new Schedule.InverseTime(number(args[0]));
            }
            case "cosine" -> {
                arguments(args, 1, 2, "expected cosine:PERIOD[:FLOOR], such as cosine:500");
                yield new Schedule.Cosine(integer(args[0]), args.length > 1 ? number(args[1]) : 0);
            }
            case "warmup" -> {
                if (args.length == 0) {
                    throw new IllegalArgumentException("expected warmup:EPOCHS[:SCHEDULE], such as warmup:10:cosine:500");
                }
                String[] inner = rest.split(":", 2);
                yield new Schedule.WarmUp(integer(inner[0]), inner.length > 1 ? parse(inner[1]) : Schedule.constant());
            }
            default -> throw new IllegalArgumentException("unknown schedule '" + parts[0]
                    + "'; expected constant, step, exponential, inverse-time, cosine or warmup");
        };
    }

    private static void arguments(String[] args, int min, int max, String usage) {
        if (args.length < min || args.length > max) {
            throw new IllegalArgumentException(usage);
        }
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found '" + text + "'");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, found '" + text + "'");
        }
    }
}
