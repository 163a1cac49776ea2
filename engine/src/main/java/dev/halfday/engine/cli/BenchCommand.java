package dev.halfday.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code halfday bench ...}: the benchmarks that prove speed and memory targets, one subcommand per capability. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Figures are medians, compared with a peer measured in the same run.",
        subcommands = {
                BotBenchCommand.class,
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a benchmark, e.g. halfday bench bot");
    }
}
