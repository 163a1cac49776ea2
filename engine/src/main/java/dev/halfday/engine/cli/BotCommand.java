package dev.halfday.engine.cli;

import dev.halfday.engine.bot.Bot;
import dev.halfday.engine.bot.BotListener;
import dev.halfday.engine.bot.BotSettings;
import dev.halfday.engine.bot.Channel;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChatGroup;
import dev.halfday.engine.bot.GroupSelection;
import dev.halfday.engine.bot.HandledMessage;
import dev.halfday.engine.bot.QrCodes;
import dev.halfday.engine.bot.TriggerMode;
import dev.halfday.engine.bot.wechat.WebWeChatChannel;
import dev.halfday.engine.bot.wecom.WeComAiBotChannel;
import dev.halfday.engine.bot.wecom.WeComConfig;
import dev.halfday.engine.bot.wecom.WeComCredentials;
import dev.halfday.engine.bot.wecom.WeComProtocol;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import dev.halfday.engine.bot.wechat.WebWeChatConfig;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.util.AppDirs;
import dev.halfday.engine.util.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code halfday bot}: logs in to personal WeChat (web protocol) with a QR code drawn in the terminal, or connects a
 * WeCom AI bot over its long connection ({@code --channel wecom}), then answers images in the chosen groups with
 * annotated copies. One line per handled image on stdout; status on stderr.
 */
@Command(name = "bot", mixinStandardHelpOptions = true,
        description = {"Runs the chat bot: images posted in the chosen groups come back annotated.",
                "--channel web (default): personal WeChat over the web protocol; fragile since 2025 (sessions kicked, accounts warned).",
                "--channel wecom: a WeCom AI bot over its official long connection (Bot ID + Secret); in groups it sees only messages that @-mention it.",
                "Try --sim first."})
