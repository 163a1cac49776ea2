package dev.halfday.app.shell;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.Settings;
import dev.halfday.app.common.SettingsStore;
import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The main window: menu bar, one tab per {@link Page}, a notification bar, and the status bar.
 * It knows pages only through the {@link Page} interface and talks to them over the event bus.
 */
public final class MainWindow {

    private static final Logger log = LoggerFactory.getLogger(MainWindow.class);
    private static final String STYLESHEET = "/dev/halfday/app/shell/halfday.css";

    private final AppContext ctx;
    private final List<Page> pages = new ArrayList<>();
    private final List<ShellExtension> extensions = new ArrayList<>();
    private final TabPane tabs = new TabPane();
    private final NotificationPane notifications;
    private final StatusBar statusBar;
    private final BorderPane root = new BorderPane();
    private final PauseTransition notificationTimeout = new PauseTransition(Duration.seconds(8));
    private Stage stage;
    private boolean closed;

    public MainWindow(AppContext ctx, List<Function<AppContext, Page>> pageFactories,
                      List<Function<AppContext, ShellExtension>> extensionFactories) {
        this.ctx = ctx;
        pageFactories.forEach(f -> pages.add(f.apply(ctx)));
        extensionFactories.forEach(f -> extensions.add(f.apply(ctx)));

        tabs.setId("main-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (Page page : pages) {
            Tab tab = new Tab();
            tab.setId("tab-" + page.id());
            tab.textProperty().bind(page.title());
            tab.setUserData(page);
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> showTab(now));

        notifications = new NotificationPane(tabs);
        notifications.setId("notifications");
        notifications.setShowFromTop(true);
        notificationTimeout.setOnFinished(e -> notifications.hide());

        List<Node> statusItems = new ArrayList<>();
        List<MenuItem> toolsItems = new ArrayList<>();
        for (ShellExtension ext : extensions) {
            statusItems.addAll(ext.statusItems());
            toolsItems.addAll(ext.toolsMenuItems());
        }
        statusBar = new StatusBar(ctx, statusItems);

        root.setTop(new ShellMenus(ctx).build(pages, toolsItems, this::select, this::quit,
                () -> AboutDialog.show(ctx)));
        root.setCenter(notifications);
        root.setBottom(statusBar);
        root.getStyleClass().add("halfday-root");

        ctx.events().subscribe(AppEvents.ShowPage.class, e -> select(e.pageId()));
        ctx.events().subscribe(AppEvents.Notify.class, this::notify);
        showTab(tabs.getSelectionModel().getSelectedItem());
    }

    /** The window's content (tests put it in their own stage). */
    public Parent root() {
        return root;
    }

    public List<Page> pages() {
        return List.copyOf(pages);
    }

    public Optional<Page> page(String id) {
        return pages.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public <T extends ShellExtension> Optional<T> extension(Class<T> type) {
        return extensions.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Puts the window on a stage: scene, stylesheet, remembered size and position, close handling. */
    public void show(Stage target) {
        this.stage = target;
        ctx.attach(target);
        Settings settings = ctx.settings();
        DoubleProperty width = settings.doubleSetting("window.width", 1280, 480, 20000);
        DoubleProperty height = settings.doubleSetting("window.height", 820, 360, 20000);
        DoubleProperty x = settings.doubleSetting("window.x", Double.NaN, -100000, 100000);
        DoubleProperty y = settings.doubleSetting("window.y", Double.NaN, -100000, 100000);
        BooleanProperty maximized = settings.booleanSetting("window.maximized", false);

        // A size remembered from a larger monitor is shrunk to fit this one.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(width.get(), screen.getWidth()),
                Math.min(height.get(), screen.getHeight()));
        scene.getStylesheets().add(stylesheet());
        target.setScene(scene);
        target.setTitle("Halfday");
        target.setMinWidth(640);
        target.setMinHeight(420);
        if (isOnScreen(x.get(), y.get(), width.get(), height.get())) {
            target.setX(x.get());
            target.setY(y.get());
        } else {
            target.centerOnScreen();
        }
        target.setMaximized(maximized.get());
        target.setOnCloseRequest(e -> close());
        target.show();
        reportSettingsProblems();
    }

    public static String stylesheet() {
        return MainWindow.class.getResource(STYLESHEET).toExternalForm();
    }

    /** Selects a page by its position (Ctrl+1 is 0). */
    public void select(int index) {
        if (index >= 0 && index < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(index);
        }
    }

    public void select(String pageId) {
        for (int i = 0; i < pages.size(); i++) {
            if (pages.get(i).id().equals(pageId)) {
                select(i);
                return;
            }
        }
        log.warn("no page with id {}", pageId);
    }

    /** Remembers the window's bounds and releases every page; safe to call twice. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stage != null) {
            Settings settings = ctx.settings();
            settings.booleanSetting("window.maximized", false).set(stage.isMaximized());
            if (!stage.isMaximized() && !stage.isIconified()) {
                settings.doubleSetting("window.width", 1280, 480, 20000).set(stage.getWidth());
                settings.doubleSetting("window.height", 820, 360, 20000).set(stage.getHeight());
                settings.doubleSetting("window.x", Double.NaN, -100000, 100000).set(stage.getX());
                settings.doubleSetting("window.y", Double.NaN, -100000, 100000).set(stage.getY());
            }
        }
        for (Page page : pages) {
            try {
                page.dispose();
            } catch (RuntimeException e) {
                log.warn("page {} failed to dispose", page.id(), e);
            }
        }
        extensions.forEach(ShellExtension::dispose);
    }

    private void quit() {
        close();
        if (stage != null) {
            stage.close();
        }
    }

    private void showTab(Tab tab) {
        if (tab == null) {
            return;
        }
        Page page = (Page) tab.getUserData();
        if (tab.getContent() == null) {
            Node view = page.view();
            view.getStyleClass().add("page");
            tab.setContent(view);
        }
        statusBar.show(page.statusText());
        page.onShown();
    }

    private void notify(AppEvents.Notify event) {
        notifications.getStyleClass().removeAll("info", "warning", "error");
        notifications.getStyleClass().add(event.severity().name().toLowerCase());
        notifications.show(event.message());
        notificationTimeout.playFromStart();
    }

    private void reportSettingsProblems() {
        Optional<SettingsStore.Problem> problem = ctx.settings().loadProblem();
        problem.ifPresent(p -> notify(new AppEvents.Notify(AppEvents.Severity.WARNING, p.damaged()
                ? ctx.i18n().get("settings.damaged", p.keptAs() == null ? "-" : p.keptAs().toString())
                : ctx.i18n().get("settings.unreadable", p.detail()))));
        if (problem.isEmpty() && !ctx.settings().invalidKeys().isEmpty()) {
            notify(new AppEvents.Notify(AppEvents.Severity.WARNING,
                    ctx.i18n().get("settings.invalid", String.join(", ", ctx.settings().invalidKeys()))));
        }
    }

    private static boolean isOnScreen(double x, double y, double w, double h) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return false;
        }
        // At least a corner of the title bar must be on some screen, or the window could not be moved back.
        return !Screen.getScreensForRectangle(new Rectangle2D(x, y, Math.min(w, 200), 40)).isEmpty();
    }
}
