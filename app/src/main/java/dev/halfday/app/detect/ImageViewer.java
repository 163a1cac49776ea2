package dev.halfday.app.detect;

import dev.halfday.engine.detect.BoundingBox;
import dev.halfday.engine.detect.Detection;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Shows an image with its detections drawn as JavaFX nodes on top: boxes and "label 87%" tags are laid out at
 * the current scale rather than scaled as pixels, so they stay crisp at any zoom. The image fits the view by
 * default; Ctrl + mouse wheel zooms around the pointer, drag pans.
 */
final class ImageViewer extends StackPane {

    static final double MIN_ZOOM = 0.05;
    static final double MAX_ZOOM = 16;
    private static final double MAX_FIT_UPSCALE = 4;
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    private static final PseudoClass DIMMED = PseudoClass.getPseudoClass("dimmed");

    private final ObjectProperty<Image> image = new SimpleObjectProperty<>(this, "image");
    private final ObjectProperty<Detection> highlighted;
    private final Function<Detection, String> tagText;
    private final BooleanProperty fit = new SimpleBooleanProperty(this, "fit", true);
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
    private final ReadOnlyDoubleWrapper scale = new ReadOnlyDoubleWrapper(this, "scale", 1);

    private final ImageView view = new ImageView();
    private final Pane boxes = new Pane();
    private final Pane tags = new Pane();
    private final Canvas canvas = new Canvas();
    private final StackPane centerer = new StackPane(canvas);
    private final ScrollPane scroll = new ScrollPane(centerer);
    private final Map<Detection, Region> boxNodes = new IdentityHashMap<>();
    private final Map<Detection, Label> tagNodes = new IdentityHashMap<>();

