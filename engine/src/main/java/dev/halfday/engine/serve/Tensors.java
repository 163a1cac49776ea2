package dev.halfday.engine.serve;

import com.google.protobuf.ByteString;
import dev.halfday.engine.image.PixelCounts;
import dev.halfday.engine.proto.tensorflow.DataType;
import dev.halfday.engine.proto.tensorflow.TensorProto;
import dev.halfday.engine.proto.tensorflow.TensorShapeProto;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds and reads {@link TensorProto}s the way TensorFlow does: values either packed little-endian in
 * {@code tensor_content} or listed in the typed field for the dtype, row-major; a single listed value fills the
 * whole shape. Readers trust nothing: shapes are checked against the values actually present and against
 * limits before any large array is allocated. Problems are {@link IllegalArgumentException}s in plain words.
 */
public final class Tensors {

    private Tensors() {
    }

    public static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (long d : dims) {
            b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return b.build();
    }

    public static long[] dims(TensorProto tensor) {
        return tensor.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    /** Number of elements the shape holds; refuses unknown (-1) and absurd sizes. */
    public static int elementCount(TensorProto tensor) {
        long n = 1;
        for (long d : dims(tensor)) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor shape " + describe(tensor) + " has an unknown dimension");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor shape " + describe(tensor) + " is too large");
            }
        }
        return (int) n;
    }

    public static String describe(TensorProto tensor) {
        List<String> parts = new ArrayList<>();
        for (long d : dims(tensor)) {
            parts.add(Long.toString(d));
        }
        return tensor.getDtype().name() + " [" + String.join(", ", parts) + "]";
    }

    // ---- building ----

    public static TensorProto floats(float[] values, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(dims));
        for (float v : values) {
            b.addFloatVal(v);
        }
        return b.build();
    }

    /** Encoded image bytes as a DT_STRING tensor of shape [1]. */
    public static TensorProto encodedImage(byte[] encoded) {
        return TensorProto.newBuilder().setDtype(DataType.DT_STRING).setTensorShape(shape(1))
                .addStringVal(ByteString.copyFrom(encoded)).build();
    }

    /** An 8-bit RGB image as a DT_UINT8 tensor of shape [1, H, W, 3], packed in tensor_content. */
    public static TensorProto uint8Image(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
        } else if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (int i = 0, j = 0; i < px.length; i++, j += 3) {
                rgb[j] = (byte) (px[i] >> 16);
                rgb[j + 1] = (byte) (px[i] >> 8);
                rgb[j + 2] = (byte) px[i];
            }
        } else {
            int[] row = new int[w];
            for (int y = 0, j = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++, j += 3) {
                    rgb[j] = (byte) (row[x] >> 16);
                    rgb[j + 1] = (byte) (row[x] >> 8);
                    rgb[j + 2] = (byte) row[x];
                }
            }
        }
        return TensorProto.newBuilder().setDtype(DataType.DT_UINT8).setTensorShape(shape(1, h, w, 3))
                .setTensorContent(ByteString.copyFrom(rgb)).build();
    }

    // ---- reading ----

    /**
     * Reads a DT_UINT8 [1, H, W, 3] (or [H, W, 3]) RGB tensor into an image.
     *
     * @param maxPixels refuse images with more pixels than this, before allocating them
     */
    public static BufferedImage readUint8Image(TensorProto tensor, long maxPixels) {
        if (tensor.getDtype() != DataType.DT_UINT8) {
            throw new IllegalArgumentException("expected a DT_UINT8 image tensor, got " + describe(tensor));
        }
        long[] d = dims(tensor);
        boolean batched = d.length == 4;
        if (!(batched && d[0] == 1 || d.length == 3) || d[d.length - 1] != 3) {
            throw new IllegalArgumentException(
                    "expected an RGB image tensor of shape [1, height, width, 3], got " + describe(tensor));
        }
        long h = d[batched ? 1 : 0];
        long w = d[batched ? 2 : 1];
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("the image tensor is empty: " + describe(tensor));
        }
        if (h * w > maxPixels) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "image too large: %d×%d pixels, the limit is %s",
                    w, h, PixelCounts.describe(maxPixels)));
        }
        int n = (int) (h * w * 3);
        byte[] bgr = new byte[n];
        if (!tensor.getTensorContent().isEmpty()) {
            if (tensor.getTensorContent().size() != n) {
                throw new IllegalArgumentException("the image tensor holds " + tensor.getTensorContent().size()
                        + " bytes but its shape " + describe(tensor) + " needs " + n);
            }
            byte[] rgb = tensor.getTensorContent().toByteArray();
            for (int i = 0; i < n; i += 3) {
                bgr[i] = rgb[i + 2];
                bgr[i + 1] = rgb[i + 1];
                bgr[i + 2] = rgb[i];
            }
        } else {
            int count = tensor.getIntValCount();
            if (count != n && count != 1) {
                throw new IllegalArgumentException("the image tensor holds " + count
                        + " values but its shape " + describe(tensor) + " needs " + n);
            }
            for (int i = 0; i < n; i += 3) {
                for (int c = 0; c < 3; c++) {
                    int v = tensor.getIntVal(count == 1 ? 0 : i + c);
                    if (v < 0 || v > 255) {
                        throw new IllegalArgumentException("uint8 image value out of range: " + v);
                    }
                    bgr[i + 2 - c] = (byte) v;
                }
            }
        }
        BufferedImage image = new BufferedImage((int) w, (int) h, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(bgr, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, n);
        return image;
    }

    /** The single element of a DT_STRING tensor of shape [], [1] or [1, 1]. */
    public static byte[] readSingleString(TensorProto tensor) {
        if (tensor.getDtype() != DataType.DT_STRING) {
            throw new IllegalArgumentException("expected a DT_STRING tensor, got " + describe(tensor));
        }
        if (tensor.getStringValCount() != 1 || elementCount(tensor) != 1) {
            throw new IllegalArgumentException("expected exactly one encoded image (batch size 1), got "
                    + tensor.getStringValCount() + " in " + describe(tensor));
        }
        return tensor.getStringVal(0).toByteArray();
    }

    /** Reads a numeric tensor (float, double, int32, int64, uint8) as floats, row-major. */
    public static float[] readFloats(TensorProto tensor) {
        int n = elementCount(tensor);
        float[] out = new float[n];
        if (!tensor.getTensorContent().isEmpty()) {
            ByteBuffer buf = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            int width = switch (tensor.getDtype()) {
                case DT_FLOAT, DT_INT32 -> 4;
                case DT_DOUBLE, DT_INT64 -> 8;
                case DT_UINT8 -> 1;
                default -> throw new IllegalArgumentException("cannot read a " + describe(tensor) + " tensor as numbers");
            };
            if (buf.remaining() != (long) n * width) {
                throw new IllegalArgumentException("tensor " + describe(tensor) + " holds " + buf.remaining()
                        + " bytes of content, expected " + (long) n * width);
            }
            for (int i = 0; i < n; i++) {
                out[i] = switch (tensor.getDtype()) {
                    case DT_FLOAT -> buf.getFloat();
                    case DT_INT32 -> buf.getInt();
                    case DT_DOUBLE -> (float) buf.getDouble();
                    case DT_INT64 -> buf.getLong();
                    default -> buf.get() & 0xff;
                };
            }
            return out;
        }
        int count = switch (tensor.getDtype()) {
            case DT_FLOAT -> tensor.getFloatValCount();
            case DT_DOUBLE -> tensor.getDoubleValCount();
            case DT_INT32, DT_UINT8 -> tensor.getIntValCount();
            case DT_INT64 -> tensor.getInt64ValCount();
            default -> throw new IllegalArgumentException("cannot read a " + describe(tensor) + " tensor as numbers");
        };
        if (count != n && !(count == 1 && n > 1)) {
            if (n == 0 && count == 0) {
                return out;
            }
            throw new IllegalArgumentException("tensor " + describe(tensor) + " holds " + count + " values, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            int k = count == 1 ? 0 : i;
            out[i] = switch (tensor.getDtype()) {
                case DT_FLOAT -> tensor.getFloatVal(k);
                case DT_DOUBLE -> (float) tensor.getDoubleVal(k);
                case DT_INT64 -> tensor.getInt64Val(k);
                default -> tensor.getIntVal(k);
            };
        }
        return out;
    }
}
