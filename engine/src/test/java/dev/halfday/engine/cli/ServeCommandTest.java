package dev.halfday.engine.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The serve, export and bench command lines: usage errors are caught before any model is loaded. */
class ServeCommandTest {

    private static final class Run {
        int exit;
        String err;
    }

    private static Run run(String... args) {
        CommandLine cli = HalfdayCli.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        Run r = new Run();
        r.exit = cli.execute(args);
        r.err = err.toString();
        return r;
    }

    @Test
    void aNetworkBindWithoutATokenIsAUsageError() {
        Run r = run("serve", "--bind", "0.0.0.0", "--port", "0");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--bind 0.0.0.0 lets other computers use this server").contains("--insecure-no-token");
    }

    @Test
    void aShortOrEmptyTokenFileIsAUsageError() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "token-");
        Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
        Run r = run("serve", "--token-file", shortToken.toString(), "--port", "0");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("the token is too short (3 characters");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(run("serve", "--token-file", empty.toString()).err).contains("is empty");
    }

    @Test
    void badLimitsAreUsageErrors() {
        assertThat(run("serve", "--max-inflight", "0").err).contains("max in-flight requests must be at least 1");
        assertThat(run("serve", "--port", "70000").err).contains("port must be between 0 and 65535");
        assertThat(run("serve", "--queue", "-1").err).contains("queue capacity must not be negative");
    }

    @Test
    void benchServePrintsOneLinePerScenarioAndPerTarget() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run("bench", "serve", "--requests", "3", "--rounds", "1", "--concurrency", "1,4");
        } finally {
            System.setOut(original);
        }
        java.util.List<String> lines = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).startsWith("serve setup image=240512B server=127.0.0.1:");
        String scenario = "serve backend=(in-process|grpc\\s{6}) concurrency=(1 |4 ) requests=3\\s+rps=\\s*[0-9.]+ "
                + "p50_ms=\\s*[0-9.]+ p99_ms=\\s*[0-9.]+";
        assertThat(lines.subList(1, 5)).allSatisfy(l -> assertThat(l).matches(scenario));
        assertThat(lines.get(1)).contains("in-process").contains("concurrency=1 ");
        assertThat(lines.get(2)).contains("grpc").contains("concurrency=1 ");
        assertThat(lines.get(5)).matches("serve paired concurrency=1 pairs=3 in-process_p50_ms=[0-9.]+ grpc_median_extra_ms=-?[0-9.]+");
        assertThat(lines.get(6)).matches("serve target grpc_p50_overhead_c1=[+-][0-9.]+% \\(paired median extra -?[0-9.]+ ms "
                + "over in-process p50 [0-9.]+ ms; target <= \\+10%\\) (PASS|FAIL)");
        assertThat(lines.get(7)).matches("serve target grpc_rps_c4_over_c1=[0-9.]+x \\([0-9.]+ vs [0-9.]+ req/s; "
                + "target >= 1.00x\\) (PASS|FAIL)");
    }

    @Test
    void benchNeedsToBeToldWhatToMeasure() {
        Run r = run("bench");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("say what to measure:").contains("serve").contains("detect");
    }
}
