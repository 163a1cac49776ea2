package dev.halfday.app.serve;

import dev.halfday.app.common.I18n;
import dev.halfday.engine.serve.ServeStats;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.controlsfx.control.ToggleSwitch;

import java.util.Locale;

/**
 * The status-bar switch "Serve detection on this computer", with what it is doing next to it: the address, how
 * many requests it has answered and their median latency, or why it could not start.
 */
final class ServeSwitch extends HBox {

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final ToggleSwitch toggle = new ToggleSwitch();
    private final Label status = new Label();
    private boolean updating;

    ServeSwitch(LocalServeController controller, I18n i18n) {
        setId("serve-switch-box");
        getStyleClass().add("serve-switch");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(6);

        toggle.setId("serve-switch");
        toggle.textProperty().bind(i18n.text("serve.switch"));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(i18n.text("serve.switch.tip"));
        toggle.setTooltip(tip);
        toggle.disableProperty().bind(controller.stateProperty().isEqualTo(LocalServeController.State.STARTING)
                .or(controller.stateProperty().isEqualTo(LocalServeController.State.STOPPING)));
        toggle.selectedProperty().addListener((obs, was, on) -> {
            if (!updating) {
                if (on) {
                    controller.start();
                } else {
                    controller.stop();
                }
            }
        });
        controller.stateProperty().addListener((obs, old, now) -> {
            updating = true;
            try {
                toggle.setSelected(now == LocalServeController.State.ON || now == LocalServeController.State.STARTING);
            } finally {
                updating = false;
            }
        });

        status.setId("serve-status");
        status.getStyleClass().add("serve-status");
        status.textProperty().bind(Bindings.createStringBinding(() -> statusText(controller, i18n),
                controller.stateProperty(), controller.statsProperty(), controller.addressProperty(),
                controller.errorProperty(), i18n.languageProperty()));
        controller.errorProperty().addListener((obs, old, now) -> status.pseudoClassStateChanged(FAILED, !now.isEmpty()));
        status.visibleProperty().bind(status.textProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());

        getChildren().addAll(toggle, status);
    }

    private static String statusText(LocalServeController c, I18n i18n) {
        return switch (c.stateProperty().get()) {
            case STARTING -> i18n.get("serve.starting");
            case STOPPING -> i18n.get("serve.stopping");
            case OFF -> c.errorProperty().get().isEmpty() ? "" : i18n.get("serve.failed", c.errorProperty().get());
            case ON -> {
                ServeStats s = c.statsProperty().get();
                long requests = s == null ? 0 : s.requests();
                String p50 = s == null || Double.isNaN(s.p50Ms()) ? "–" : String.format(Locale.ROOT, "%.0f", s.p50Ms());
                yield i18n.get("serve.on", c.addressProperty().get(), requests, p50);
            }
        };
    }
}
