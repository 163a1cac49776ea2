package dev.halfday.engine.gan.model;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Copies between Java arrays and tensors. Callers own (and close) every tensor they get. */
public final class Tensors {

    private Tensors() {
    }

    /** A new float tensor holding a copy of {@code values}. */
    public static TFloat32 floats(Shape shape, float[] values) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + values.length);
        }
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    /** The values of a float tensor, copied out (the tensor can be closed afterwards). */
    public static float[] toFloats(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
