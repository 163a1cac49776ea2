package dev.halfday.engine.detect.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a tiny TF.js graph model the way the TF.js converter does: a FusedDepthwiseConv2dNative with
 * BiasAdd + Relu, float16-quantized weights, an int32 const and an int64-declared const stored as int32.
 * It computes {@code reshape(relu(2·x − 3), [4])} for an input x of shape [1, 2, 2, 1].
 */
final class TinyTfjsModel {

    static final String JSON = """
            {
              "format": "graph-model",
              "generatedBy": "halfday test",
              "signature": {
                "inputs": {"x:0": {"name": "x:0", "dtype": "DT_FLOAT",
                  "tensorShape": {"dim": [{"size": "1"}, {"size": "2"}, {"size": "2"}, {"size": "1"}]}}},
                "outputs": {"out": {"name": "out", "dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "4"}]}}}
              },
              "modelTopology": {
                "node": [
                  {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
                    "shape": {"shape": {"dim": [{"size": "1"}, {"size": "2"}, {"size": "2"}, {"size": "1"}]}}}},
                  {"name": "filter", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                    "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}, {"size": "1"}, {"size": "1"}, {"size": "1"}]}}}}},
                  {"name": "bias", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
                    "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "1"}]}}}}},
                  {"name": "shape", "op": "Const", "attr": {"dtype": {"type": "DT_INT64"},
                    "value": {"tensor": {"dtype": "DT_INT64", "tensorShape": {"dim": [{"size": "1"}]}}}}},
                  {"name": "unused", "op": "Const", "attr": {"dtype": {"type": "DT_INT32"},
                    "value": {"tensor": {"dtype": "DT_INT32", "tensorShape": {"dim": [{"size": "2"}]}}}}},
                  {"name": "conv", "op": "FusedDepthwiseConv2dNative", "input": ["x", "filter", "bias"],
                    "attr": {"T": {"type": "DT_FLOAT"}, "strides": {"list": {"i": ["1", "1", "1", "1"]}},
                      "padding": {"s": "U0FNRQ=="}, "data_format": {"s": "TkhXQw=="},
                      "dilations": {"list": {"i": ["1", "1", "1", "1"]}}, "explicit_paddings": {"list": {}},
                      "num_args": {"i": "1"}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}}}},
                  {"name": "out", "op": "Reshape", "input": ["conv", "shape"],
                    "attr": {"T": {"type": "DT_FLOAT"}, "Tshape": {"type": "DT_INT64"}}}
                ],
                "library": {},
                "versions": {}
              },
              "weightsManifest": [{"paths": ["tiny.bin"], "weights": [
                {"name": "filter", "shape": [1, 1, 1, 1], "dtype": "float32",
                  "quantization": {"dtype": "float16", "original_dtype": "float32"}},
                {"name": "bias", "shape": [1], "dtype": "float32",
                  "quantization": {"dtype": "float16", "original_dtype": "float32"}},
                {"name": "shape", "shape": [1], "dtype": "int32"},
                {"name": "unused", "shape": [2], "dtype": "int32"}
              ]}]
            }
            """;

    private TinyTfjsModel() {
    }

    /** Writes tiny.json and tiny.bin into {@code dir}; {@code biasHalf} is the float16 bits of the bias. */
    static Path write(Path dir, short biasHalf) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer bin = ByteBuffer.allocate(2 + 2 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        bin.putShort((short) 0x4000);   // 2.0
        bin.putShort(biasHalf);
        bin.putInt(4);
        bin.putInt(7).putInt(9);
        Files.writeString(dir.resolve("tiny.json"), JSON);
        Files.write(dir.resolve("tiny.bin"), bin.array());
        return dir;
    }

    /** float16 −3.0. */
    static final short MINUS_THREE = (short) 0xC200;
}
