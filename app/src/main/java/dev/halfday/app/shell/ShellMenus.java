package dev.halfday.app.shell;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.I18n;
import dev.halfday.app.common.ImageFileDialogs;
import dev.halfday.app.common.Samples;
import dev.halfday.engine.i18n.Language;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The menu bar. File commands that concern images are published on the event bus (the page that handles
 * images answers), so the shell knows nothing about detection.
 */
final class ShellMenus {

    private final AppContext ctx;
    private final I18n i18n;
    private final ImageFileDialogs dialogs;

    ShellMenus(AppContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.dialogs = new ImageFileDialogs(ctx);
    }

    MenuBar build(List<Page> pages, List<MenuItem> toolsItems, IntConsumer selectPage, Runnable quit,
                  Runnable about) {
        MenuBar bar = new MenuBar(fileMenu(quit), viewMenu(pages, selectPage), toolsMenu(toolsItems),
                helpMenu(about));
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private Menu fileMenu(Runnable quit) {
        MenuItem open = item("menu-open", "menu.file.open", "Shortcut+O");
        open.setOnAction(e -> dialogs.chooseImages().ifPresent(p -> publish(new AppEvents.OpenImages(p))));
        MenuItem openFolder = item("menu-open-folder", "menu.file.openFolder", "Shortcut+Shift+O");
        openFolder.setOnAction(e -> dialogs.chooseFolder()
                .ifPresent(p -> publish(new AppEvents.OpenImages(List.of(p)))));

        Menu samples = new Menu();
        samples.setId("menu-samples");
        samples.textProperty().bind(i18n.text("menu.file.samples"));
        for (String name : Samples.NAMES) {
            MenuItem sample = new MenuItem();
            sample.textProperty().bind(i18n.text("sample." + Samples.baseName(name)));
            sample.setId("menu-sample-" + Samples.baseName(name));
            sample.setOnAction(e -> Samples.open(ctx, name));
            samples.getItems().add(sample);
        }

        MenuItem paste = item("menu-paste", "menu.file.paste", "Shortcut+V");
        paste.setOnAction(e -> publish(new AppEvents.PasteImage()));
        MenuItem save = item("menu-save", "menu.file.save", "Shortcut+S");
        save.setOnAction(e -> publish(new AppEvents.SaveAnnotated()));
        MenuItem exit = item("menu-quit", "menu.file.quit", "Shortcut+Q");
        exit.setOnAction(e -> quit.run());

        Menu file = menu("menu-file", "menu.file");
        file.getItems().addAll(open, openFolder, samples, new SeparatorMenuItem(), paste, new SeparatorMenuItem(),
                save, new SeparatorMenuItem(), exit);
        return file;
    }

    private Menu viewMenu(List<Page> pages, IntConsumer selectPage) {
        Menu language = menu("menu-language", "menu.view.language");
        ToggleGroup group = new ToggleGroup();
        for (Language lang : Language.values()) {
            RadioMenuItem choice = new RadioMenuItem(lang == Language.ZH ? "中文" : "English");
            choice.setId("menu-language-" + lang.code());
            choice.setToggleGroup(group);
            choice.setSelected(i18n.language() == lang);
            choice.setOnAction(e -> i18n.languageProperty().set(lang));
            i18n.languageProperty().addListener((obs, old, now) -> choice.setSelected(now == lang));
            language.getItems().add(choice);
        }
        Menu view = menu("menu-view", "menu.view");
        view.getItems().addAll(language, new SeparatorMenuItem());
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            MenuItem go = new MenuItem();
            go.setId("menu-page-" + page.id());
            go.textProperty().bind(page.title());
            if (i < 9) {
                go.setAccelerator(KeyCombination.keyCombination("Shortcut+" + (i + 1)));
            }
            int index = i;
            go.setOnAction(e -> selectPage.accept(index));
            view.getItems().add(go);
        }
        return view;
    }

    private Menu toolsMenu(List<MenuItem> items) {
        Menu tools = menu("menu-tools", "menu.tools");
        tools.getItems().addAll(items);
        tools.setVisible(!items.isEmpty());
        return tools;
    }

    private Menu helpMenu(Runnable about) {
        MenuItem aboutItem = item("menu-about", "menu.help.about", "F1");
        aboutItem.setOnAction(e -> about.run());
        Menu help = menu("menu-help", "menu.help");
        help.getItems().add(aboutItem);
        return help;
    }

    private void publish(Object event) {
        ctx.events().publish(event);
    }

    private Menu menu(String id, String key) {
        Menu menu = new Menu();
        menu.setId(id);
        menu.textProperty().bind(i18n.text(key));
        return menu;
    }

    private MenuItem item(String id, String key, String accelerator) {
        MenuItem item = new MenuItem();
        item.setId(id);
        item.textProperty().bind(i18n.text(key));
        item.setAccelerator(KeyCombination.keyCombination(accelerator));
        return item;
    }
}
