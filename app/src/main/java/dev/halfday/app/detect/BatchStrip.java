package dev.halfday.app.detect;

import dev.halfday.app.common.I18n;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The batch under the image: progress, cancel, and a strip of thumbnails; clicking one shows it. */
final class BatchStrip extends VBox {

    private final ListView<BatchItem> strip = new ListView<>();

    BatchStrip(DetectViewModel vm, I18n i18n) {
        setId("batch-strip");
        getStyleClass().add("batch-strip");

        ProgressBar progress = new ProgressBar();
        progress.setId("batch-progress");
        progress.progressProperty().bind(vm.progress());
        progress.setPrefWidth(220);
        Label counts = new Label();
        counts.setId("batch-counts");
        counts.getStyleClass().add("batch-counts");
        counts.textProperty().bind(Bindings.createStringBinding(() -> {
            String text = i18n.get("detect.batch.progress", vm.batchFinishedProperty().get(),
                    vm.batchTotalProperty().get());
            int failed = vm.batchFailedProperty().get();
            int skipped = vm.batchSkippedProperty().get();
            return text + (failed == 0 ? "" : " · " + i18n.get("detect.batch.failed", failed))
                    + (skipped == 0 ? "" : " · " + i18n.get("detect.batch.skipped", skipped));
        }, vm.batchFinishedProperty(), vm.batchTotalProperty(), vm.batchFailedProperty(), vm.batchSkippedProperty(),
                i18n.languageProperty()));

        Button cancel = new Button();
        cancel.setId("batch-cancel");
        cancel.textProperty().bind(i18n.text("detect.batch.cancel"));
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        Button clear = new Button();
        clear.setId("batch-clear");
        clear.textProperty().bind(i18n.text("detect.batch.clear"));
        clear.setOnAction(e -> vm.clear());
        clear.getStyleClass().add("flat");

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(12, progress, counts, grow, cancel, clear);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("batch-header");

        strip.setId("thumbnails");
        strip.setOrientation(Orientation.HORIZONTAL);
        strip.setItems(vm.items());
        strip.setCellFactory(list -> new ThumbnailCell(vm, i18n));
        strip.setFixedCellSize(ImageProcessor.THUMB_WIDTH + 16);
        strip.setPrefHeight(ImageProcessor.THUMB_HEIGHT + 50);
        strip.setMinHeight(ImageProcessor.THUMB_HEIGHT + 50);
        strip.getStyleClass().add("thumbnail-strip");

        // Selection follows the view-model both ways.
        strip.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && vm.selectedProperty().get() != now) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> {
            if (now == null) {
                strip.getSelectionModel().clearSelection();
            } else if (strip.getSelectionModel().getSelectedItem() != now) {
                strip.getSelectionModel().select(now);
                strip.scrollTo(now);
            }
        });

        getChildren().addAll(header, strip);
    }
}
