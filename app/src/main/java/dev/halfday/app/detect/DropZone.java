package dev.halfday.app.detect;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.DetectorService;
import dev.halfday.app.common.I18n;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** What the Detect tab shows before any image: where to drop, the buttons to open, and the model's state. */
final class DropZone extends StackPane {

    DropZone(AppContext ctx, Runnable openImages, Runnable openFolder, Runnable openSample) {
        I18n i18n = ctx.i18n();
        DetectorService detectors = ctx.detectors();
        setId("drop-zone");
        getStyleClass().add("drop-zone");

        Label icon = new Label("⬇");
        icon.getStyleClass().add("drop-icon");
        Label title = new Label();
        title.textProperty().bind(i18n.text("detect.drop.title"));
        title.getStyleClass().add("drop-title");
        Label subtitle = new Label();
        subtitle.textProperty().bind(i18n.text("detect.drop.subtitle"));
        subtitle.getStyleClass().add("drop-subtitle");
        subtitle.setWrapText(true);

        Button open = new Button();
        open.setId("drop-open");
        open.textProperty().bind(i18n.text("detect.action.open"));
        open.getStyleClass().add("primary");
        open.setOnAction(e -> openImages.run());
        Button folder = new Button();
        folder.setId("drop-open-folder");
        folder.textProperty().bind(i18n.text("detect.action.openFolder"));
        folder.setOnAction(e -> openFolder.run());
        Button sample = new Button();
        sample.setId("drop-sample");
        sample.textProperty().bind(i18n.text("detect.action.sample"));
        sample.setOnAction(e -> openSample.run());
        HBox buttons = new HBox(10, open, folder, sample);
        buttons.setAlignment(Pos.CENTER);

        Label hint = new Label();
        hint.textProperty().bind(i18n.text("detect.drop.hint"));
        hint.getStyleClass().add("drop-hint");

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(16, 16);
        spinner.visibleProperty().bind(detectors.stateProperty().isEqualTo(DetectorService.State.LOADING));
        spinner.managedProperty().bind(spinner.visibleProperty());
        Label model = new Label();
        model.getStyleClass().add("drop-model");
        model.setWrapText(true);
        model.textProperty().bind(Bindings.createStringBinding(() -> switch (detectors.stateProperty().get()) {
            case LOADING -> i18n.get("detect.model.loading");
            case READY -> i18n.get("detect.model.ready", detectors.modelProperty().get().name(),
                    detectors.modelProperty().get().labels().size());
            case FAILED -> i18n.get("detect.model.failed", detectors.failureProperty().get());
        }, detectors.stateProperty(), detectors.modelProperty(), detectors.failureProperty(), i18n.languageProperty()));
        detectors.stateProperty().addListener((obs, old, now) ->
                model.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"),
                        now == DetectorService.State.FAILED));
        HBox modelRow = new HBox(8, spinner, model);
        modelRow.setAlignment(Pos.CENTER);

        VBox card = new VBox(14, icon, title, subtitle, buttons, hint, modelRow);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("drop-card");
        card.setMaxSize(620, 380);
        getChildren().add(card);
    }
}
