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
        CommandLine cli = HalfdayCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.execute("bench", "serve", "--requests", "3", "--rounds", "1", "--concurrency", "1,4");
        java.util.List<String> lines = out.toString().lines().toList();
        assertThat(lines).as(err.toString()).hasSize(8);
        assertThat(lines.get(0)).startsWith("serve setup image=240512B server=127.0.0.1:");
        // Exactly: single spaces, no padding, every field key=value.
        String scenario = "serve backend=(in-process|grpc) concurrency=(1|4) requests=3 rps=[0-9]+\\.[0-9] "
                + "p50_ms=[0-9]+\\.[0-9] p99_ms=[0-9]+\\.[0-9]";
        assertThat(lines.subList(1, 5)).allSatisfy(l -> assertThat(l).matches(scenario));
        assertThat(lines.get(1)).contains("backend=in-process concurrency=1 ");
        assertThat(lines.get(2)).contains("backend=grpc concurrency=1 ");
        assertThat(lines.get(5)).matches("serve paired concurrency=1 pairs=3 in-process_p50_ms=[0-9.]+ grpc_median_extra_ms=-?[0-9.]+");
        assertThat(lines.get(6)).matches("serve target grpc_p50_overhead_c1=[+-][0-9.]+% \\(paired median extra -?[0-9.]+ ms "
                + "over in-process p50 [0-9.]+ ms; target <= \\+10%\\) (PASS|FAIL)");
        assertThat(lines.get(7)).matches("serve target grpc_rps_c4_over_c1=[0-9.]+x \\([0-9.]+ vs [0-9.]+ req/s; "
                + "target >= 1.00x\\) (PASS|FAIL)");
    }

    @Test
    void exportDetectorKeepsVersionForTheProgramAndTakesTheModelVersionAsModelVersion() {
        CommandLine cli = HalfdayCli.newCommandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("export-detector", "--version")).isEqualTo(0);
        assertThat(out.toString()).startsWith("halfday ");
        out.getBuffer().setLength(0);
        assertThat(cli.execute("export-detector", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--model-version=N").contains("-V, --version");
        Run bad = run("export-detector", "--out", "target/never-written", "--model-version", "0");
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err).contains("--model-version must be a positive number, got 0");
        assertThat(Path.of("target/never-written")).doesNotExist();
    }

    @Test
    void unreadableFilesAndBadPortsAreUsageErrorsInPlainWords() {
        Run token = run("serve", "--token-file", "target/no-such-token", "--port", "0");
        assertThat(token.exit).isEqualTo(2);
        assertThat(token.err).startsWith("halfday serve: cannot read the token file target/no-such-token: no such file or folder")
                .contains("See 'halfday serve --help'").doesNotContain("Exception").doesNotContain("\tat ");
        Run model = run("serve", "--model", "target/no-such-model", "--port", "0");
        assertThat(model.exit).isEqualTo(2);
        assertThat(model.err).contains("--model target/no-such-model: no such folder");
        for (String command : new String[] {"serve", "wechat-sim", "wecom-sim"}) {
            Run port = run(command, "--port", "99999");
            assertThat(port.exit).as(command).isEqualTo(2);
            assertThat(port.err).as(command).contains("port must be between 0 and 65535, got 99999").doesNotContain("\tat ");
            assertThat(run(command, "--port", "-1").exit).as(command).isEqualTo(2);
        }
        Run image = run("bench", "serve", "--image", "target/no-such.png");
        assertThat(image.exit).isEqualTo(2);
        assertThat(image.err).contains("cannot read --image target/no-such.png: no such file or folder");
    }

    @Test
    void wecomSimHasTheStandardHelpOptions() {
        CommandLine cli = HalfdayCli.newCommandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("wecom-sim", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("Usage: halfday wecom-sim").contains("-h, --help").contains("-V, --version");
        Run secret = run("wecom-sim", "--secret-file", "target/no-such-secret");
        assertThat(secret.exit).isEqualTo(2);
        assertThat(secret.err).contains("cannot read the secret file target/no-such-secret: no such file or folder");
    }

    @Test
    void anExceptionThatEscapesACommandIsOneLineOnStderr() {
        @CommandLine.Command(name = "broken")
        class Broken implements java.util.concurrent.Callable<Integer> {
            @Override
            public Integer call() throws Exception {
                throw new java.nio.file.AccessDeniedException("/srv/photos");
            }
        }
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Broken()).setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(CliErrors.HANDLER);
        assertThat(cli.execute()).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("broken: permission denied: /srv/photos" + System.lineSeparator());
    }

    @Test
    void benchServeHelpShowsItsTargetsWithoutFormatWarnings() {
        CommandLine cli = HalfdayCli.newCommandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(cli.execute("bench", "serve", "--help")).isZero();
        } finally {
            System.setErr(original);
        }
        assertThat(out.toString()).contains("gRPC p50 overhead <= 10% at concurrency 1");
        assertThat(stderr.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Could not format");
    }

    @Test
    void benchNeedsToBeToldWhatToMeasure() {
        Run r = run("bench");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("say what to measure:").contains("serve").contains("detect");
    }
}
