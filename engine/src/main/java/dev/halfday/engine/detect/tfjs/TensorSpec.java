package dev.halfday.engine.detect.tfjs;

import java.util.List;

/**
 * A named input or output of a converted graph.
 *
 * @param name  the graph node name ("tower_0/images"); fetch output 0 of this node
 * @param dtype TensorFlow type name ("DT_FLOAT")
 * @param shape dimensions, -1 for unknown
 */
public record TensorSpec(String name, String dtype, List<Long> shape) {

    public TensorSpec {
        shape = List.copyOf(shape);
    }
}
