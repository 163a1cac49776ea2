package dev.halfday.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code halfday bench …}: benchmarks that print one contract line per scenario. Capabilities add subcommands. */
@Command(name = "bench",
        description = "Measure speed and memory; each scenario prints one line of key=value pairs.",
        mixinStandardHelpOptions = true,
        subcommands = {
                BenchDetectCommand.class,
                BenchGanCommand.class,
                BotBenchCommand.class,
                ServeBenchCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** {@code halfday bench} alone is a usage error that lists what can be measured. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to measure: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