public final class BotCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--channel", defaultValue = "web", paramLabel = "web|wecom",
            description = "Personal WeChat over the web protocol, or a WeCom AI bot over its long connection (default: ${DEFAULT-VALUE}).")
    String channelName;

    @Option(names = "--wecom-url", paramLabel = "URL",
            description = "WeCom long-connection address (default: " + WeComProtocol.DEFAULT_URL + "; private deployments and simulators have their own).")
    URI wecomUrl;

    @Option(names = "--bot-id", paramLabel = "ID", description = "The WeCom AI bot's Bot ID (from the WeCom admin console).")
    String botId;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "File holding the WeCom AI bot's Secret; without it the Secret comes from $" + WeComCredentials.SECRET_ENV
                    + " (never from a plain argument, which other users could see).")
    Path secretFile;

    @Option(names = "--groups", split = ",", paramLabel = "NAME",
            description = "Groups to serve, by name (WeCom: by chat id) (default: every group).")
    List<String> groups;

    @Option(names = "--mode", defaultValue = "all", paramLabel = "all|mention|keyword",
            description = "Answer every image, only after an @-mention, or only after a keyword (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--backend", defaultValue = "local", paramLabel = "SPEC",
            description = "Detection backend: local, host:port (a Halfday server) or tfs:host:port/model (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--sim", description = "Run against a built-in WeChat simulator on loopback (it confirms the scan itself).")
    boolean sim;

    @Option(names = "--wechat-base", paramLabel = "URL",
            description = "Send every protocol request (login, web, file, push) to this base URL, paths unchanged.")
    URI wechatBase;

    @Option(names = "--data", paramLabel = "DIR", description = "The bot's data folder (session file); default: Halfday's data folder/bot.")
    Path data;

    @Option(names = "--threshold", defaultValue = "0.3", paramLabel = "0..1", description = "Detection threshold (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Option(names = "--lang", defaultValue = "zh", paramLabel = "en|zh", description = "Reply language (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--keywords", split = ",", paramLabel = "WORD", description = "Keywords for --mode keyword (default: detect,识别,看看).")
    List<String> keywords;

    @Option(names = "--mention-window", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long a mention or keyword makes the sender's images eligible (default: ${DEFAULT-VALUE}).")
    int mentionWindow;

    @Option(names = "--private", description = "Also answer images sent to the bot in private chats.")
    boolean privateChats;

    @Option(names = "--no-delay", description = "Reply at once instead of after a random 2–5 s human-like pause (the pause is advised).")
    boolean noDelay;

    @Option(names = "--logout-on-exit", description = "End the web session on exit (otherwise it is kept for a restart without a scan).")
    boolean logoutOnExit;

    @Option(names = "--max-handled", hidden = true, defaultValue = "0", description = "Exit after this many handled images (tests).")
    int maxHandled;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BotSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            err.println("halfday bot: " + e.getMessage());
            return 2;
        }
        if (sim && wechatBase != null) {
            err.println("halfday bot: --sim and --wechat-base exclude each other");
            return 2;
        }
        boolean wecom;
        switch (channelName.toLowerCase(Locale.ROOT)) {
            case "web", "wechat" -> wecom = false;
            case "wecom" -> wecom = true;
            default -> {
                err.println("halfday bot: unknown channel '" + channelName + "' (use web or wecom)");
                return 2;
            }
        }
        String mismatch = wecom
                ? (wechatBase != null ? "--wechat-base" : logoutOnExit ? "--logout-on-exit" : null)
                : (wecomUrl != null ? "--wecom-url" : botId != null ? "--bot-id" : secretFile != null ? "--secret-file" : null);
        if (mismatch != null) {
            err.println("halfday bot: " + mismatch + " does not apply to --channel " + (wecom ? "wecom" : "web"));
            return 2;
        }
        try {
            // Checked now, not after the model has loaded.
            if (wechatBase != null) {
                WebWeChatConfig.builder().singleBase(wechatBase);
            }
            if (wecomUrl != null) {
                WeComConfig.checkUrl(wecomUrl);
            }
        } catch (IllegalArgumentException e) {
            err.println("halfday bot: " + e.getMessage());
            return 2;
        }
        if (wecom && sim && wecomUrl != null) {
            err.println("halfday bot: --sim and --wecom-url exclude each other");
            return 2;
        }
        if (wecom && !sim && (botId == null || botId.isBlank())) {
            err.println("halfday bot: --channel wecom needs --bot-id (WeCom admin console → AI bot → API mode)");
            return 2;
        }
        String wecomSecret = null;
        if (wecom && !sim) {
            try {
                wecomSecret = WeComCredentials.secretFromFileOrEnv(secretFile, System.getenv());
            } catch (java.io.IOException e) {
                err.println("halfday bot: " + e.getMessage());
                return 2;
            }
        }
        Path dataDir = data != null ? data : AppDirs.data().resolve("bot");
        if (!Files.isDirectory(dataDir)) {
            try {
                AtomicFiles.createPrivateDirectories(dataDir);
            } catch (java.io.IOException e) {
                err.println("halfday bot: cannot create the data folder " + dataDir + " ("
                        + (Files.exists(dataDir) ? "a file of that name is in the way" : CliErrors.reason(e)) + ")");
                return 2;
            }
        }
        DetectionClient detection;
        try {
            detection = DetectionClients.fromSpec(backend);
        } catch (DetectionException e) {
            err.println("halfday bot: " + e.getMessage());
            return e.kind() == DetectionException.Kind.INTERNAL ? 2 : 1;
        }
        warmUp(detection, err);
        if (wecom) {
            try {
                // WeCom only delivers messages addressed to the bot: a private message is always meant for it.
                return runWeCom(wecomSecret, detection, settings.withPrivateChats(true), out, err);
            } finally {
                detection.close();
            }
        }
        WeChatSimulator simulator = null;
        try {
            WebWeChatConfig.Builder config = WebWeChatConfig.builder()
                    .sessionFile(dataDir.resolve(sim ? "web-wechat-session-sim.json" : "web-wechat-session.json"));
            if (sim) {
                simulator = WeChatSimulator.start(0).seedDemo().autoConfirm(Duration.ofSeconds(3));
                config.singleBase(simulator.baseUrl());
                err.println("halfday bot: simulator at " + simulator.baseUrl() + " — post an image with:");
                err.println("  curl --data-binary @resources/samples/chelsea.png '" + simulator.baseUrl()
                        + "/_sim/post?group=Family&sender=Mum'");
            } else if (wechatBase != null) {
                config.singleBase(wechatBase);
            }
            WebWeChatChannel channel = new WebWeChatChannel(config.build());
            return run(channel, detection, settings, out, err);
        } finally {
            detection.close();
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private int runWeCom(String secret, DetectionClient detection, BotSettings settings, PrintWriter out, PrintWriter err)
            throws Exception {
        WeComGatewaySimulator simulator = null;
        try {
            WeComConfig config;
            if (sim) {
                String simBot = botId == null || botId.isBlank() ? "halfday-demo-bot" : botId;
                String simSecret = "sim-" + Long.toHexString(new java.security.SecureRandom().nextLong());
                simulator = WeComGatewaySimulator.start(simBot, simSecret);
                config = WeComConfig.of(simulator.url(), simBot, simSecret);
                err.println("halfday bot: WeCom simulator at " + simulator.url() + " — post an image into a group with:");
                err.println("  curl --data-binary @resources/samples/chelsea.png '" + simulator.postUrl() + "?chat=wrkDemoGroup&user=amy'");
            } else {
                config = WeComConfig.of(wecomUrl != null ? wecomUrl : URI.create(WeComProtocol.DEFAULT_URL), botId, secret);
            }
            // A user opening a private chat with the bot gets the help text as WeCom's welcome message.
            config = config.withWelcomeText(dev.halfday.engine.bot.ReplyTexts.help(settings.mode(), settings.threshold(),
                    settings.keywords(), settings.language()));
            return run(new WeComAiBotChannel(config), detection, settings, out, err);
        } catch (IllegalArgumentException e) {
            err.println("halfday bot: " + e.getMessage());
            return 2;
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** The model's first run is several times slower than the next: pay it now, not on the first user's photo. */
    private static void warmUp(DetectionClient detection, PrintWriter err) {
        try (java.io.InputStream in = BotCommand.class.getResourceAsStream("/halfday/resources/samples/coffee.png")) {
            if (in != null) {
                detection.detect(in.readAllBytes(), dev.halfday.engine.detect.DetectOptions.defaults());
            }
        } catch (java.io.IOException | DetectionException e) {
            err.println("halfday bot: warm-up detection failed (" + e.getMessage() + "); continuing");
        }
    }

    private BotSettings settings() {
        BotSettings s = BotSettings.defaults()
                .withGroups(groups == null || groups.isEmpty() ? GroupSelection.allGroups() : GroupSelection.of(groups))
                .withMode(TriggerMode.parse(mode))
                .withThreshold(threshold)
                .withLanguage(Language.parse(lang))
                .withTriggerWindow(Duration.ofSeconds(Math.max(1, mentionWindow)))
                .withPrivateChats(privateChats)
                .withHumanDelay(!noDelay);
        if (keywords != null && !keywords.isEmpty()) {
            s = s.withKeywords(keywords);
        }
        return s;
    }

    private int run(Channel channel, DetectionClient detection, BotSettings settings, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(0);
        AtomicInteger handled = new AtomicInteger();
        Bot bot = new Bot(channel, detection, settings);
        bot.addListener(new BotListener() {
            @Override
            public void onChannelEvent(ChannelEvent event) {
                report(event, settings, out, err, exit, done);
            }

            @Override
            public void onHandled(HandledMessage m) {
                synchronized (out) {
                    out.println(line(m));
                    out.flush();
                }
                if (maxHandled > 0 && handled.incrementAndGet() >= maxHandled) {
                    done.countDown();
                }
            }
        });
        Thread hook = new Thread(() -> shutdown(bot, channel), "bot-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("halfday bot: detection by " + detection.describe() + "; mode " + settings.mode().name().toLowerCase(Locale.ROOT)
                + (settings.humanDelay() ? "; replies after a 2–5 s pause" : "; replies at once"));
        err.flush();
        bot.start();
        done.await();
        shutdown(bot, channel);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return exit.get();
    }

    private void shutdown(Bot bot, Channel channel) {
        if (logoutOnExit && channel instanceof WebWeChatChannel web) {
            web.logout();
        }
        bot.stop();
    }

    private static void report(ChannelEvent event, BotSettings settings, PrintWriter out, PrintWriter err,
                               AtomicInteger exit, CountDownLatch done) {
        synchronized (out) {
            if (event instanceof ChannelEvent.QrCode qr) {
                out.println("Scan this QR code with WeChat on your phone (valid until about "
                        + TIME.format(LocalTime.ofInstant(qr.expiresAt(), ZoneId.systemDefault())) + "):");
                out.print(QrCodes.toTerminal(qr.content()));
                out.println(qr.content());
            } else if (event instanceof ChannelEvent.Scanned) {
                out.println("Scanned: confirm the login on your phone.");
            } else if (event instanceof ChannelEvent.LoggedIn in) {
                out.println("Logged in as " + in.selfName() + ".");
            } else if (event instanceof ChannelEvent.GroupsChanged g) {
                List<String> served = g.groups().stream().filter(x -> settings.groups().matches(x.id(), x.name()))
                        .map(ChatGroup::name).toList();
                out.println("Groups: " + g.groups().size() + " known; serving "
                        + (settings.groups().everyGroup() ? "all" : served.isEmpty() ? "none of them (check --groups)" : String.join(", ", served)) + ".");
            } else if (event instanceof ChannelEvent.Status s) {
                err.println("halfday bot: " + s.message());
            } else if (event instanceof ChannelEvent.LoggedOut o) {
                err.println("halfday bot: " + o.meaning() + (o.code() != 0 ? " [code " + o.code() + "]" : "") + ". " + o.advice());
                if (!o.willRetry()) {
                    exit.set(1);
                    done.countDown();
                }
            }
            out.flush();
            err.flush();
        }
    }

    /** "12:03:04  Family / Alice  replied  cat 92%, person 81%  (154 ms)". */
    static String line(HandledMessage m) {
        String what = m.detections().isEmpty() ? m.detail()
                : m.detections().stream().map(BotCommand::label).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s  %s / %s  %s  %s  (%.0f ms)",
                TIME.format(LocalTime.ofInstant(m.time(), ZoneId.systemDefault())), m.chatName(), m.senderName(),
                m.result().name().toLowerCase(Locale.ROOT).replace('_', ' '), what, m.latencyMs());
    }

    private static String label(Detection d) {
        return d.label() + " " + Math.round(d.score() * 100) + "%";
    }
}
