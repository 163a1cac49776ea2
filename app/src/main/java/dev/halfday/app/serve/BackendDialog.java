package dev.halfday.app.serve;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.I18n;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.RemoteOptions;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.serve.OdApiSignature;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * "Detection backend": where the Detect tab and the bot send images — this app's model, a Halfday server
 * (host:port) or TensorFlow Serving (host:port + model). The choice is checked as it is typed, can be tried on a
 * sample photo, and is remembered.
 */
final class BackendDialog extends Dialog<String> {

    private final I18n i18n;
    private final ToggleGroup kind = new ToggleGroup();
    private final RadioButton local = new RadioButton();
    private final RadioButton halfday = new RadioButton();
    private final RadioButton tfs = new RadioButton();
    private final TextField halfdayAddress = new TextField();
    private final TextField tfsAddress = new TextField();
    private final TextField tfsModel = new TextField();
    private final Label problem = new Label();
    private final Label testResult = new Label();

    BackendDialog(AppContext ctx, DetectionBackend backend) {
        this.i18n = ctx.i18n();
        setTitle(i18n.get("backend.title"));
        if (ctx.stage() != null) {
            initOwner(ctx.stage());
        }
        getDialogPane().setId("backend-dialog");

        local.setId("backend-local");
        halfday.setId("backend-halfday");
        tfs.setId("backend-tfs");
        halfdayAddress.setId("backend-halfday-address");
        tfsAddress.setId("backend-tfs-address");
        tfsModel.setId("backend-tfs-model");
        problem.setId("backend-problem");
        testResult.setId("backend-test-result");
        local.setText(i18n.get("backend.local"));
        halfday.setText(i18n.get("backend.halfday"));
        tfs.setText(i18n.get("backend.tfs"));
        for (RadioButton r : new RadioButton[] {local, halfday, tfs}) {
            r.setToggleGroup(kind);
        }
        halfdayAddress.setPromptText("127.0.0.1:" + BackendSpec.DEFAULT_HALFDAY_PORT);
        tfsAddress.setPromptText("localhost:" + BackendSpec.DEFAULT_TF_SERVING_PORT);
        tfsModel.setPromptText(OdApiSignature.DEFAULT_MODEL_NAME);
        fill(backend.spec());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.add(local, 0, 0, 3, 1);
        grid.add(halfday, 0, 1);
        grid.add(halfdayAddress, 1, 1, 2, 1);
        grid.add(tfs, 0, 2);
        grid.add(tfsAddress, 1, 2);
        grid.add(tfsModel, 2, 2);
        Button test = new Button(i18n.get("backend.test"));
        test.setId("backend-test");
        test.setOnAction(e -> testConnection(test));
        problem.getStyleClass().add("backend-problem");
        VBox content = new VBox(10, grid, problem, new VBox(6, test, testResult));
        content.setPadding(new Insets(12));
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        Node ok = getDialogPane().lookupButton(ButtonType.OK);
        Runnable validate = () -> {
            Optional<String> error = currentSpec().isPresent() ? Optional.empty() : Optional.of(currentError());
            problem.setText(error.orElse(""));
            ok.setDisable(error.isPresent());
            test.setDisable(error.isPresent());
            halfdayAddress.setDisable(!halfday.isSelected());
            tfsAddress.setDisable(!tfs.isSelected());
            tfsModel.setDisable(!tfs.isSelected());
        };
        kind.selectedToggleProperty().addListener((obs, o, n) -> validate.run());
        for (TextField f : new TextField[] {halfdayAddress, tfsAddress, tfsModel}) {
            f.textProperty().addListener((obs, o, n) -> validate.run());
        }
        validate.run();
        setResultConverter(button -> button == ButtonType.OK ? currentSpec().map(BackendSpec::toString).orElse(null) : null);
    }

    /** Opens the dialog; OK stores the choice. */
    static void show(AppContext ctx, DetectionBackend backend) {
        new BackendDialog(ctx, backend).showAndWait().ifPresent(spec -> backend.specProperty().set(spec));
    }

    private void fill(BackendSpec spec) {
        if (spec instanceof BackendSpec.Halfday h) {
            halfday.setSelected(true);
            halfdayAddress.setText(h.toString());
        } else if (spec instanceof BackendSpec.TfServing t) {
            tfs.setSelected(true);
            tfsAddress.setText(new BackendSpec.Halfday(t.host(), t.port()).toString());
            tfsModel.setText(t.model());
        } else {
            local.setSelected(true);
        }
    }

    private String specText() {
        if (halfday.isSelected()) {
            return halfdayAddress.getText().trim();
        }
        if (tfs.isSelected()) {
            String model = tfsModel.getText().isBlank() ? OdApiSignature.DEFAULT_MODEL_NAME : tfsModel.getText().trim();
            return "tfs:" + tfsAddress.getText().trim() + "/" + model;
        }
        return "local";
    }

    Optional<BackendSpec> currentSpec() {
        try {
            return Optional.of(BackendSpec.parse(specText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String currentError() {
        try {
            BackendSpec.parse(specText());
            return "";
        } catch (IllegalArgumentException e) {
            return i18n.get("backend.invalid", e.getMessage());
        }
    }

    /** Detects the bundled cat photo through the chosen backend, off the FX thread, and says how it went. */
    private void testConnection(Button test) {
        Optional<BackendSpec> spec = currentSpec();
        if (spec.isEmpty() || spec.get() instanceof BackendSpec.Local) {
            testResult.setText(i18n.get("backend.test.local"));
            return;
        }
        test.setDisable(true);
        testResult.setText(i18n.get("backend.test.running"));
        Thread worker = new Thread(() -> {
            String text;
            try (InputStream in = BackendDialog.class.getResourceAsStream("/halfday/resources/samples/chelsea.png");
                 DetectionClient client = DetectionClients.create(spec.get(),
                         RemoteOptions.fromEnvironment().withTimeout(java.time.Duration.ofSeconds(10)).withMaxAttempts(1))) {
                long start = System.nanoTime();
                DetectionResult r = client.detect(in.readAllBytes(), DetectOptions.defaults());
                double ms = (System.nanoTime() - start) / 1e6;
                String found = r.detections().isEmpty() ? "–" : r.detections().get(0).label(i18n.language());
                text = i18n.get("backend.test.ok", found, String.format(Locale.ROOT, "%.0f", ms));
            } catch (DetectionException e) {
                text = i18n.get("backend.test.failed", e.getMessage());
            } catch (Exception e) {
                text = i18n.get("backend.test.failed", String.valueOf(e.getMessage()));
            }
            String shown = text;
            Platform.runLater(() -> {
                testResult.setText(shown);
                test.setDisable(currentSpec().isEmpty());
            });
        }, "halfday-backend-test");
        worker.setDaemon(true);
        worker.start();
    }
}
