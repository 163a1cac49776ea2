/**
 * The main window and how features plug into it.
 *
 * <p>Layering (as in JabRef): pages ({@code detect/}, {@code bot/}, ...) build controls over their own
 * view-models; view-models use {@link dev.halfday.app.common.AppContext} services and the engine's public API;
 * nothing in {@code common/} or the engine knows about pages. The shell knows pages only as {@link
 * dev.halfday.app.shell.Page} and talks to them over the typed {@link dev.halfday.app.common.EventBus}
 * (as in AtlantaFX's sampler).
 *
 * <h2>Adding a tab</h2>
 * <ol>
 *   <li>Write {@code app/.../yourfeature/YourPage implements Page} with a constructor taking {@code AppContext};
 *       build controls lazily in {@code view()}; give its root an id ({@code "yourfeature-page"}).</li>
 *   <li>Register it with one line in {@link dev.halfday.app.shell.ShellPlugins#pages()} (the order there is the
 *       tab order and the Ctrl+1, Ctrl+2, ... order).</li>
 *   <li>Strings: {@code dev/halfday/app/yourfeature/messages.properties} and {@code messages_zh.properties};
 *       call {@code ctx.i18n().addBundle("dev.halfday.app.yourfeature.messages")} in the constructor and bind
 *       texts with {@code ctx.i18n().text(key)} so they follow the language menu. The tab title is
 *       {@code page.<id>.title}.</li>
 *   <li>Styles: your own stylesheet added to your page root; colours from the shell's theme
 *       ({@code -hd-accent}, {@code -hd-muted}, {@code -hd-border}, ... in {@code halfday.css}).</li>
 *   <li>Long work goes to {@code ctx.background()} threads; results come back with {@code Platform.runLater};
 *       stop it in {@code dispose()}. Remembered values: {@code ctx.settings().doubleSetting("yourfeature.x", …)}
 *       and friends return properties that save themselves.</li>
 * </ol>
 *
 * <h2>Adding something to the frame</h2>
 * Implement {@link dev.halfday.app.shell.ShellExtension} (status-bar nodes, Tools menu items) and register it in
 * {@link dev.halfday.app.shell.ShellPlugins#extensions()}: see {@code detect/ModelMenu}.
 *
 * <h2>The shared model</h2>
 * {@code ctx.detectors()} holds the one loaded detector: its state (loading, ready, failed) as properties and
 * {@code detector()} as a future for background threads. Load another with {@code load(loader)}.
 */
package dev.halfday.app.shell;
