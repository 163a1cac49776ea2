package dev.halfday.engine.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A TCP port option: 0 (any free port) to 65535. Checked while the command line is parsed, so a bad port is a
 * usage error (exit 2) before anything starts, not an exception from the socket code.
 */
final class PortConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port number (0 to 65535)");
        }
        if (port < 0 || port > 65535) {
            throw new TypeConversionException("port must be between 0 and 65535, got " + port);
        }
        return port;
    }
}
