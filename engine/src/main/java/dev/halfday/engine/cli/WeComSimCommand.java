package dev.halfday.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halfday.engine.bot.wecom.WeComProtocol;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code halfday wecom-sim}: runs the WeCom gateway simulator alone, so the bot (ours or any other client of
 * the protocol) can be tried without a WeCom account. Prints JSON lines on stdout (where it listens, then one
 * line per reply the bot makes) and takes commands on stdin to post messages.
 */
@Command(name = "wecom-sim",
        mixinStandardHelpOptions = true,
        description = {"Runs a local simulator of WeCom's AI-bot gateway (WebSocket long connection).",
                "Commands on stdin: image CHAT USER FILE | mixed CHAT USER FILE [TEXT] | text CHAT USER TEXT |"
                        + " enter USER | drop | quit   (CHAT '-' = private chat)"})
public final class WeComSimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", converter = PortConverter.class,
            description = "WebSocket port on 127.0.0.1 (default: any free port)")
    int port;

    @Option(names = "--bot-id", description = "Bot ID the simulator accepts (default: ${DEFAULT-VALUE})")
    String botId = "halfday-demo-bot";

    @Option(names = "--secret-file", description = "File holding the Secret to accept (default: "
            + "$HALFDAY_WECOM_SECRET, else a random one printed at start)")
    Path secretFile;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String secret;
        boolean generated = false;
        if (secretFile != null) {
            try {
                secret = Files.readString(secretFile, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(),
                        "cannot read the secret file " + secretFile + ": " + CliErrors.reason(e));
            }
            if (secret.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "the secret file " + secretFile + " is empty");
            }
        } else if (System.getenv("HALFDAY_WECOM_SECRET") != null && !System.getenv("HALFDAY_WECOM_SECRET").isBlank()) {
            secret = System.getenv("HALFDAY_WECOM_SECRET").trim();
        } else {
            byte[] b = new byte[16];
            new SecureRandom().nextBytes(b);
            secret = "sim-" + HexFormat.of().formatHex(b);
            generated = true;
        }
        try (WeComGatewaySimulator sim = WeComGatewaySimulator.start(botId, secret, port)) {
            sim.onReply(r -> {
                ObjectNode line = WeComProtocol.JSON.createObjectNode();
                line.put("event", "reply");
                line.put("msgid", r.msgId());
                line.put("chat", r.chatId());
                line.put("via", r.via());
                line.put("type", r.msgType());
                if (r.image() != null) {
                    line.put("image_bytes", r.image().length);
                    line.put("image_sha256", sha256(r.image()));
                } else {
                    line.put("text", r.text());
                }
                out.println(WeComProtocol.write(line));
            });
            ObjectNode ready = WeComProtocol.JSON.createObjectNode();
            ready.put("event", "listening");
            ready.put("url", sim.url().toString());
            ready.put("bot_id", botId);
            ready.put("post", sim.postUrl() + "?chat=wrkDemoGroup&user=amy");
            if (generated) {
                ready.put("secret", secret); // a throwaway secret for a local simulator, so the user can use it
            }
            out.println(WeComProtocol.write(ready));
            readCommands(sim, out);
        }
        return 0;
    }

    private static void readCommands(WeComGatewaySimulator sim, PrintStream out) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] p = line.trim().split("\\s+", 4);
            if (p[0].isEmpty()) {
                continue;
            }
            try {
                String msgId = switch (p[0]) {
                    case "image" -> sim.sendImage(chat(p[1]), p[2], Files.readAllBytes(Path.of(p[3])));
                    case "mixed" -> {
                        String[] q = line.trim().split("\\s+", 5);
                        yield sim.sendMixed(chat(q[1]), q[2], q.length > 4 ? q[4] : "", Files.readAllBytes(Path.of(q[3])));
                    }
                    case "text" -> sim.sendText(chat(p[1]), p[2], p.length > 3 ? p[3] : "");
                    case "enter" -> sim.sendEnterChat(p[1]);
                    case "drop" -> {
                        sim.faults().dropConnection();
                        yield "";
                    }
                    case "quit" -> null;
                    default -> throw new IllegalArgumentException("unknown command '" + p[0] + "'");
                };
                if (msgId == null) {
                    return;
                }
                ObjectNode ok = WeComProtocol.JSON.createObjectNode();
                ok.put("event", "posted");
                ok.put("msgid", msgId);
                out.println(WeComProtocol.write(ok));
            } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException | IOException e) {
                ObjectNode err = WeComProtocol.JSON.createObjectNode();
                err.put("event", "error");
                err.put("message", e instanceof ArrayIndexOutOfBoundsException ? "missing arguments" : e.getMessage());
                out.println(WeComProtocol.write(err));
            }
        }
        new CountDownLatch(1).await(); // stdin closed (run in the background): serve until killed
    }

    private static String chat(String arg) {
        return "-".equals(arg) ? null : arg;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
