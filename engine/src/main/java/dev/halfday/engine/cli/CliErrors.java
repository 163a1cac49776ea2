package dev.halfday.engine.cli;

import dev.halfday.engine.util.FileErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;

import java.net.BindException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Failures in plain words for the command line. Commands turn the errors they expect into usage errors (exit 2)
 * or error lines themselves; {@link #HANDLER} is the net under them: an exception that still escapes a command
 * becomes one line on stderr (exit 1), and its stack trace goes to the log at debug level only.
 */
final class CliErrors {

    private static final Logger log = LoggerFactory.getLogger(CliErrors.class);

    /** Exit status of a command that failed at run time (the "some input failed"). */
    static final int FAILED = 1;

    static final IExecutionExceptionHandler HANDLER = CliErrors::handle;

    /**
     * A usage error is its message and a pointer to --help (exit 2): the full usage text would bury the one line
     * that matters.
     */
    static final IParameterExceptionHandler USAGE_HANDLER = CliErrors::handleUsage;

    private CliErrors() {
    }

    private static int handle(Exception e, CommandLine command, ParseResult parsed) {
        log.debug("{} failed", command.getCommandSpec().qualifiedName(), e);
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + describe(e));
        command.getErr().flush();
        return FAILED;
    }

    private static int handleUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A file named by an option, read whole; one that cannot be read is a usage error naming the option. */
    static byte[] readOptionFile(CommandSpec spec, String option, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(),
                    "cannot read " + option + " " + file + ": " + (Files.isDirectory(file) ? "it is a folder" : reason(e)));
        }
    }

    /** "no such file or folder: /x", "permission denied: /x", or the exception's own message. */
    static String describe(Throwable e) {
        if (e instanceof BindException) {
            return "cannot listen on that address (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException) {
            return FileErrors.describe(e);
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? describe(e.getCause()) : e.getClass().getSimpleName();
        }
        return message;
    }

    /** Why a file operation failed, without the file: "no such file or folder", "permission denied", .... */
    static String reason(Throwable e) {
        return FileErrors.reason(e);
    }
}
