package dev.halfday.app.bot;

import dev.halfday.app.common.AppContext;
import dev.halfday.engine.bot.Bot;
import dev.halfday.engine.bot.BotCounters;
import dev.halfday.engine.bot.BotListener;
import dev.halfday.engine.bot.BotSettings;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChatGroup;
import dev.halfday.engine.bot.GroupSelection;
import dev.halfday.engine.bot.HandledMessage;
import dev.halfday.engine.bot.TriggerMode;
import dev.halfday.engine.bot.Channel;
import dev.halfday.engine.bot.wechat.WebWeChatChannel;
import dev.halfday.engine.bot.wecom.WeComCredentials;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import dev.halfday.engine.bot.wechat.WebWeChatConfig;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.util.AppDirs;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Bot tab's state and actions, apart from any control. Engine work (starting the model, the channel, the
 * simulator) runs on background threads; every property and list changes on the FX thread.
 */
public final class BotViewModel {

    private static final Logger log = LoggerFactory.getLogger(BotViewModel.class);
    /** Rows kept in the table; older ones scroll away so a long session stays light. */
    private static final int MAX_ROWS = 500;
    static final String DEMO_SENDER = "You";

    public enum Phase {
        STOPPED,
        STARTING,
        WAITING_FOR_SCAN,
        SCANNED,
        LOGGED_IN,
        STOPPING
    }

    /** A group and whether the bot serves it. */
    public static final class GroupRow {
        private final ChatGroup group;
        private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");

        GroupRow(ChatGroup group, boolean enabled) {
            this.group = group;
            this.enabled.set(enabled);
        }

        public ChatGroup group() {
            return group;
        }

        public BooleanProperty enabledProperty() {
            return enabled;
        }

        @Override
        public String toString() {
            return group.name();
        }
    }