    /**
     * @param detections  what to draw (observed)
     * @param highlighted the detection under the mouse, shared with the side list
     * @param tagText     the tag of a detection ("person 61%", "人 61%")
     */
    ImageViewer(ObservableList<Detection> detections, ObjectProperty<Detection> highlighted,
                Function<Detection, String> tagText) {
        this.highlighted = highlighted;
        this.tagText = tagText;
        getStyleClass().add("image-viewer");
        setId("image-viewer");
        view.setSmooth(true);
        view.setPreserveRatio(false);
        boxes.setId("detection-boxes");
        boxes.setPickOnBounds(false);
        tags.setPickOnBounds(false);
        canvas.getChildren().addAll(view, boxes, tags);
        canvas.getStyleClass().add("image-canvas");
        centerer.getStyleClass().add("image-centerer");
        scroll.setPannable(true);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("image-scroll");
        // The centering pane is at least the viewport (centred image) and at least the image (scroll bars).
        centerer.minWidthProperty().bind(canvas.prefWidthProperty());
        centerer.minHeightProperty().bind(canvas.prefHeightProperty());
        getChildren().add(scroll);

        image.addListener((obs, old, now) -> {
            view.setImage(now);
            fit.set(true);
            updateScale();
        });
        scroll.viewportBoundsProperty().addListener((obs, old, now) -> updateScale());
        fit.addListener((obs, old, now) -> updateScale());
        zoom.addListener((obs, old, now) -> updateScale());
        detections.addListener((ListChangeListener<Detection>) c -> rebuild(detections));
        highlighted.addListener((obs, old, now) -> showHighlight(old, now));
        scroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.isShortcutDown() && image.get() != null && e.getDeltaY() != 0) {
                // About 10% per wheel notch (40 units); touchpads send many small steps.
                zoomAround(Math.pow(1.0025, e.getDeltaY()), e.getSceneX(), e.getSceneY());
                e.consume();
            }
        });
        rebuild(detections);
    }

    ObjectProperty<Image> imageProperty() {
        return image;
    }

    BooleanProperty fitProperty() {
        return fit;
    }

    /** The displayed size relative to the image's pixels (1 = 100%). */
    ReadOnlyDoubleProperty scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    void fitToView() {
        fit.set(true);
    }

    void actualSize() {
        zoom.set(1);
        fit.set(false);
    }

    void zoomIn() {
        zoomAroundCentre(1.25);
    }

    void zoomOut() {
        zoomAroundCentre(1 / 1.25);
    }

    /** The on-screen node of a detection's box (tests and hover). */
    Region boxNode(Detection d) {
        return boxNodes.get(d);
    }

    List<Region> boxNodes() {
        return List.copyOf(boxes.getChildren().stream().map(n -> (Region) n).toList());
    }

    private void zoomAroundCentre(double factor) {
        Bounds b = scroll.localToScene(scroll.getLayoutBounds());
        zoomAround(factor, b.getCenterX(), b.getCenterY());
    }

    /** Zooms keeping the image point under (sceneX, sceneY) where it is. */
    private void zoomAround(double factor, double sceneX, double sceneY) {
        Image img = image.get();
        if (img == null) {
            return;
        }
        double old = scale.get();
        double next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, old * factor));
        Point2D inCanvas = canvas.sceneToLocal(sceneX, sceneY);
        Point2D inScroll = scroll.sceneToLocal(sceneX, sceneY);
        zoom.set(next);
        fit.set(false);
        scroll.layout();
        Bounds viewport = scroll.getViewportBounds();
        double ratio = next / old;
        double contentX = canvas.getBoundsInParent().getMinX() + inCanvas.getX() * ratio;
        double contentY = canvas.getBoundsInParent().getMinY() + inCanvas.getY() * ratio;
        double extraW = centerer.getWidth() - viewport.getWidth();
        double extraH = centerer.getHeight() - viewport.getHeight();
        if (extraW > 0) {
            scroll.setHvalue(clamp01((contentX - inScroll.getX()) / extraW));
        }
        if (extraH > 0) {
            scroll.setVvalue(clamp01((contentY - inScroll.getY()) / extraH));
        }
    }

    private void updateScale() {
        Image img = image.get();
        if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
            scale.set(1);
        } else if (fit.get()) {
            Bounds vp = scroll.getViewportBounds();
            double s = Math.min(vp.getWidth() / img.getWidth(), vp.getHeight() / img.getHeight());
            scale.set(s > 0 ? Math.min(s, MAX_FIT_UPSCALE) : 1);
        } else {
            scale.set(zoom.get());
        }
        canvas.updateSize();
    }

    private void rebuild(List<Detection> detections) {
        boxes.getChildren().clear();
        tags.getChildren().clear();
        boxNodes.clear();
        tagNodes.clear();
        // Big boxes first, so a small box inside a big one stays on top and reachable by the mouse.
        List<Detection> ordered = new ArrayList<>(detections);
        ordered.sort(Comparator.comparingDouble((Detection d) -> d.box().area()).reversed());
        for (Detection d : ordered) {
            Color color = ClassColors.of(d.classIndex());
            String colorCss = ClassColors.css(color);

            Region box = new Region();
            box.getStyleClass().add("det-box");
            box.setStyle("-det-color: " + colorCss + ";");
            box.setPickOnBounds(true);
            box.setUserData(d);
            // Unmanaged: the layers are plain Panes, which would otherwise shrink boxes to their preferred size.
            box.setManaged(false);

            Label tag = new Label(tagText.apply(d));
            tag.getStyleClass().add("det-tag");
            tag.setStyle("-det-color: " + colorCss + "; -fx-text-fill: " + ClassColors.css(ClassColors.textOn(d.classIndex()))
                    + ";");
            tag.setMinWidth(Region.USE_PREF_SIZE);
            tag.setUserData(d);

            for (Region node : List.of(box, tag)) {
                node.setOnMouseEntered(e -> highlighted.set(d));
                node.setOnMouseExited(e -> {
                    if (highlighted.get() == d) {
                        highlighted.set(null);
                    }
                });
            }
            boxes.getChildren().add(box);
            tags.getChildren().add(tag);
            boxNodes.put(d, box);
            tagNodes.put(d, tag);
        }
        showHighlight(null, highlighted.get());
        canvas.requestLayout();
    }

    /** Relabels the tags (language switch) without rebuilding. */
    void refreshTags() {
        tagNodes.forEach((d, tag) -> tag.setText(tagText.apply(d)));
        canvas.requestLayout();
    }

    private void showHighlight(Detection old, Detection now) {
        boolean any = now != null && boxNodes.containsKey(now);
        boxNodes.forEach((d, box) -> {
            boolean on = d == now;
            box.pseudoClassStateChanged(HIGHLIGHTED, on);
            box.pseudoClassStateChanged(DIMMED, any && !on);
            Label tag = tagNodes.get(d);
            tag.pseudoClassStateChanged(HIGHLIGHTED, on);
            tag.pseudoClassStateChanged(DIMMED, any && !on);
            if (on) {
                box.toFront();
                tag.toFront();
            }
        });
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** The image and its overlays at the current scale; positions are computed in the layout pass. */
    private final class Canvas extends Pane {

        void updateSize() {
            Image img = image.get();
            double s = scale.get();
            double w = img == null ? 0 : Math.round(img.getWidth() * s);
            double h = img == null ? 0 : Math.round(img.getHeight() * s);
            setPrefSize(w, h);
            setMinSize(w, h);
            setMaxSize(w, h);
            requestLayout();
        }

        @Override
        protected void layoutChildren() {
            double s = scale.get();
            double w = getWidth();
            double h = getHeight();
            view.setFitWidth(w);
            view.setFitHeight(h);
            view.relocate(0, 0);
            boxes.resizeRelocate(0, 0, w, h);
            tags.resizeRelocate(0, 0, w, h);
            for (Map.Entry<Detection, Region> e : boxNodes.entrySet()) {
                BoundingBox b = e.getKey().box();
                double x1 = Math.round(b.x1() * s);
                double y1 = Math.round(b.y1() * s);
                double x2 = Math.round(b.x2() * s);
                double y2 = Math.round(b.y2() * s);
                e.getValue().resizeRelocate(x1, y1, Math.max(2, x2 - x1), Math.max(2, y2 - y1));
            }
            placeTags(s, w, h);
        }

        /**
         * Puts each tag above its box's top-left corner, or, where that would cover a better detection's tag or
         * leave the image, inside the top, below the bottom, or inside the bottom of the box. Best scores first.
         * Tags stay managed: their layer sizes them to fit their text; here they are only placed.
         */
        private void placeTags(double s, double w, double h) {
            List<Detection> byScore = new ArrayList<>(tagNodes.keySet());
            byScore.sort(Comparator.comparingDouble((Detection d) -> d.score()).reversed());
            List<javafx.geometry.BoundingBox> placed = new ArrayList<>();
            for (Detection d : byScore) {
                Label tag = tagNodes.get(d);
                double tw = tag.prefWidth(-1);
                double th = tag.prefHeight(-1);
                double x = Math.max(0, Math.min(Math.round(d.box().x1() * s), w - tw));
                double top = Math.round(d.box().y1() * s);
                double bottom = Math.round(d.box().y2() * s);
                javafx.geometry.BoundingBox chosen = null;
                for (double y : new double[] {top - th, top, bottom, bottom - th}) {
                    javafx.geometry.BoundingBox r = new javafx.geometry.BoundingBox(x, y, tw, th);
                    if (y < 0 || y + th > h) {
                        continue;
                    }
                    if (chosen == null) {
                        chosen = r; // the fallback: first spot that fits the image
                    }
                    if (placed.stream().noneMatch(r::intersects)) {
                        chosen = r;
                        break;
                    }
                }
                if (chosen == null) {
                    chosen = new javafx.geometry.BoundingBox(x, Math.max(0, top), tw, th);
                }
                placed.add(chosen);
                tag.relocate(chosen.getMinX(), chosen.getMinY());
            }
        }
    }
}
