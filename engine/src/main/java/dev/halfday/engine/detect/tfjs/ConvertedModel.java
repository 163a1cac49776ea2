package dev.halfday.engine.detect.tfjs;

import org.tensorflow.proto.GraphDef;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A TF.js graph model turned into a plain TensorFlow {@link GraphDef}: every Const filled with its weights and
 * every TF.js-only op rewritten into ops TensorFlow core runs. It can be imported into any graph (also under a
 * prefix, next to other ops) with {@code Graph.importGraphDef(graphDef(), prefix)}.
 *
 * @param graphDef  the runnable graph
 * @param inputs    the model's inputs, from the TF.js signature
 * @param outputs   the model's outputs, from the TF.js signature
 * @param cacheKey  SHA-256 over the model files and the converter version; names the cache file
 */
public record ConvertedModel(GraphDef graphDef, List<TensorSpec> inputs, List<TensorSpec> outputs, String cacheKey) {

    public ConvertedModel {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The single input's node name; fails if the model has several inputs. */
    public String inputName() {
        if (inputs.size() != 1) {
            throw new IllegalStateException("model has " + inputs.size() + " inputs, not one");
        }
        return inputs.get(0).name();
    }

    public TensorSpec output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("model has no output " + name + "; it has " + outputs));
    }
}