    private final AppContext ctx;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.STOPPED);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<String> qrContent = new ReadOnlyObjectWrapper<>(this, "qrContent");
    private final ReadOnlyBooleanWrapper problem = new ReadOnlyBooleanWrapper(this, "problem");
    private final ReadOnlyObjectWrapper<BotCounters> counters = new ReadOnlyObjectWrapper<>(this, "counters",
            new BotCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    private final ObservableList<GroupRow> groups = FXCollections.observableArrayList();
    private final ObservableList<HandledMessage> handled = FXCollections.observableArrayList();
    /** The demo chat shows this many lines at most (older ones scroll away for good). */
    static final int MAX_CHAT_LINES = 200;
    private final ObservableList<ChatLine> chat = FXCollections.observableArrayList();
    private final ObjectProperty<String> demoGroup = new SimpleObjectProperty<>(this, "demoGroup", "Family");

    private final StringProperty mode;
    private final DoubleProperty threshold;
    private final StringProperty language;
    private final BooleanProperty humanDelay;
    /** The backend the running bot detects with (a spec line, as the CLI's --backend); empty when stopped. */
    private final ReadOnlyStringWrapper activeBackend = new ReadOnlyStringWrapper(this, "activeBackend", "");
    private final BooleanProperty demo;
    private final BooleanProperty riskAcknowledged;
    private final StringProperty enabledGroups;
    /** "web" or "wecom". */
    private final StringProperty channel;
    /** WeCom groups switched off (WeCom groups appear only when they first write, so the rest are served). */
    private final StringProperty disabledWeComGroups;
    private final WeComChannelSetup wecom = new WeComChannelSetup(WeComCredentials.defaultFile());

    private volatile Bot bot;
    private volatile WeChatSimulator simulator;
    private volatile WeComGatewaySimulator wecomSimulator;

    public BotViewModel(AppContext ctx) {
        this.ctx = ctx;
        var s = ctx.settings();
        mode = s.stringSetting("bot.mode", "all");
        threshold = s.doubleSetting("bot.threshold", 0.3, 0.05, 0.95);
        language = s.stringSetting("bot.language", ctx.i18n().language().code());
        humanDelay = s.booleanSetting("bot.humanDelay", true);
        demo = s.booleanSetting("bot.demo", true);
        riskAcknowledged = s.booleanSetting("bot.riskAcknowledged", false);
        enabledGroups = s.stringSetting("bot.groups", "");
        channel = s.stringSetting("bot.channel", "web");
        disabledWeComGroups = s.stringSetting("bot.wecom.disabledGroups", "");
        channel.addListener((o, a, b) -> groups.clear()); // groups of one network mean nothing on the other
        wecom.loadAsync(ctx.background().files());
        status.set(text("bot.status.stopped"));
        mode.addListener((o, a, b) -> applySettings());
        threshold.addListener((o, a, b) -> applySettings());
        language.addListener((o, a, b) -> applySettings());
        humanDelay.addListener((o, a, b) -> applySettings());
    }

    // ---- properties for the view ----

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while the status line reports a problem (kicked, refused, failed to start). */
    public ReadOnlyBooleanProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the QR code encodes, or null when none should be shown. */
    public ReadOnlyObjectProperty<String> qrContentProperty() {
        return qrContent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BotCounters> countersProperty() {
        return counters.getReadOnlyProperty();
    }

    public ObservableList<GroupRow> groups() {
        return groups;
    }

    public ObservableList<HandledMessage> handled() {
        return handled;
    }

    public ObservableList<ChatLine> chat() {
        return chat;
    }

    public ObjectProperty<String> demoGroupProperty() {
        return demoGroup;
    }

    public StringProperty modeProperty() {
        return mode;
    }

    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    public StringProperty languageProperty() {
        return language;
    }

    public BooleanProperty humanDelayProperty() {
        return humanDelay;
    }

    /**
     * The detection backend the running bot uses, as a spec line ("local", "10.0.0.5:50051",
     * "tfs:serving:8500/detector" — what {@code halfday bot --backend} takes); empty while stopped. The bot uses
     * the app-wide backend (Tools → Detection backend…) as it was when the bot started.
     */
    public ReadOnlyStringProperty activeBackendProperty() {
        return activeBackend.getReadOnlyProperty();
    }

    public BooleanProperty demoProperty() {
        return demo;
    }

    public BooleanProperty riskAcknowledgedProperty() {
        return riskAcknowledged;
    }

    /** "web" (personal WeChat) or "wecom" (WeCom AI bot). */
    public StringProperty channelProperty() {
        return channel;
    }

    public boolean isWeCom() {
        return "wecom".equals(channel.get());
    }

    public StringProperty wecomBotIdProperty() {
        return wecom.botIdProperty();
    }

    public StringProperty wecomSecretProperty() {
        return wecom.secretProperty();
    }

    /** The WeCom gateway address; empty for WeCom's public one. */
    public StringProperty wecomUrlProperty() {
        return wecom.urlProperty();
    }

    /**
     * Whether Start is allowed now: stopped, and for real use either the web account risk was acknowledged or
     * the WeCom Bot ID and Secret are filled in.
     */
    public boolean canStart() {
        if (phase.get() != Phase.STOPPED) {
            return false;
        }
        if (demo.get()) {
            return true;
        }
        return isWeCom() ? wecom.complete() : riskAcknowledged.get();
    }

    // ---- actions (call on the FX thread) ----

    public void start() {
        if (!canStart()) {
            return;
        }
        boolean demoMode = demo.get();
        boolean onWeCom = isWeCom();
        WeComCredentials credentials = null;
        if (onWeCom && !demoMode) {
            try {
                credentials = wecom.snapshot();
            } catch (IllegalArgumentException e) {
                problem.set(true);
                status.set(text("bot.status.startFailed", e.getMessage()));
                return;
            }
        }
        WeComCredentials creds = credentials;
        BackendSpec backend = ctx.detectionBackend().spec();
        BotSettings settings = settings();
        phase.set(Phase.STARTING);
        problem.set(false);
        qrContent.set(null);
        chat.clear();
        status.set(text("bot.status.starting"));
        activeBackend.set(backend.toString());
        ctx.background().work().execute(() -> {
            try {
                DetectionClient detection = ctx.detectionBackend().open(backend);
                Channel botChannel = onWeCom ? weComChannel(demoMode, creds) : null;
                WebWeChatConfig.Builder config = WebWeChatConfig.builder();
                if (onWeCom) {
                    // the WeCom channel is made above
                } else if (demoMode) {
                    WeChatSimulator sim = WeChatSimulator.start(0).seedDemo();
                    sim.onSent(m -> Platform.runLater(() -> {
                        if (m.toName().equals(demoGroup.get())) {
                            addLine(sim.selfName(), m.text(), m.image(), true);
                        }
                    }));
                    simulator = sim;
                    config.singleBase(sim.baseUrl()).minLoginPollInterval(Duration.ofMillis(200));
                } else {
                    config.sessionFile(AppDirs.data().resolve("bot").resolve("web-wechat-session.json"));
                }
                Bot b = new Bot(botChannel != null ? botChannel : new WebWeChatChannel(config.build()), detection, settings);
                b.addListener(new BotListener() {
                    @Override
                    public void onChannelEvent(ChannelEvent event) {
                        Platform.runLater(() -> onEvent(event));
                    }

                    @Override
                    public void onHandled(HandledMessage message) {
                        BotCounters c = b.counters();
                        Platform.runLater(() -> {
                            handled.add(0, message);
                            if (handled.size() > MAX_ROWS) {
                                handled.remove(MAX_ROWS, handled.size());
                            }
                            counters.set(c);
                        });
                    }

                    @Override
                    public void onCommand(dev.halfday.engine.bot.IncomingMessage command, String reply) {
                        BotCounters c = b.counters();
                        Platform.runLater(() -> counters.set(c));
                    }
                });
                bot = b;
                b.start();
                Platform.runLater(() -> {
                    if (phase.get() == Phase.STARTING && !onWeCom) {
                        phase.set(Phase.WAITING_FOR_SCAN);
                    } else if (phase.get() == Phase.STARTING) {
                        status.set(text("bot.status.connectingWeCom"));
                    }
                });
            } catch (Exception e) {
                log.warn("bot failed to start", e);
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                stopQuietly();
                Platform.runLater(() -> {
                    phase.set(Phase.STOPPED);
                    activeBackend.set("");
                    problem.set(true);
                    status.set(text("bot.status.startFailed", why));
                });
            }
        });
    }

    /** The WeCom channel: to the real gateway with the entered credentials, or to a local simulator (demo). */
    private Channel weComChannel(boolean demoMode, WeComCredentials credentials) throws java.io.IOException {
        if (!demoMode) {
            return wecom.connect(credentials);
        }
        WeComChannelSetup.Demo d = WeComChannelSetup.startDemo();
        d.simulator().onReply(r -> Platform.runLater(() -> {
            if (r.chatId().equals(demoGroup.get())) {
                addLine(text("bot.wecom.botName"), r.text(), r.image(), true);
            }
        }));
        wecomSimulator = d.simulator();
        return d.channel();
    }

    public void stop() {
        stop(null);
    }

    /** Stops; {@code finalStatus} (or "stopped" when null) is what the status line says afterwards. */
    private void stop(String finalStatus) {
        if (phase.get() == Phase.STOPPED || phase.get() == Phase.STOPPING) {
            return;
        }
        phase.set(Phase.STOPPING);
        status.set(finalStatus != null ? finalStatus : text("bot.status.stopping"));
        ctx.background().work().execute(() -> {
            stopQuietly();
            Platform.runLater(() -> {
                phase.set(Phase.STOPPED);
                activeBackend.set("");
                qrContent.set(null);
                status.set(finalStatus != null ? finalStatus : text("bot.status.stopped"));
            });
        });
    }

    /** Demo mode: the simulated phone scans the QR code, then confirms a moment later. */
    public void scanDemo() {
        WeChatSimulator sim = simulator;
        if (sim == null) {
            return;
        }
        ctx.background().work().execute(() -> {
            if (sim.scan()) {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sim.confirm();
            }
        });
    }

    /** Demo mode: posts an image into the chosen simulated group as a member. */
    public void postDemoImage(byte[] bytes) {
        WeComGatewaySimulator wecomSim = wecomSimulator;
        if (wecomSim != null && demoGroup.get() != null) {
            String chatId = demoGroup.get();
            addLine(DEMO_SENDER, WeComChannelSetup.DEMO_MENTION, bytes, false);
            ctx.background().work().execute(() -> wecomSim.sendMixed(chatId, DEMO_SENDER, WeComChannelSetup.DEMO_MENTION, bytes));
            return;
        }
        WeChatSimulator sim = simulator;
        String group = demoGroup.get();
        if (sim == null || group == null) {
            return;
        }
        addLine(DEMO_SENDER, "", bytes, false);
        ctx.background().work().execute(() -> sim.postImage(group, DEMO_SENDER, bytes));
    }

    /** Demo mode: posts text (with an @-mention of the bot if asked) into the chosen group. */
    public void postDemoText(String text, boolean mention) {
        WeComGatewaySimulator wecomSim = wecomSimulator;
        if (wecomSim != null && demoGroup.get() != null && !text.isBlank()) {
            String chatId = demoGroup.get();
            String content = mention ? WeComChannelSetup.DEMO_MENTION + " " + text : text;
            addLine(DEMO_SENDER, content, null, false);
            if (mention) { // like WeCom: a group message that does not @-mention the bot never reaches it
                ctx.background().work().execute(() -> wecomSim.sendText(chatId, DEMO_SENDER, content));
            }
            return;
        }
        WeChatSimulator sim = simulator;
        String group = demoGroup.get();
        if (sim == null || group == null || text.isBlank()) {
            return;
        }
        String content = mention ? sim.mention(text) : text;
        addLine(DEMO_SENDER, content, null, false);
        ctx.background().work().execute(() -> sim.postText(group, DEMO_SENDER, content));
    }

    /**
     * Adds a chat line (FX thread). An image's thumbnail is decoded on a background thread and the bytes are then
     * dropped; the chat keeps the last {@value #MAX_CHAT_LINES} lines.
     */
    private void addLine(String who, String text, byte[] image, boolean fromBot) {
        ChatLine line = image == null ? ChatLine.text(who, text, fromBot) : ChatLine.withImage(who, text, fromBot);
        chat.add(line);
        if (chat.size() > MAX_CHAT_LINES) {
            chat.remove(0, chat.size() - MAX_CHAT_LINES);
        }
        if (image != null) {
            ctx.background().work().execute(() -> {
                javafx.scene.image.Image thumbnail = ChatLine.thumbnailOf(image);
                Platform.runLater(() -> line.showThumbnail(thumbnail));
            });
        }
    }

    public void dispose() {
        stopQuietly();
    }

    // ---- internals ----

    private void onEvent(ChannelEvent event) {
        if (phase.get() == Phase.STOPPED || phase.get() == Phase.STOPPING) {
            return;
        }
        if (event instanceof ChannelEvent.QrCode qr) {
            qrContent.set(qr.content());
            phase.set(Phase.WAITING_FOR_SCAN);
            problem.set(false);
            status.set(text(demo.get() ? "bot.status.scanDemo" : "bot.status.scan"));
        } else if (event instanceof ChannelEvent.Scanned) {
            phase.set(Phase.SCANNED);
            status.set(text("bot.status.scanned"));
        } else if (event instanceof ChannelEvent.LoggedIn in) {
            qrContent.set(null);
            phase.set(Phase.LOGGED_IN);
            problem.set(false);
            status.set(text(isWeCom() ? "bot.status.connectedWeCom" : "bot.status.loggedIn", in.selfName()));
        } else if (event instanceof ChannelEvent.GroupsChanged g) {
            setGroups(g.groups());
        } else if (event instanceof ChannelEvent.Status s) {
            status.set(s.message());
        } else if (event instanceof ChannelEvent.LoggedOut out) {
            qrContent.set(null);
            problem.set(true);
            status.set(text("bot.status.loggedOut", out.code(), out.meaning(), out.advice()));
            if (!out.willRetry()) {
                stop(status.get());
            }
        }
    }

    private void setGroups(List<ChatGroup> list) {
        if (isWeCom()) {
            setWeComGroups(list);
            return;
        }
        Set<String> enabled = enabledNames();
        boolean firstDemoRun = demo.get() && enabled.isEmpty();
        groups.setAll(list.stream().map(g -> {
            GroupRow row = new GroupRow(g, enabled.contains(g.name()) || (firstDemoRun && g.name().equals(demoGroup.get())));
            row.enabledProperty().addListener((o, a, b) -> {
                saveEnabled();
                applySettings();
            });
            return row;
        }).toList());
        if (firstDemoRun) {
            saveEnabled();
        }
        applySettings();
    }

    private void setWeComGroups(List<ChatGroup> list) {
        Set<String> disabled = lines(disabledWeComGroups.get());
        groups.setAll(list.stream().map(g -> {
            GroupRow row = new GroupRow(g, !disabled.contains(g.id()));
            row.enabledProperty().addListener((o, a, on) -> {
                Set<String> now = lines(disabledWeComGroups.get());
                if (on) {
                    now.remove(g.id());
                } else {
                    now.add(g.id());
                }
                disabledWeComGroups.set(String.join("\n", now));
                applySettings();
            });
            return row;
        }).toList());
        applySettings();
    }

    private static Set<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(n -> !n.isBlank())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private Set<String> enabledNames() {
        return Arrays.stream(enabledGroups.get().split("\n")).filter(n -> !n.isBlank())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private void saveEnabled() {
        Set<String> names = enabledNames();
        for (GroupRow row : groups) {
            if (row.enabledProperty().get()) {
                names.add(row.group().name());
            } else {
                names.remove(row.group().name());
            }
        }
        enabledGroups.set(String.join("\n", names));
    }

    BotSettings settings() {
        GroupSelection served = isWeCom() ? GroupSelection.allExcept(lines(disabledWeComGroups.get()))
                : GroupSelection.of(enabledNames());
        return BotSettings.defaults()
                .withGroups(served)
                // WeCom delivers only messages addressed to the bot: a private message is always meant for it
                .withPrivateChats(isWeCom())
                .withMode(TriggerMode.parse(mode.get()))
                .withThreshold((float) threshold.get())
                .withLanguage(parseLanguage(language.get()))
                .withHumanDelay(humanDelay.get());
    }

    private void applySettings() {
        Bot b = bot;
        if (b != null) {
            b.updateSettings(settings());
        }
    }

    private void stopQuietly() {
        Bot b = bot;
        bot = null;
        if (b != null) {
            try {
                b.stop();
            } catch (RuntimeException e) {
                log.warn("stopping the bot failed", e);
            }
            b.detection().close();
        }
        WeChatSimulator sim = simulator;
        simulator = null;
        if (sim != null) {
            sim.close();
        }
        WeComGatewaySimulator wecomSim = wecomSimulator;
        wecomSimulator = null;
        if (wecomSim != null) {
            wecomSim.close();
        }
    }

    private static Language parseLanguage(String code) {
        try {
            return Language.parse(code);
        } catch (IllegalArgumentException e) {
            return Language.ZH;
        }
    }

    private String text(String key, Object... args) {
        return ctx.i18n().get(key, args);
    }

    static String modeLabelKey(String mode) {
        return "bot.mode." + mode.toLowerCase(Locale.ROOT);
    }
}
