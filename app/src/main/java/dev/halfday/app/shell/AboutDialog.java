package dev.halfday.app.shell;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.I18n;
import dev.halfday.engine.detect.ModelInfo;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;

/** Help ▸ About: what Halfday is, its version, the loaded model and where the bundled assets come from. */
final class AboutDialog {

    private AboutDialog() {
    }

    static void show(AppContext ctx) {
        I18n i18n = ctx.i18n();
        String version = AboutDialog.class.getPackage().getImplementationVersion();
        ModelInfo model = ctx.detectors().modelProperty().get();
        String modelLine = model == null ? i18n.get("about.noModel")
                : i18n.get("about.model", model.name(), model.family(), model.labels().size());
        Alert alert = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.OK);
        alert.initOwner(ctx.stage());
        alert.setTitle(i18n.get("about.title"));
        alert.setHeaderText("Halfday " + (version == null ? "dev" : version));
        alert.setContentText(i18n.get("about.text") + "\n\n" + modelLine + "\n\n" + i18n.get("about.credits"));
        alert.getDialogPane().setId("about-dialog");
        alert.getDialogPane().setMinWidth(480);
        alert.show();
    }
}
