package dev.halfday.engine.detect.odapi;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds and exports a tiny SavedModel with the TF2 Object Detection API's serving signature, whose answer
 * depends on the input: it "sees" a person (COCO id 1) scored by the image's brightness and a dog (COCO id 18)
 * scored by its darkness, at fixed normalised boxes, plus one box of COCO id 12 (a gap in COCO-80, which the
 * detector drops).
 */
public final class TinyOdApiModel {

    /** [ymin, xmin, ymax, xmax] per detection, normalised. */
    static final float[][] BOXES = {{0.1f, 0.2f, 0.5f, 0.6f}, {0.5f, 0.5f, 0.9f, 0.9f}, {0f, 0f, 1f, 1f}};

    private TinyOdApiModel() {
    }

    public static void export(Path dir) throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TUint8> image = tf.withName("input_tensor")
                    .placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
            // A variable, as real exports have: SavedModel export saves and reloads it.
            Variable<TFloat32> toUnit = tf.withName("to_unit").variable(tf.constant(1f / 255f));
            Operand<TFloat32> brightness = tf.math.mul(
                    tf.math.mean(tf.dtypes.cast(image, TFloat32.class), tf.constant(new int[] {0, 1, 2, 3})), toUnit);
            Operand<TFloat32> darkness = tf.math.sub(tf.constant(1f), brightness);
            Operand<TFloat32> scores = tf.reshape(
                    tf.stack(List.of(brightness, darkness, tf.math.mul(darkness, tf.constant(0.5f)))),
                    tf.constant(new long[] {1, 3}));
            Operand<TFloat32> boxes = tf.constant(new float[][][] {BOXES});
            Operand<TFloat32> classes = tf.constant(new float[][] {{1f, 18f, 12f}});
            Operand<TFloat32> count = tf.constant(new float[] {3f});
            try (Session session = new Session(graph)) {
                session.initialize();
                Signature signature = Signature.builder("serving_default")
                        .input("input_tensor", image)
                        .output(OdApiSavedModelDetector.BOXES, tf.identity(boxes))
                        .output(OdApiSavedModelDetector.SCORES, tf.identity(scores))
                        .output(OdApiSavedModelDetector.CLASSES, tf.identity(classes))
                        .output(OdApiSavedModelDetector.COUNT, tf.identity(count))
                        .build();
                SavedModelBundle.exporter(dir.toString()).withSession(session).withSignature(signature).export();
            }
        }
    }
}
