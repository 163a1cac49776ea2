package dev.halfday.engine.gan.fid;

import dev.halfday.engine.gan.model.NetBuilder;
import dev.halfday.engine.gan.model.WeightStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The small Fashion-MNIST classifier whose penultimate layer is the FID feature space: three 3×3 convolutions
 * (32, 64 stride 2, 64 stride 2, ReLU) → dense 128 (ReLU; the features) → dense 10 (class logits).
 * 0.45 M parameters, 6 M multiply-adds per image. Variables are named {@code c_…}.
 */
final class ClassifierNetwork {

    static final int FEATURES = 128;
    static final int CLASSES = 10;

    /** Features and logits of one network. */
    record Outputs(Operand<TFloat32> features, Operand<TFloat32> logits) {
    }

    private ClassifierNetwork() {
    }

    /** @param images [batch, 28, 28, 1], values in [-1, 1] (the generator's range) */
    static Outputs build(Ops tf, WeightStore weights, Operand<TFloat32> images, long seed) {
        NetBuilder net = new NetBuilder(tf, weights, false, 0f, null, seed);
        Operand<TFloat32> x = tf.nn.relu(net.conv("c_conv1", images, 3, 1, 32, 1, true));
        x = tf.nn.relu(net.conv("c_conv2", x, 3, 32, 64, 2, true));
        x = tf.nn.relu(net.conv("c_conv3", x, 3, 64, 64, 2, true));
        x = tf.reshape(x, tf.constant(new int[] {-1, 7 * 7 * 64}));
        Operand<TFloat32> features = tf.nn.relu(net.dense("c_dense1", x, 7 * 7 * 64, FEATURES, true));
        Operand<TFloat32> logits = net.dense("c_dense2", features, FEATURES, CLASSES, true);
        return new Outputs(features, logits);
    }
}
