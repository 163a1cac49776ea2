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
import dev.halfday.engine.bot.wechat.WebWeChatChannel;
import dev.halfday.engine.bot.wechat.WebWeChatConfig;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
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
    private final ObservableList<ChatLine> chat = FXCollections.observableArrayList();
    private final ObjectProperty<String> demoGroup = new SimpleObjectProperty<>(this, "demoGroup", "Family");

    private final StringProperty mode;
    private final DoubleProperty threshold;
    private final StringProperty language;
    private final BooleanProperty humanDelay;
    private final StringProperty backend;
    private final BooleanProperty demo;
    private final BooleanProperty riskAcknowledged;
    private final StringProperty enabledGroups;

    private volatile Bot bot;
    private volatile WeChatSimulator simulator;

    public BotViewModel(AppContext ctx) {
        this.ctx = ctx;
        var s = ctx.settings();
        mode = s.stringSetting("bot.mode", "all");
        threshold = s.doubleSetting("bot.threshold", 0.3, 0.05, 0.95);
        language = s.stringSetting("bot.language", ctx.i18n().language().code());
        humanDelay = s.booleanSetting("bot.humanDelay", true);
        backend = s.stringSetting("bot.backend", "local");
        demo = s.booleanSetting("bot.demo", true);
        riskAcknowledged = s.booleanSetting("bot.riskAcknowledged", false);
        enabledGroups = s.stringSetting("bot.groups", "");
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

    public StringProperty backendProperty() {
        return backend;
    }

    public BooleanProperty demoProperty() {
        return demo;
    }

    public BooleanProperty riskAcknowledgedProperty() {
        return riskAcknowledged;
    }

    /** Whether Start is allowed now: stopped, and (for real WeChat) the account risk was acknowledged. */
    public boolean canStart() {
        return phase.get() == Phase.STOPPED && (demo.get() || riskAcknowledged.get());
    }

    // ---- actions (call on the FX thread) ----

    public void start() {
        if (!canStart()) {
            return;
        }
        boolean demoMode = demo.get();
        String spec = backend.get();
        BotSettings settings = settings();
        phase.set(Phase.STARTING);
        problem.set(false);
        qrContent.set(null);
        chat.clear();
        status.set(text("bot.status.starting"));
        ctx.background().work().execute(() -> {
            try {
                DetectionClient detection = DetectionClients.fromSpec(spec, () -> ctx.detectors().detector().get(), false);
                WebWeChatConfig.Builder config = WebWeChatConfig.builder();
                if (demoMode) {
                    WeChatSimulator sim = WeChatSimulator.start(0).seedDemo();
                    sim.onSent(m -> Platform.runLater(() -> {
                        if (m.toName().equals(demoGroup.get())) {
                            chat.add(new ChatLine(sim.selfName(), m.text(), m.image(), true));
                        }
                    }));
                    simulator = sim;
                    config.singleBase(sim.baseUrl()).minLoginPollInterval(Duration.ofMillis(200));
                } else {
                    config.sessionFile(AppDirs.data().resolve("bot").resolve("web-wechat-session.json"));
                }
                Bot b = new Bot(new WebWeChatChannel(config.build()), detection, settings);
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
                    if (phase.get() == Phase.STARTING) {
                        phase.set(Phase.WAITING_FOR_SCAN);
                    }
                });
            } catch (Exception e) {
                log.warn("bot failed to start", e);
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                stopQuietly();
                Platform.runLater(() -> {
                    phase.set(Phase.STOPPED);
                    problem.set(true);
                    status.set(text("bot.status.startFailed", why));
                });
            }
        });
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
        WeChatSimulator sim = simulator;
        String group = demoGroup.get();
        if (sim == null || group == null) {
            return;
        }
        chat.add(new ChatLine(DEMO_SENDER, "", bytes, false));
        ctx.background().work().execute(() -> sim.postImage(group, DEMO_SENDER, bytes));
    }

    /** Demo mode: posts text (with an @-mention of the bot if asked) into the chosen group. */
    public void postDemoText(String text, boolean mention) {
        WeChatSimulator sim = simulator;
        String group = demoGroup.get();
        if (sim == null || group == null || text.isBlank()) {
            return;
        }
        String content = mention ? sim.mention(text) : text;
        chat.add(new ChatLine(DEMO_SENDER, content, null, false));
        ctx.background().work().execute(() -> sim.postText(group, DEMO_SENDER, content));
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
            status.set(text("bot.status.loggedIn", in.selfName()));
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
        return BotSettings.defaults()
                .withGroups(GroupSelection.of(enabledNames()))
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
