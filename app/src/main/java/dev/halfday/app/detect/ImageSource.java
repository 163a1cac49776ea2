package dev.halfday.app.detect;

import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Where an image in the Detect tab came from: a file, encoded bytes (a bundled sample), or pasted pixels. */
public sealed interface ImageSource {

    /** A name to show: the file name, the sample's name, "pasted-1.png". */
    String name();

    /** Decodes it (orientation applied). Blocks: call off the FX thread. */
    DecodedImage decode(ImageDecoder decoder) throws IOException, ImageRejectedException;

    /**
     * Reads it once for detection: the encoded bytes (for a remote backend) and the pixels (for display, drawing
     * and the local backend). Blocks: call off the FX thread.
     */
    default Loaded load(ImageDecoder decoder) throws IOException, ImageRejectedException {
        return new Loaded(null, decode(decoder));
    }

    /**
     * @param encoded the image as a file holds it, or null for pixels that never were one (pasted)
     */
    record Loaded(byte[] encoded, DecodedImage decoded) {
    }

    record File(Path path) implements ImageSource {
        @Override
        public String name() {
            Path fileName = path.getFileName();
            return fileName == null ? path.toString() : fileName.toString();
        }

        @Override
        public DecodedImage decode(ImageDecoder decoder) throws IOException, ImageRejectedException {
            return decoder.decode(path);
        }

        @Override
        public Loaded load(ImageDecoder decoder) throws IOException, ImageRejectedException {
            byte[] bytes = ImageDecoder.readFile(path);
            return new Loaded(bytes, decoder.decode(bytes));
        }
    }

    record Encoded(String name, byte[] bytes) implements ImageSource {
        @Override
        public DecodedImage decode(ImageDecoder decoder) throws ImageRejectedException {
            return decoder.decode(bytes);
        }

        @Override
        public Loaded load(ImageDecoder decoder) throws ImageRejectedException {
            return new Loaded(bytes, decoder.decode(bytes));
        }
    }

    record Pixels(String name, BufferedImage image) implements ImageSource {
        @Override
        public DecodedImage decode(ImageDecoder decoder) {
            return DecodedImage.of(image);
        }
    }
}
