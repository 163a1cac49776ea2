package dev.halfday.app.shell;

import dev.halfday.app.common.AppContext;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * Stands in for a capability that another part of the project has not built yet. It says so plainly and offers
 * no controls: nothing on it pretends to work.
 */
public final class NotBuiltPage implements Page {

    private final AppContext ctx;
    private final String id;
    private final String name;

    /**
     * @param id   page id, also the prefix of its strings: {@code page.<id>.title}, {@code page.<id>.notBuilt},
     *             {@code page.<id>.plan}
     */
    public NotBuiltPage(AppContext ctx, String id) {
        this.ctx = ctx;
        this.id = id;
        this.name = "page." + id;
    }

    public static NotBuiltPage gan(AppContext ctx) {
        return new NotBuiltPage(ctx, "gan");
    }

    public static NotBuiltPage bot(AppContext ctx) {
        return new NotBuiltPage(ctx, "bot");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ObservableValue<String> title() {
        return ctx.i18n().text(name + ".title");
    }

    @Override
    public Node view() {
        Label headline = new Label();
        headline.textProperty().bind(ctx.i18n().text(name + ".notBuilt"));
        headline.getStyleClass().add("placeholder-title");
        Label plan = new Label();
        plan.textProperty().bind(ctx.i18n().text(name + ".plan"));
        plan.getStyleClass().add("placeholder-text");
        plan.setWrapText(true);
        plan.setMaxWidth(520);
        VBox box = new VBox(12, headline, plan);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("not-built-page");
        box.setId(id + "-page");
        return box;
    }
}
