package dev.halfday.engine.cli;

import dev.halfday.engine.bot.wechat.SimTestSupport;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.util.AppDirs;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code halfday bot} and {@code halfday bench bot} as a user runs them. */
class BotCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        return run(new StringWriter(), args);
    }

    /** Runs with stdout going to {@code out}, which a test may read while the command runs (StringWriter is synchronised). */
    static Run run(StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = HalfdayCli.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void botAgainstAnyProtocolServerPrintsTheQrAndLogsEachHandledImage() throws Exception {
        try (WeChatSimulator sim = SimTestSupport.fastSim()) {
            sim.addGroup("Family", "Mum");
            sim.addGroup("Work", "Boss");
            Path data = AppDirs.data().resolve("bot-cli-" + System.nanoTime());
            StringWriter out = new StringWriter();
            CompletableFuture<Run> bot = CompletableFuture.supplyAsync(() -> run(out, "bot", "--wechat-base", sim.baseUrl().toString(),
                    "--groups", "Family", "--no-delay", "--lang", "en", "--data", data.toString(), "--max-handled", "1"));
            sim.awaitQr(Duration.ofSeconds(30));
            sim.scanAndConfirm();
            // Post once the bot knows its groups (it says so), as a user would see it.
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("serving Family."));
            sim.postImage("Work", "Boss", SimTestSupport.sample("coffee.png"));
            sim.postImage("Family", "Mum", SimTestSupport.sample("chelsea.png"));
            Run r = bot.get(60, TimeUnit.SECONDS);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Scan this QR code").contains("\u2580").contains(sim.baseUrl() + "/l/")
                    .contains("Logged in as Halfday Bot.").contains("serving Family.")
                    .containsPattern("\\d\\d:\\d\\d:\\d\\d  Family / Mum  replied  cat \\d+%  \\(\\d+ ms\\)");
            assertThat(r.out()).doesNotContain("Work / Boss");
            assertThat(sim.sentTo("Family")).hasSize(2);
            assertThat(sim.sentTo("Family").get(1).text()).startsWith("Found 1 object: cat");
            assertThat(Files.exists(data.resolve("web-wechat-session.json"))).isTrue();
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(run("bot", "--mode", "sometimes").exit()).isEqualTo(2);
        Run bad = run("bot", "--backend", "not a backend", "--wechat-base", "http://127.0.0.1:9");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("use local, host:port");
        assertThat(run("bot", "--sim", "--wechat-base", "http://127.0.0.1:9").exit()).isEqualTo(2);
        Run base = run("bot", "--wechat-base", "foo");
        assertThat(base.exit()).isEqualTo(2);
        assertThat(base.err()).isEqualTo("halfday bot: not an absolute http(s) URL: foo" + System.lineSeparator());
    }

    @Test
    void aDataFolderThatCannotBeCreatedIsAUsageErrorInPlainWords() throws Exception {
        Path file = Files.writeString(Files.createTempDirectory(Path.of("target"), "bot-data-").resolve("a-file"), "x");
        Run r = run("bot", "--sim", "--data", file.resolve("bot").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("halfday bot: cannot create the data folder " + file.resolve("bot") + " (")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void benchBotPrintsItsSummaryLine() {
        Run r = run("bench", "bot", "--images", "3", "--warmup", "1");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).as("one contract line on stdout").matches("bot e2e_p50_ms=\\d+\\.\\d e2e_p90_ms=\\d+\\.\\d "
                + "detect_p50_ms=\\d+\\.\\d detect_p90_ms=\\d+\\.\\d overhead_p50_ms=-?\\d+\\.\\d ratio=\\d+\\.\\d\\d "
                + "target_overhead_ms=150 pass=(true|false) runs=3 image_bytes=240512");
        assertThat(r.err()).contains("image posted -> reply sent");
    }
}
