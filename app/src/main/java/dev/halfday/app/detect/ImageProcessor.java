package dev.halfday.app.detect;

import dev.halfday.app.serve.DetectionBackend;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What happens to one image in the background: decode, make a thumbnail, ask the chosen detection backend.
 * No FX state here; the result goes back to the FX thread as an {@link Outcome}.
 */
final class ImageProcessor {

    /**
     * The model runs once per image with a low floor; the confidence slider then filters in the view, so moving
     * it never re-runs the model.
     */
    static final float MODEL_FLOOR = 0.05f;
    static final DetectOptions MODEL_OPTIONS = DetectOptions.defaults().withMinScore(MODEL_FLOOR);
    static final int THUMB_WIDTH = 176;
    static final int THUMB_HEIGHT = 112;

    private static final Logger log = LoggerFactory.getLogger(ImageProcessor.class);

    /** How processing one image ended. */
    sealed interface Outcome {
    }

    /**
     * @param display    the full-size image for the viewer, when asked for
     * @param answeredBy the backend that found the detections
     * @param answerMs   how long it took to answer, measured here
     */
    record Done(DetectionResult result, Image thumbnail, Image display, BackendSpec answeredBy, double answerMs)
            implements Outcome {
    }

    /**
     * @param errorKey     a key of the detect bundle
     * @param detail       the underlying message
     * @param triedBackend the backend that failed, or null when the image failed before reaching one
     */
    record Failed(String errorKey, String detail, Image thumbnail, BackendSpec triedBackend) implements Outcome {
        Failed(String errorKey, String detail) {
            this(errorKey, detail, null, null);
        }
    }

    private final ImageDecoder decoder;

    ImageProcessor(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Reads and decodes the image here (the pixels are needed for the thumbnail, the viewer and the boxes anyway),
     * then asks the backend: the local one works on those pixels, a remote one gets the file's bytes as they
     * are — nothing is decoded or encoded twice. Only pasted pixels, which have no file, are encoded (as PNG) and
     * only for a backend that needs bytes.
     */
    Outcome process(ImageSource source, DetectionBackend.Chosen backend, boolean wantDisplay) {
        ImageSource.Loaded loaded;
        try {
            loaded = source.load(decoder);
        } catch (ImageRejectedException | IOException | RuntimeException | OutOfMemoryError e) {
            return loadFailure(source, e);
        }
        DecodedImage decoded = loaded.decoded();
        Image thumbnail = thumbnail(decoded.image());
        BackendSpec spec = backend.spec();
        try {
            byte[] encoded = loaded.encoded();
            if (encoded == null && !(spec instanceof BackendSpec.Local)) {
                encoded = png(decoded);
            }
            long start = System.nanoTime();
            DetectionResult result = backend.client().detect(encoded, decoded, MODEL_OPTIONS);
            double ms = (System.nanoTime() - start) / 1e6;
            Image display = wantDisplay ? SwingFXUtils.toFXImage(decoded.image(), null) : null;
            return new Done(result, thumbnail, display, spec, ms);
        } catch (DetectionException e) {
            log.info("detection on {} by {} failed: {}", source.name(), spec, e.getMessage());
            return new Failed(errorKey(e, spec), e.getMessage(), thumbnail, spec);
        } catch (IOException | RuntimeException e) {
            log.warn("detection on {} failed", source.name(), e);
            return new Failed(spec instanceof BackendSpec.Local ? "error.detection" : "error.backendFailed",
                    String.valueOf(e.getMessage()), thumbnail, spec);
        }
    }

    /**
     * Like {@link #process} for a backend already known to be unreachable in this batch: the image is decoded
     * (for its thumbnail, and so a bad file still says what is wrong with it) and fails at once with the error the
     * backend gave, instead of waiting out the same retries again.
     */
    Outcome failFast(ImageSource source, Failed backendFailure) {
        ImageSource.Loaded loaded;
        try {
            loaded = source.load(decoder);
        } catch (ImageRejectedException | IOException | RuntimeException | OutOfMemoryError e) {
            return loadFailure(source, e);
        }
        return new Failed(backendFailure.errorKey(), backendFailure.detail(), thumbnail(loaded.decoded().image()),
                backendFailure.triedBackend());
    }

    /** Why an image could not be read or decoded, in the words of the detect bundle. */
    private static Failed loadFailure(ImageSource source, Throwable e) {
        if (e instanceof ImageRejectedException r) {
            return new Failed(errorKey(r), r.getMessage());
        }
        if (e instanceof NoSuchFileException n) {
            return new Failed("error.missing", "no such file: " + n.getFile());
        }
        if (e instanceof AccessDeniedException a) {
            return new Failed("error.denied", "permission denied: " + a.getFile());
        }
        if (e instanceof IOException) {
            return new Failed("error.unreadable", String.valueOf(e.getMessage()));
        }
        log.warn("decoding {} failed unexpectedly", source.name(), e);
        return new Failed("error.internal", e.toString());
    }

    /** What went wrong, in the words of the detect bundle: the model's failure, or which way a backend failed. */
    static String errorKey(DetectionException e, BackendSpec spec) {
        if (spec instanceof BackendSpec.Local) {
            return e.kind() == DetectionException.Kind.UNAVAILABLE ? "error.noModel" : "error.detection";
        }
        return switch (e.kind()) {
            case BAD_IMAGE -> "error.backendRefused";
            case TOO_LARGE -> "error.backendTooLarge";
            case BUSY -> "error.backendBusy";
            case UNAVAILABLE -> "error.backendUnreachable";
            case TIMEOUT -> "error.backendTimeout";
            case INTERNAL -> "error.backendFailed";
        };
    }

    private static byte[] png(DecodedImage decoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(decoded.image(), "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    /** Decodes for display only (the viewer asks again for an image it no longer holds). */
    Image display(ImageSource source) throws IOException, ImageRejectedException {
        return SwingFXUtils.toFXImage(source.decode(decoder).image(), null);
    }

    static String errorKey(ImageRejectedException e) {
        return switch (e.reason()) {
            case EMPTY -> "error.empty";
            case NOT_AN_IMAGE -> "error.notImage";
            case CORRUPT -> "error.corrupt";
            case TOO_LARGE -> "error.tooLarge";
            case UNSUPPORTED -> "error.unsupported";
        };
    }

    /** A small copy that fits THUMB_WIDTH × THUMB_HEIGHT, halved step by step so it stays smooth. */
    static Image thumbnail(BufferedImage image) {
        double scale = Math.min(1.0, Math.min((double) THUMB_WIDTH / image.getWidth(),
                (double) THUMB_HEIGHT / image.getHeight()));
        int targetW = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int targetH = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        if (current.getWidth() != targetW || current.getHeight() != targetH) {
            current = resize(current, targetW, targetH);
        }
        return SwingFXUtils.toFXImage(current, null);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
