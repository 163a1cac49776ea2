package dev.halfday.app.detect;

import dev.halfday.app.common.I18n;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.collections.SetChangeListener;
import javafx.collections.WeakSetChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One image of the batch strip: its thumbnail with a badge (objects found, a spinner while running, a warning
 * with the reason when it failed; the full reason in the tooltip) and its name.
 */
final class ThumbnailCell extends ListCell<BatchItem> {

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");
    private static final PseudoClass NONE = PseudoClass.getPseudoClass("none");

    private final DetectViewModel vm;
    private final I18n i18n;
    private final ImageView thumb = new ImageView();
    private final Label placeholder = new Label();
    private final ProgressIndicator spinner = new ProgressIndicator();
    private final Label badge = new Label();
    private final Label caption = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final VBox content;
    private final ChangeListener<Object> repaint = (obs, old, now) -> show();
    private final SetChangeListener<Integer> filterChanged = c -> show();

    ThumbnailCell(DetectViewModel vm, I18n i18n) {
        this.vm = vm;
        this.i18n = i18n;
        getStyleClass().add("thumbnail-cell");
        thumb.setPreserveRatio(true);
        thumb.setFitWidth(ImageProcessor.THUMB_WIDTH);
        thumb.setFitHeight(ImageProcessor.THUMB_HEIGHT);
        placeholder.getStyleClass().add("thumb-placeholder");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(ImageProcessor.THUMB_WIDTH - 16);
        spinner.getStyleClass().add("thumb-spinner");
        spinner.setMaxSize(28, 28);
        badge.getStyleClass().add("thumb-badge");
        StackPane.setAlignment(badge, Pos.TOP_RIGHT);
        StackPane frame = new StackPane(thumb, placeholder, spinner, badge);
        frame.getStyleClass().add("thumb-frame");
        frame.setMinSize(ImageProcessor.THUMB_WIDTH, ImageProcessor.THUMB_HEIGHT);
        frame.setPrefSize(ImageProcessor.THUMB_WIDTH, ImageProcessor.THUMB_HEIGHT);
        frame.setMaxSize(ImageProcessor.THUMB_WIDTH, ImageProcessor.THUMB_HEIGHT);
        caption.getStyleClass().add("thumb-caption");
        caption.setMaxWidth(ImageProcessor.THUMB_WIDTH);
        content = new VBox(4, frame, caption);
        content.setAlignment(Pos.TOP_CENTER);
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(360);
        // Counts and words follow the filters and the language (weakly: cells come and go).
        vm.thresholdProperty().addListener(new WeakChangeListener<>(repaint));
        i18n.languageProperty().addListener(new WeakChangeListener<>(repaint));
        vm.hiddenClasses().addListener(new WeakSetChangeListener<>(filterChanged));
    }

    private BatchItem shown;

    @Override
    protected void updateItem(BatchItem item, boolean empty) {
        super.updateItem(item, empty);
        if (shown != null) {
            shown.stateProperty().removeListener(repaint);
            shown.thumbnailProperty().removeListener(repaint);
        }
        shown = empty ? null : item;
        if (shown != null) {
            shown.stateProperty().addListener(repaint);
            shown.thumbnailProperty().addListener(repaint);
        }
        show();
    }

    private void show() {
        BatchItem item = shown;
        setText(null);
        if (item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        setGraphic(content);
        caption.setText(item.name());
        thumb.setImage(item.thumbnailProperty().get());
        BatchItem.State state = item.state();
        spinner.setVisible(state == BatchItem.State.RUNNING);
        pseudoClassStateChanged(FAILED, state == BatchItem.State.FAILED);
        pseudoClassStateChanged(WAITING, state == BatchItem.State.QUEUED || state == BatchItem.State.CANCELLED);
        switch (state) {
            case QUEUED -> {
                placeholder.setText(i18n.get("detect.thumb.waiting"));
                badge.setVisible(false);
                tooltip.setText(item.name());
            }
            case RUNNING -> {
                placeholder.setText("");
                badge.setVisible(false);
                tooltip.setText(item.name());
            }
            case DONE -> {
                placeholder.setText("");
                int n = vm.visibleCount(item);
                badge.setText(Integer.toString(n));
                badge.pseudoClassStateChanged(NONE, n == 0);
                badge.setVisible(true);
                tooltip.setText(i18n.get("detect.thumb.done", item.name(), n,
                        Math.round(item.answerMs())));
            }
            case FAILED -> {
                String reason = i18n.get(item.errorProperty().get());
                placeholder.setText("⚠ " + reason);
                badge.setVisible(false);
                tooltip.setText(item.name() + "\n" + reason + "\n" + item.errorDetailProperty().get());
            }
            case CANCELLED -> {
                placeholder.setText(i18n.get("detect.thumb.cancelled"));
                badge.setVisible(false);
                tooltip.setText(item.name());
            }
        }
        placeholder.setVisible(!placeholder.getText().isEmpty());
        setTooltip(tooltip);
    }

}
