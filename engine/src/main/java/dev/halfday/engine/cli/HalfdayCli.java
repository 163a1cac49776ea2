package dev.halfday.engine.cli;

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
                TrainGanCommand.class,
                GanSampleCommand.class,
                GanExportCommand.class,
                GanFidCommand.class,
                GanPlotCommand.class,
                TrainClassifierCommand.class,
                BenchCommand.class,
                dev.halfday.engine.bot.wecom.sim.WeComSimCommand.class,
        })
public final class HalfdayCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit status (tests call this instead of main). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new HalfdayCli())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
