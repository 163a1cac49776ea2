package dev.halfday.engine.cli;

import dev.halfday.engine.serve.OdApiSignature;
import dev.halfday.engine.serve.SavedModelExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code halfday export-detector --out DIR}: the default detector as a TensorFlow SavedModel with the Object
 * Detection API signature, in a numbered version folder ({@code DIR/1/}) as TensorFlow Serving expects. Prints
 * the version folder on stdout.
 */
@Command(name = "export-detector",
        mixinStandardHelpOptions = true,
        description = {"Export the default detector as a TensorFlow SavedModel for TensorFlow Serving: signature "
                + "serving_default, input input_tensor (uint8 [1,H,W,3]), outputs detection_boxes, detection_scores, "
                + "detection_classes (COCO ids), num_detections; letterbox and NMS inside the graph.",
                "Writes DIR/1/ (or the next free version number), complete or not at all."})
public final class ExportDetectorCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model base folder (TF Serving's model_base_path).")
    Path out;

    // Not "--version": mixinStandardHelpOptions owns -V/--version (the program's version).
    @Option(names = "--model-version", paramLabel = "N",
            description = "Version folder to write (a positive number). Default: 1, or one above the highest already in DIR.")
    Long version;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (version != null && version < 1) {
            throw new ParameterException(spec.commandLine(), "--model-version must be a positive number, got " + version);
        }
        try {
            System.err.println("converting and exporting the detector...");
            Path written = SavedModelExport.export(SavedModelExport.Model.bundledDetector(), out,
                    version == null ? 0 : version);
            System.out.println(written.toAbsolutePath());
            System.err.println("serve it with TensorFlow Serving, e.g.:\n  docker run -p 8500:8500 -v "
                    + out.toAbsolutePath() + ":/models/" + OdApiSignature.DEFAULT_MODEL_NAME + " -e MODEL_NAME="
                    + OdApiSignature.DEFAULT_MODEL_NAME + " tensorflow/serving\nthen: halfday ... --backend tfs:localhost:8500/"
                    + OdApiSignature.DEFAULT_MODEL_NAME);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("halfday export-detector: " + e.getMessage());
            return 1;
        }
    }
}
