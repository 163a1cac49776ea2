package dev.halfday.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from /proc (Linux); -1 where that is not available. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Peak resident set size so far (VmHWM), in MB. */
    static long peakRssMb() {
        return statusKb("VmHWM:") / 1024;
    }

    /** Resident set size now (VmRSS), in MB. */
    static long currentRssMb() {
        return statusKb("VmRSS:") / 1024;
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: report unknown.
        }
        return -1024;
    }
}
