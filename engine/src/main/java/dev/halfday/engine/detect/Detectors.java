package dev.halfday.engine.detect;

import dev.halfday.engine.detect.centernet.CenterNetDetector;
import dev.halfday.engine.detect.odapi.OdApiSavedModelDetector;
import dev.halfday.engine.detect.tfjs.ModelFiles;
import dev.halfday.engine.detect.tfjs.TfjsGraphModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads detectors: the bundled default, or a model folder the user picks (TF.js graph model or SavedModel). */
public final class Detectors {

    /** What a model folder holds. */
    public enum Format {
        /** A TF.js graph model: a .json with modelTopology and weightsManifest, plus its .bin files. */
        TFJS_GRAPH_MODEL,
        /** A TensorFlow SavedModel, as the TF2 Object Detection API exports it. */
        SAVED_MODEL
    }

    /** A recognised model folder: its format and the file or folder to load. */
    public record Found(Format format, Path path) {
    }

    private Detectors() {
    }

    /** The bundled COCO-80 CenterNet model. */
    public static Detector loadDefault() throws IOException {
        return CenterNetDetector.loadBundled();
    }

    /**
     * Loads the model in {@code dir}: a TF.js CenterNet graph model, or a TF2 Object Detection API SavedModel
     * ({@code dir/saved_model.pb}, or an export folder with {@code saved_model/saved_model.pb} inside).
     *
     * @throws ModelLoadException the folder holds neither, or the model in it cannot be used
     */
    public static Detector load(Path dir) throws IOException {
        Found found = recognise(dir);
        return switch (found.format()) {
            case SAVED_MODEL -> OdApiSavedModelDetector.load(found.path(), TfSessionOptions.forSavedModel());
            case TFJS_GRAPH_MODEL -> {
                String name = dir.toAbsolutePath().normalize().getFileName().toString();
                try {
                    yield CenterNetDetector.load(ModelFiles.folder(dir), found.path().getFileName().toString(), name,
                            dir.toAbsolutePath().normalize().toString());
                } catch (IllegalArgumentException e) {
                    throw new ModelLoadException("cannot use the TF.js model in " + dir + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** Says what kind of model a folder holds, without loading it. */
    public static Found recognise(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("not a model folder: " + dir + (Files.exists(dir) ? " is a file" : " does not exist"));
        }
        if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            return new Found(Format.SAVED_MODEL, dir);
        }
        if (Files.isRegularFile(dir.resolve("saved_model").resolve("saved_model.pb"))) {
            return new Found(Format.SAVED_MODEL, dir.resolve("saved_model"));
        }
        List<Path> graphModels = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                if (Files.size(p) < 64L << 20 && TfjsGraphModel.isGraphModelJson(Files.readAllBytes(p))) {
                    graphModels.add(p);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read the model folder " + dir + ": " + e.getMessage(), e);
        }
        if (graphModels.size() == 1) {
            return new Found(Format.TFJS_GRAPH_MODEL, graphModels.get(0));
        }
        if (graphModels.size() > 1) {
            throw new ModelLoadException("the folder " + dir + " holds several TF.js graph models "
                    + graphModels.stream().map(p -> p.getFileName().toString()).toList() + "; keep one per folder");
        }
        throw new ModelLoadException("not a model folder: " + dir + " holds neither a TF.js graph model (a .json with"
                + " modelTopology and weightsManifest, and its .bin files) nor a TensorFlow SavedModel (saved_model.pb)");
    }
}
