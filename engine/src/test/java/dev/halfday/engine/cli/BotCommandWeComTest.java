package dev.halfday.engine.cli;

import static dev.halfday.engine.cli.BotCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.halfday.engine.bot.wecom.WeComProtocol;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator.Reply;
import dev.halfday.engine.util.AppDirs;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code halfday bot --channel wecom} as a user runs it, against the WeCom gateway simulator. */
class BotCommandWeComTest {

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = BotCommandWeComTest.class.getResourceAsStream("/halfday/resources/samples/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Path secretFile(String secret) throws Exception {
        Path dir = AppDirs.config().resolve("wecom-cli-" + System.nanoTime());
        Files.createDirectories(dir);
        Path file = dir.resolve("secret");
        Files.writeString(file, secret + "\n");
        return file;
    }

    @Test
    void botOnWeComServesEveryGroupThatMentionsItAndLogsEachImage() throws Exception {
        try (WeComGatewaySimulator sim = WeComGatewaySimulator.start("aibCLI", "cli-secret")) {
            Path secret = secretFile("cli-secret");
            CompletableFuture<BotCommandTest.Run> bot = CompletableFuture.supplyAsync(() -> run("bot", "--channel", "wecom",
                    "--wecom-url", sim.url().toString(), "--bot-id", "aibCLI", "--secret-file", secret.toString(),
                    "--no-delay", "--lang", "en", "--max-handled", "2"));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sim.botOnline()) {
                assertThat(System.nanoTime()).as("the bot subscribes").isLessThan(end);
                Thread.sleep(50);
            }
            sim.sendEnterChat("zoe");
            sim.sendMixed("wrkTeamA", "amy", "@Halfday", sample("chelsea.png"));
            // The simulator's HTTP post endpoint, as the --sim hint tells users to use it:
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(sim.postUrl() + "?chat=wrkTeamB&user=ben"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sample("coffee.png"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);

            BotCommandTest.Run r = bot.get(90, TimeUnit.SECONDS);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("Logged in as aibCLI.").doesNotContain("Scan this QR code")
                    .containsPattern("\\d\\d:\\d\\d:\\d\\d  wrkTeamA / amy  replied  cat \\d+%  \\(\\d+ ms\\)")
                    .containsPattern("wrkTeamB / ben  replied  cup \\d+%");
            List<Reply> replies = sim.replies();
            assertThat(replies).filteredOn(x -> x.chatId().equals("wrkTeamA")).extracting(Reply::msgType)
                    .containsExactly("image", "stream");
            assertThat(replies).filteredOn(x -> x.chatId().equals("wrkTeamA") && x.msgType().equals("stream"))
                    .singleElement().extracting(Reply::text).asString().startsWith("Found 1 object: cat");
            assertThat(replies).filteredOn(x -> x.via().equals("welcome")).singleElement()
                    .satisfies(w -> assertThat(w.text()).startsWith("Send me a picture"));
            assertThat(r.out() + r.err()).doesNotContain("cli-secret");
        }
    }

    @Test
    void aWrongSecretEndsTheRunWithTheMeaningAndExitOne() throws Exception {
        try (WeComGatewaySimulator sim = WeComGatewaySimulator.start("aibCLI", "right")) {
            Path secret = secretFile("wrong");
            BotCommandTest.Run r = CompletableFuture.supplyAsync(() -> run("bot", "--channel", "wecom", "--wecom-url", sim.url().toString(),
                    "--bot-id", "aibCLI", "--secret-file", secret.toString())).get(90, TimeUnit.SECONDS);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("WeCom refused the Bot ID or Secret").contains("[code 853000]")
                    .contains("admin console").doesNotContain("wrong\n");
            assertThat(sim.connectionCount()).isEqualTo(1);
            assertThat(sim.frames(WeComProtocol.SUBSCRIBE)).isEqualTo(1);
        }
    }

    @Test
    void wecomFlagsAreCheckedBeforeAnythingStarts() {
        BotCommandTest.Run noId = run("bot", "--channel", "wecom", "--secret-file", "/nonexistent");
        assertThat(noId.exit()).isEqualTo(2);
        assertThat(noId.err()).contains("--bot-id");
        BotCommandTest.Run noSecretFile = run("bot", "--channel", "wecom", "--bot-id", "x", "--secret-file", "/nonexistent/secret");
        assertThat(noSecretFile.exit()).isEqualTo(2);
        assertThat(noSecretFile.err()).contains("does not exist");
        assertThat(run("bot", "--channel", "wecom", "--bot-id", "x", "--wechat-base", "http://127.0.0.1:9").err())
                .contains("--wechat-base does not apply to --channel wecom");
        assertThat(run("bot", "--bot-id", "x").err()).contains("--bot-id does not apply to --channel web");
        assertThat(run("bot", "--channel", "telegram").exit()).isEqualTo(2);
        assertThat(run("bot", "--channel", "wecom", "--bot-id", "x", "--secret", "s").exit())
                .as("there is no option that takes the secret itself").isEqualTo(2);
        BotCommandTest.Run plain = run("bot", "--channel", "wecom", "--bot-id", "x", "--wecom-url", "ws://10.0.0.5:9001");
        assertThat(plain.exit()).as("refused before the model loads or the secret is read").isEqualTo(2);
        assertThat(plain.err()).contains("plain ws:// would send the Secret and every message unencrypted: use wss://");
    }
}
