package dev.halfday.app.shell;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.DetectorService;
import dev.halfday.app.common.I18n;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.List;

/**
 * The strip at the bottom of the window: the front page's status text on the left; extension items and the
 * model's state ("Loading model…", "Model: coco-centernet", "Model failed to load") on the right.
 */
final class StatusBar extends HBox {

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final Label message = new Label();

    StatusBar(AppContext ctx, List<Node> extensionItems) {
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        message.setId("status-message");
        message.getStyleClass().add("status-message");
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);

        getChildren().add(message);
        getChildren().addAll(extensionItems);
        getChildren().add(modelIndicator(ctx));
    }

    /** Shows a page's status text (or nothing). */
    void show(ObservableValue<String> text) {
        message.textProperty().unbind();
        if (text == null) {
            message.setText("");
        } else {
            message.textProperty().bind(text);
        }
    }

    private static Node modelIndicator(AppContext ctx) {
        I18n i18n = ctx.i18n();
        DetectorService detectors = ctx.detectors();
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("status-spinner");
        spinner.setPrefSize(14, 14);
        spinner.setMaxSize(14, 14);
        spinner.visibleProperty().bind(detectors.stateProperty().isEqualTo(DetectorService.State.LOADING));
        spinner.managedProperty().bind(spinner.visibleProperty());

        Label label = new Label();
        label.setId("status-model");
        label.getStyleClass().add("status-model");
        label.textProperty().bind(Bindings.createStringBinding(() -> switch (detectors.stateProperty().get()) {
            case LOADING -> i18n.get("status.model.loading");
            case READY -> i18n.get("status.model.ready", detectors.modelProperty().get().name());
            case FAILED -> i18n.get("status.model.failed");
        }, detectors.stateProperty(), detectors.modelProperty(), i18n.languageProperty()));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> switch (detectors.stateProperty().get()) {
            case LOADING -> i18n.get("status.model.loadingTip");
            case READY -> detectors.modelProperty().get().family() + " · " + detectors.modelProperty().get().source();
            case FAILED -> detectors.failureProperty().get();
        }, detectors.stateProperty(), detectors.modelProperty(), detectors.failureProperty(), i18n.languageProperty()));
        label.setTooltip(tip);
        detectors.stateProperty().addListener((obs, old, now) ->
                label.pseudoClassStateChanged(FAILED, now == DetectorService.State.FAILED));

        HBox box = new HBox(6, spinner, label);
        box.setAlignment(Pos.CENTER_RIGHT);
        box.getStyleClass().add("status-model-box");
        return box;
    }
}
