package dev.halfday.app.bot;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.shell.Page;
import dev.halfday.engine.bot.BotCounters;
import dev.halfday.engine.client.BackendSpec;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.Locale;

/**
 * The Bot tab: start and stop the WeChat bot, scan its QR code, choose groups and behaviour, watch what it
 * answers. A demo mode runs it against the built-in simulator, so it can be tried without an account.
 */
public final class BotPage implements Page {

    private static final int QR_SIZE = 300;

    private final AppContext ctx;
    private final BotViewModel vm;

    public BotPage(AppContext ctx) {
        this.ctx = ctx;
        ctx.i18n().addBundle("dev.halfday.app.bot.messages");
        this.vm = new BotViewModel(ctx);
    }

    public BotViewModel viewModel() {
        return vm;
    }

    @Override
    public String id() {
        return "bot";
    }

    @Override
    public ObservableValue<String> title() {
        return ctx.i18n().text("page.bot.title");
    }

    @Override
    public ObservableValue<String> statusText() {
        return vm.statusProperty();
    }

    @Override
    public Node view() {
        BorderPane root = new BorderPane();
        root.setId("bot-page");
        root.setTop(new VBox(riskBanner(), toolbar()));
        root.setLeft(settingsPanel());
        root.setCenter(center());
        Node demo = DemoPanel.create(vm, ctx);
        demo.visibleProperty().bind(vm.demoProperty());
        demo.managedProperty().bind(vm.demoProperty());
        root.setRight(demo);
        root.setBottom(countersLine());
        return root;
    }

    @Override
    public void dispose() {
        vm.dispose();
    }

