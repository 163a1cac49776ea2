package dev.halfday.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code halfday bench}: speed and memory benchmarks, one subcommand per capability. Each prints
 * {@code name key=value …} lines on stdout.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: speed and memory of each capability, printed as 'name key=value …' lines.",
        subcommands = {
                BenchGanCommand.class,
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark, e.g. 'bench gan'");
    }
}
