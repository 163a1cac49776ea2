package dev.halfday.app.detect;

import dev.halfday.engine.detect.Detection;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.Locale;
import java.util.function.Function;

/** A row of the side list: colour swatch, label, score. Hovering it highlights the box on the image. */
final class DetectionListCell extends ListCell<Detection> {

    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");

    private final ObjectProperty<Detection> highlighted;
    private final Function<Detection, String> label;
    private final Region swatch = new Region();
    private final Label name = new Label();
    private final Label score = new Label();
    private final HBox row;
    private final ChangeListener<Detection> highlightChanged = (obs, old, now) -> showHighlight();

    DetectionListCell(ObjectProperty<Detection> highlighted, Function<Detection, String> label) {
        this.highlighted = highlighted;
        this.label = label;
        getStyleClass().add("detection-cell");
        swatch.getStyleClass().add("det-swatch");
        name.getStyleClass().add("det-name");
        name.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(name, Priority.ALWAYS);
        score.getStyleClass().add("det-score");
        row = new HBox(10, swatch, name, score);
        row.setAlignment(Pos.CENTER_LEFT);
        setOnMouseEntered(e -> {
            if (getItem() != null) {
                highlighted.set(getItem());
            }
        });
        setOnMouseExited(e -> {
            if (getItem() != null && highlighted.get() == getItem()) {
                highlighted.set(null);
            }
        });
        highlighted.addListener(new WeakChangeListener<>(highlightChanged));
    }

    @Override
    protected void updateItem(Detection d, boolean empty) {
        super.updateItem(d, empty);
        if (empty || d == null) {
            setGraphic(null);
            setText(null);
        } else {
            swatch.setStyle("-det-color: " + ClassColors.css(ClassColors.of(d.classIndex())) + ";");
            name.setText(label.apply(d));
            score.setText(String.format(Locale.ROOT, "%.0f%%", d.score() * 100));
            setGraphic(row);
            setText(null);
        }
        showHighlight();
    }

    private void showHighlight() {
        pseudoClassStateChanged(HIGHLIGHTED, getItem() != null && getItem() == highlighted.get());
    }
}
