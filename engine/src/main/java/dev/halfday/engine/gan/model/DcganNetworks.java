package dev.halfday.engine.gan.model;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The generator and discriminator of one {@link Architecture}. Generator variables are named {@code g_…},
 * discriminator variables {@code d_…}; building the same network twice on one {@link WeightStore} reuses the
 * variables.
 */
public interface DcganNetworks {

    /** Noise [batch, latent] → images [batch, size, size, channels] in [-1, 1]. */
    Operand<TFloat32> generator(NetBuilder net, Operand<TFloat32> noise);

    /** Images [batch, size, size, channels] in [-1, 1] → one logit per image, [batch, 1]. */
    Operand<TFloat32> discriminator(NetBuilder net, Operand<TFloat32> images);

    static DcganNetworks of(GanConfig config) {
        return switch (config.architecture()) {
            case GREY_28 -> new Grey28(config);
            case RGB_64 -> new Rgb64(config);
        };
    }

    /** The TF 2.0 DCGAN tutorial networks, 28×28×1. */
    final class Grey28 implements DcganNetworks {
        private final GanConfig config;

        Grey28(GanConfig config) {
            this.config = config;
        }

        @Override
        public Operand<TFloat32> generator(NetBuilder net, Operand<TFloat32> noise) {
            var tf = net.tf();
            Operand<TFloat32> x = net.dense("g_dense", noise, config.latentDim(), 7 * 7 * 256, false);
            x = net.leakyRelu(net.batchNormFeatures("g_bn0", x, 7 * 7 * 256));
            x = tf.reshape(x, tf.constant(new int[] {-1, 7, 7, 256}));
            x = net.leakyRelu(net.batchNorm("g_bn1", net.deconv("g_deconv1", x, 5, 256, 128, 1, 7), 128));
            x = net.leakyRelu(net.batchNorm("g_bn2", net.deconv("g_deconv2", x, 5, 128, 64, 2, 14), 64));
            return tf.math.tanh(net.deconv("g_deconv3", x, 5, 64, 1, 2, 28));
        }

        @Override
        public Operand<TFloat32> discriminator(NetBuilder net, Operand<TFloat32> images) {
            var tf = net.tf();
            Operand<TFloat32> x = net.dropout(net.leakyRelu(net.conv("d_conv1", images, 5, 1, 64, 2, true)),
                    config.dropoutRate());
            x = net.dropout(net.leakyRelu(net.conv("d_conv2", x, 5, 64, 128, 2, true)), config.dropoutRate());
            x = tf.reshape(x, tf.constant(new int[] {-1, 7 * 7 * 128}));
            return net.dense("d_dense", x, 7 * 7 * 128, 1, true);
        }
    }

    /**
     * 64×64×3 in the same style, one transposed conv per doubling (4→8→16→32→64), channel counts kept small
     * enough for a laptop CPU. The discriminator has no batch norm, like the tutorial's.
     */
    final class Rgb64 implements DcganNetworks {
        private final GanConfig config;

        Rgb64(GanConfig config) {
            this.config = config;
        }

        @Override
        public Operand<TFloat32> generator(NetBuilder net, Operand<TFloat32> noise) {
            var tf = net.tf();
            Operand<TFloat32> x = net.dense("g_dense", noise, config.latentDim(), 4 * 4 * 256, false);
            x = net.leakyRelu(net.batchNormFeatures("g_bn0", x, 4 * 4 * 256));
            x = tf.reshape(x, tf.constant(new int[] {-1, 4, 4, 256}));
            x = net.leakyRelu(net.batchNorm("g_bn1", net.deconv("g_deconv1", x, 5, 256, 128, 2, 8), 128));
            x = net.leakyRelu(net.batchNorm("g_bn2", net.deconv("g_deconv2", x, 5, 128, 64, 2, 16), 64));
            x = net.leakyRelu(net.batchNorm("g_bn3", net.deconv("g_deconv3", x, 5, 64, 32, 2, 32), 32));
            return tf.math.tanh(net.deconv("g_deconv4", x, 5, 32, 3, 2, 64));
        }

        @Override
        public Operand<TFloat32> discriminator(NetBuilder net, Operand<TFloat32> images) {
            var tf = net.tf();
            float rate = config.dropoutRate();
            Operand<TFloat32> x = net.dropout(net.leakyRelu(net.conv("d_conv1", images, 5, 3, 32, 2, true)), rate);
            x = net.dropout(net.leakyRelu(net.conv("d_conv2", x, 5, 32, 64, 2, true)), rate);
            x = net.dropout(net.leakyRelu(net.conv("d_conv3", x, 5, 64, 128, 2, true)), rate);
            x = net.dropout(net.leakyRelu(net.conv("d_conv4", x, 5, 128, 256, 2, true)), rate);
            x = tf.reshape(x, tf.constant(new int[] {-1, 4 * 4 * 256}));
            return net.dense("d_dense", x, 4 * 4 * 256, 1, true);
        }
    }
}
