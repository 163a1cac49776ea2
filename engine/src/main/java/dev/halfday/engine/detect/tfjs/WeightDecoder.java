package dev.halfday.engine.detect.tfjs;

import com.google.protobuf.ByteString;
import org.tensorflow.proto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns the stored bytes of one TF.js weight into the little-endian {@code tensor_content} TensorFlow wants for
 * the Const's declared type: float16 and affine-quantized weights become float32, int32 stays raw (or is widened
 * when the graph declares the Const as int64, which TF.js exports do: TF.js has no int64).
 */
final class WeightDecoder {

    private WeightDecoder() {
    }

    static ByteString decode(WeightSpec spec, ByteBuffer stored, DataType target) {
        ByteBuffer in = stored.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(spec.elementCount());
        return switch (spec.dtype()) {
            case "float32" -> {
                requireTarget(spec, target, DataType.DT_FLOAT);
                yield floats(spec, in, n);
            }
            case "int32" -> ints(spec, in, n, target);
            case "bool" -> {
                requireTarget(spec, target, DataType.DT_BOOL);
                byte[] b = new byte[n];
                in.get(b);
                yield ByteString.copyFrom(b);
            }
            default -> throw new IllegalArgumentException(
                    "weight " + spec.name() + ": unsupported TF.js weight type '" + spec.dtype() + "'");
        };
    }

    private static ByteString floats(WeightSpec spec, ByteBuffer in, int n) {
        ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        WeightSpec.Quantization q = spec.quantization();
        if (q == null) {
            for (int i = 0; i < n; i++) {
                out.putFloat(in.getFloat());
            }
        } else {
            switch (q.dtype()) {
                case "float16" -> {
                    for (int i = 0; i < n; i++) {
                        out.putFloat(halfToFloat(in.getShort()));
                    }
                }
                case "uint8" -> {
                    for (int i = 0; i < n; i++) {
                        out.putFloat((float) ((in.get() & 0xff) * q.scale() + q.min()));
                    }
                }
                case "uint16" -> {
                    for (int i = 0; i < n; i++) {
                        out.putFloat((float) ((in.getShort() & 0xffff) * q.scale() + q.min()));
                    }
                }
                default -> throw new IllegalArgumentException(
                        "weight " + spec.name() + ": unsupported quantization '" + q.dtype() + "'");
            }
        }
        return ByteString.copyFrom(out.array());
    }

    private static ByteString ints(WeightSpec spec, ByteBuffer in, int n, DataType target) {
        if (spec.quantization() != null) {
            throw new IllegalArgumentException("weight " + spec.name() + ": quantized int32 weights are not supported");
        }
        if (target == DataType.DT_INT32) {
            byte[] b = new byte[n * 4];
            in.get(b);
            return ByteString.copyFrom(b);
        }
        if (target == DataType.DT_INT64) {
            ByteBuffer out = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                out.putLong(in.getInt());
            }
            return ByteString.copyFrom(out.array());
        }
        throw new IllegalArgumentException("weight " + spec.name() + " is int32 but the graph declares " + target);
    }

    private static void requireTarget(WeightSpec spec, DataType actual, DataType wanted) {
        if (actual != wanted) {
            throw new IllegalArgumentException(
                    "weight " + spec.name() + " is " + spec.dtype() + " but the graph declares " + actual);
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // Subnormal half: value = mant × 2^-24, exact in float.
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
