package io.credence.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code credence-training.jar}. */
@Command(name = "credence-training", mixinStandardHelpOptions = true, version = "credence-training 0.1.0",
        description = "Trains credit-risk networks (MLP, 1-D CNN, GRU) on CSV data, exports them as ONNX model"
                + " packages for the Credence plugin, scores CSV files and compares models.",
        subcommands = {TrainCommand.class, ScoreCommand.class, CompareCommand.class, ProfileCommand.class, PrepareBerkaCommand.class,
            SignCommand.class, KeygenCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (used by tests too). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof io.credence.training.data.DataException
                    || e instanceof java.io.UncheckedIOException
                    || e instanceof io.credence.plugin.card.InvalidModelCardException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train, score, compare, sign or keygen");
    }
}
