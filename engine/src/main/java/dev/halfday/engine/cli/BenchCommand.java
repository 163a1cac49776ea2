package dev.halfday.engine.cli;

import picocli.CommandLine.Command;

/** {@code halfday bench …}: benchmarks that print one contract line per scenario. Capabilities add subcommands. */
@Command(name = "bench",
        description = "Measure speed and memory; each scenario prints one line of key=value pairs.",
        mixinStandardHelpOptions = true,
        subcommands = {
                BenchDetectCommand.class,
                BenchGanCommand.class,
                BotBenchCommand.class,
        })
public final class BenchCommand {
}