    private Node riskBanner() {
        var i18n = ctx.i18n();
        Label text = new Label();
        text.textProperty().bind(i18n.text("bot.risk.text"));
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button ok = new Button();
        ok.setId("bot-risk-ok");
        ok.textProperty().bind(i18n.text("bot.risk.ok"));
        ok.setOnAction(e -> vm.riskAcknowledgedProperty().set(true));
        HBox banner = new HBox(12, text, ok);
        banner.setId("bot-risk");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(8, 12, 8, 12));
        banner.setStyle("-fx-background-color: -hd-danger-soft; -fx-border-color: -hd-danger; -fx-border-width: 0 0 1 0;");
        BooleanBinding show = vm.riskAcknowledgedProperty().not().and(vm.demoProperty().not())
                .and(vm.channelProperty().isNotEqualTo("wecom"));
        banner.visibleProperty().bind(show);
        banner.managedProperty().bind(show);
        return banner;
    }

    private Node toolbar() {
        var i18n = ctx.i18n();
        Button start = new Button();
        start.setId("bot-start");
        start.textProperty().bind(i18n.text("bot.start"));
        start.setDefaultButton(false);
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canStart(),
                vm.phaseProperty(), vm.demoProperty(), vm.riskAcknowledgedProperty(), vm.channelProperty(),
                vm.wecomBotIdProperty(), vm.wecomSecretProperty()));
        start.setOnAction(e -> vm.start());
        Button stop = new Button();
        stop.setId("bot-stop");
        stop.textProperty().bind(i18n.text("bot.stop"));
        stop.disableProperty().bind(vm.phaseProperty().isEqualTo(BotViewModel.Phase.STOPPED)
                .or(vm.phaseProperty().isEqualTo(BotViewModel.Phase.STOPPING)));
        stop.setOnAction(e -> vm.stop());
        CheckBox demo = new CheckBox();
        demo.setId("bot-demo");
        demo.textProperty().bind(i18n.text("bot.demo.switch"));
        demo.selectedProperty().bindBidirectional(vm.demoProperty());
        demo.disableProperty().bind(vm.phaseProperty().isNotEqualTo(BotViewModel.Phase.STOPPED));
        Label status = new Label();
        status.setId("bot-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        status.styleProperty().bind(Bindings.when(vm.problemProperty())
                .then("-fx-text-fill: -hd-danger;").otherwise(""));
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(10, start, stop, demo, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 12, 6, 12));
        return bar;
    }

    private Node settingsPanel() {
        var i18n = ctx.i18n();
        Label groupsTitle = new Label();
        groupsTitle.textProperty().bind(i18n.text("bot.groups"));
        ListView<BotViewModel.GroupRow> groups = new ListView<>(vm.groups());
        groups.setId("bot-groups");
        groups.setCellFactory(CheckBoxListCell.forListView(BotViewModel.GroupRow::enabledProperty));
        groups.setPrefHeight(180);
        Label noGroups = new Label();
        noGroups.textProperty().bind(i18n.text("bot.groups.none"));
        noGroups.setWrapText(true);
        groups.setPlaceholder(noGroups);

        ChoiceBox<String> mode = new ChoiceBox<>();
        mode.setId("bot-mode");
        mode.getItems().setAll("all", "mention", "keyword");
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setConverter(converter(v -> ctx.i18n().get(BotViewModel.modeLabelKey(v))));

        Slider threshold = new Slider(0.05, 0.95, vm.thresholdProperty().get());
        threshold.setId("bot-threshold");
        threshold.valueProperty().bindBidirectional(vm.thresholdProperty());
        Label thresholdValue = new Label();
        thresholdValue.textProperty().bind(Bindings.createStringBinding(
                () -> Math.round(vm.thresholdProperty().get() * 100) + "%", vm.thresholdProperty()));

        ChoiceBox<String> lang = new ChoiceBox<>();
        lang.setId("bot-language");
        lang.getItems().setAll("zh", "en");
        lang.valueProperty().bindBidirectional(vm.languageProperty());
        lang.setConverter(converter(v -> v.equals("zh") ? "中文" : "English"));

        CheckBox delay = new CheckBox();
        delay.setId("bot-delay");
        delay.textProperty().bind(i18n.text("bot.delay"));
        delay.selectedProperty().bindBidirectional(vm.humanDelayProperty());

        VBox box = new VBox(6,
                label("bot.channel"), channelChooser(), wecomCredentials(),
                groupsTitle, groups,
                label("bot.mode"), mode,
                label("bot.threshold"), new HBox(6, threshold, thresholdValue),
                label("bot.language"), lang,
                delay,
                label("bot.backend"), backendChooser());
        box.setPadding(new Insets(8, 12, 8, 12));
        box.setPrefWidth(240);
        return box;
    }

    /**
     * The detection backend: the app-wide one (Tools → Detection backend…, shared with the Detect tab), shown as
     * the spec line {@code halfday bot --backend} takes, with a button to that same dialog. A running bot keeps
     * the backend it started with; a change made meanwhile says it applies at the next start.
     */
    private Node backendChooser() {
        var i18n = ctx.i18n();
        var appWide = ctx.detectionBackend().specProperty();
        Label spec = new Label();
        spec.setId("bot-backend");
        spec.setStyle("-fx-font-family: monospace;");
        spec.setMaxWidth(Double.MAX_VALUE);
        spec.textProperty().bind(Bindings.createStringBinding(() -> vm.activeBackendProperty().get().isEmpty()
                ? BackendSpec.parse(appWide.get()).toString() : vm.activeBackendProperty().get(),
                appWide, vm.activeBackendProperty()));
        Tooltip cli = new Tooltip();
        cli.textProperty().bind(Bindings.createStringBinding(() -> i18n.get("bot.backend.cli", spec.getText()),
                spec.textProperty(), i18n.languageProperty()));
        spec.setTooltip(cli);
        HBox.setHgrow(spec, Priority.ALWAYS);
        Button change = new Button();
        change.setId("bot-backend-change");
        change.textProperty().bind(i18n.text("bot.backend.change"));
        change.setOnAction(e -> ctx.events().publish(new AppEvents.ChooseDetectionBackend()));
        HBox row = new HBox(6, spec, change);
        row.setAlignment(Pos.CENTER_LEFT);

        Label note = new Label();
        note.setId("bot-backend-note");
        note.setWrapText(true);
        note.setStyle("-fx-font-size: 0.9em;");
        note.textProperty().bind(Bindings.createStringBinding(() -> {
            String active = vm.activeBackendProperty().get();
            String chosen = BackendSpec.parse(appWide.get()).toString();
            return active.isEmpty() || active.equals(chosen) ? i18n.get("bot.backend.shared")
                    : i18n.get("bot.backend.restart", chosen);
        }, appWide, vm.activeBackendProperty(), i18n.languageProperty()));
        return new VBox(4, row, note);
    }

    private Node channelChooser() {
        ChoiceBox<String> channel = new ChoiceBox<>();
        channel.setId("bot-channel");
        channel.getItems().setAll("web", "wecom");
        channel.valueProperty().bindBidirectional(vm.channelProperty());
        channel.setConverter(converter(v -> ctx.i18n().get("bot.channel." + v)));
        channel.disableProperty().bind(vm.phaseProperty().isNotEqualTo(BotViewModel.Phase.STOPPED));
        channel.setMaxWidth(Double.MAX_VALUE);
        return channel;
    }

    /** Bot ID, Secret and (for private deployments) the address; shown for the WeCom channel outside demo mode. */
    private Node wecomCredentials() {
        var i18n = ctx.i18n();
        TextField botId = new TextField();
        botId.setId("bot-wecom-id");
        botId.promptTextProperty().bind(i18n.text("bot.wecom.botId"));
        botId.textProperty().bindBidirectional(vm.wecomBotIdProperty());
        PasswordField secret = new PasswordField();
        secret.setId("bot-wecom-secret");
        secret.promptTextProperty().bind(i18n.text("bot.wecom.secret"));
        secret.textProperty().bindBidirectional(vm.wecomSecretProperty());
        TextField url = new TextField();
        url.setId("bot-wecom-url");
        url.promptTextProperty().bind(i18n.text("bot.wecom.url"));
        url.textProperty().bindBidirectional(vm.wecomUrlProperty());
        Label hint = new Label();
        hint.textProperty().bind(i18n.text("bot.wecom.hint"));
        hint.setWrapText(true);
        hint.setStyle("-fx-font-size: 0.9em;");
        VBox box = new VBox(4, botId, secret, url, hint);
        box.setId("bot-wecom-credentials");
        box.disableProperty().bind(vm.phaseProperty().isNotEqualTo(BotViewModel.Phase.STOPPED));
        BooleanBinding show = vm.channelProperty().isEqualTo("wecom").and(vm.demoProperty().not());
        box.visibleProperty().bind(show);
        box.managedProperty().bind(show);
        return box;
    }

    private Node center() {
        var i18n = ctx.i18n();
        ImageView qr = new ImageView();
        qr.setId("bot-qr");
        qr.setSmooth(false);
        vm.qrContentProperty().addListener((o, old, content) ->
                qr.setImage(content == null ? null : QrImages.of(content, QR_SIZE)));
        Label hint = new Label();
        hint.textProperty().bind(i18n.text("bot.qr.hint"));
        VBox qrBox = new VBox(6, qr, hint);
        qrBox.setAlignment(Pos.CENTER);
        qrBox.setPadding(new Insets(8));
        qrBox.visibleProperty().bind(vm.qrContentProperty().isNotNull());
        qrBox.managedProperty().bind(vm.qrContentProperty().isNotNull());

        var table = HandledTable.create(vm, i18n);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(6, qrBox, table);
        box.setPadding(new Insets(8, 0, 8, 0));
        return box;
    }

    private Node countersLine() {
        Label counters = new Label();
        counters.setId("bot-counters");
        counters.textProperty().bind(Bindings.createStringBinding(() -> {
            BotCounters c = vm.countersProperty().get();
            return ctx.i18n().get("bot.counters", c.received(), c.replied(), c.nothingFound(), c.refused(),
                    c.rateLimited() + c.dropped(), c.failed(), c.commands(), c.queueDepth());
        }, vm.countersProperty(), ctx.i18n().languageProperty()));
        HBox line = new HBox(counters);
        line.setPadding(new Insets(4, 12, 8, 12));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return line;
    }

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(ctx.i18n().text(key));
        return l;
    }

    private static StringConverter<String> converter(java.util.function.Function<String, String> toText) {
        return new StringConverter<>() {
            @Override
            public String toString(String v) {
                return v == null ? "" : toText.apply(v.toLowerCase(Locale.ROOT));
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        };
    }
}
