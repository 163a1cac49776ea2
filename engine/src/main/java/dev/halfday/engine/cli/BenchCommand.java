package dev.halfday.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code halfday bench <what>}: measurements that prove the speed and memory targets, each scenario printed as
 * one line on stdout. Each capability adds its own subcommand here.
 */
@Command(name = "bench",
        description = "Measure speed against a peer in the same run; one line per scenario.",
        mixinStandardHelpOptions = true,
        subcommands = {
                ServeBenchCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to measure: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
