package dev.halfday.engine.cli;

import dev.halfday.engine.util.TensorFlowEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code halfday} command line: the engine, headless. Each capability adds its subcommands here.
 * Exit status: 0 success, 1 some input failed (the rest still processed), 2 usage error.
 */
@Command(name = "halfday",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Halfday engine: object detection, GAN training, a detection service and chat bots.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ServeCommand.class,
                ExportDetectorCommand.class,
                DetectCommand.class,
                BotCommand.class,
                WeChatSimCommand.class,
                WeComSimCommand.class,
                TrainGanCommand.class,
                GanSampleCommand.class,
                GanExportCommand.class,
                GanFidCommand.class,
                GanPlotCommand.class,
                TrainClassifierCommand.class,
                BenchCommand.class,
        })
public final class HalfdayCli {

    public static void main(String[] args) {
        TensorFlowEnvironment.preferOneDnn(); // bin/halfday exports it already; this covers a plain `java -cp`
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit status (tests call this instead of main). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new HalfdayCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(CliErrors.HANDLER)
                .setParameterExceptionHandler(CliErrors.USAGE_HANDLER);
        giveEveryCommandTheVersion(cli);
        return cli;
    }

    /** {@code halfday detect --version} prints the program's version too, not an empty line. */
    private static void giveEveryCommandTheVersion(CommandLine command) {
        if (command.getCommandSpec().versionProvider() == null) {
            command.getCommandSpec().versionProvider(new VersionProvider());
        }
        command.getSubcommands().values().forEach(HalfdayCli::giveEveryCommandTheVersion);
    }
}
