package dev.halfday.engine.detect.tfjs;

import java.util.List;

/**
 * One entry of a TF.js {@code weightsManifest}: a Const node's name, shape and how its bytes are stored.
 *
 * @param name          the Const node it fills
 * @param shape         dimensions
 * @param dtype         the logical type ("float32", "int32", "bool")
 * @param quantization  how the stored bytes encode the values, or null when stored as {@code dtype} itself
 */
record WeightSpec(String name, List<Long> shape, String dtype, Quantization quantization) {

    /**
     * @param dtype "float16" (IEEE half), "uint8" or "uint16" (affine: value = q × scale + min)
     */
    record Quantization(String dtype, double scale, double min) {
    }

    long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** How many bytes this weight occupies in the .bin stream. */
    long storedBytes() {
        return elementCount() * bytesPerElement(quantization != null ? quantization.dtype() : dtype);
    }

    static int bytesPerElement(String dtype) {
        return switch (dtype) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw new IllegalArgumentException("unsupported TF.js weight type '" + dtype + "'");
        };
    }
}
