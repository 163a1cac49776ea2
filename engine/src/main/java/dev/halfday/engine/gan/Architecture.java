package dev.halfday.engine.gan;

/**
 * The two DCGAN shapes Halfday trains: the TF 2.0 tutorial network for 28×28 grey images (Fashion-MNIST
 * and any IDX set), and a wider 64×64 colour variant for folders of photos.
 */
public enum Architecture {
    /** Tutorial DCGAN: Dense→BN→LeakyReLU→3 transposed convs→tanh; D: 2 strided convs + dropout → logit. */
    GREY_28(28, 1),
    /** DCGAN for 64×64 RGB: Dense→4 transposed convs with BN; D: 4 strided convs + dropout → logit. */
    RGB_64(64, 3);

    private final int imageSize;
    private final int channels;

    Architecture(int imageSize, int channels) {
        this.imageSize = imageSize;
        this.channels = channels;
    }

    public int imageSize() {
        return imageSize;
    }

    public int channels() {
        return channels;
    }

    /** Bytes of one image in HWC order. */
    public int pixelsPerImage() {
        return imageSize * imageSize * channels;
    }
}
