package dev.halfday.engine.gan.data;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Which images to train on, as written on the command line and stored in a checkpoint:
 * {@code fashion-mnist} (the full set if Debian's package is installed, else the bundled subset),
 * {@code fashion-mnist-bundled} (always the bundled subset), {@code idx:DIR} or {@code folder:DIR}.
 */
public sealed interface DatasetSpec {

    String text();

    Architecture architecture();

    ImageDataset load(ImageFolderDataset.Progress progress) throws IOException;

    /** Fashion-MNIST, full set if installed, bundled subset otherwise. */
    record FashionMnistSpec(boolean bundledOnly) implements DatasetSpec {
        @Override
        public String text() {
            return bundledOnly ? "fashion-mnist-bundled" : "fashion-mnist";
        }

        @Override
        public Architecture architecture() {
            return Architecture.GREY_28;
        }

        @Override
        public ImageDataset load(ImageFolderDataset.Progress progress) throws IOException {
            if (!bundledOnly) {
                var installed = FashionMnist.installed();
                if (installed.isPresent()) {
                    return FashionMnist.read(installed.get(), FashionMnist.Split.TRAIN).images();
                }
            }
            return FashionMnist.bundled(FashionMnist.Split.TRAIN);
        }
    }

    /** 28×28 grey IDX files (train-images-idx3-ubyte[.gz]) in a folder. */
    record IdxSpec(Path dir) implements DatasetSpec {
        @Override
        public String text() {
            return "idx:" + dir;
        }

        @Override
        public Architecture architecture() {
            return Architecture.GREY_28;
        }

        @Override
        public ImageDataset load(ImageFolderDataset.Progress progress) throws IOException {
            return FashionMnist.read(dir, FashionMnist.Split.TRAIN).images();
        }
    }

    /** JPEG/PNG pictures in a folder, trained at 64×64 RGB. */
    record FolderSpec(Path dir) implements DatasetSpec {
        @Override
        public String text() {
            return "folder:" + dir;
        }

        @Override
        public Architecture architecture() {
            return Architecture.RGB_64;
        }

        @Override
        public ImageDataset load(ImageFolderDataset.Progress progress) throws IOException {
            return ImageFolderDataset.load(dir, Architecture.RGB_64.imageSize(), ImageDecoder.standard(), progress);
        }
    }

    static DatasetSpec fashionMnist() {
        return new FashionMnistSpec(false);
    }

    /**
     * Parses the command-line form.
     *
     * @throws IllegalArgumentException with a plain-words message for anything else
     */
    static DatasetSpec parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("fashion-mnist")) {
            return new FashionMnistSpec(false);
        }
        if (t.equals("fashion-mnist-bundled")) {
            return new FashionMnistSpec(true);
        }
        if (t.startsWith("idx:") && t.length() > 4) {
            return new IdxSpec(Path.of(t.substring(4)).toAbsolutePath().normalize());
        }
        if (t.startsWith("folder:") && t.length() > 7) {
            return new FolderSpec(Path.of(t.substring(7)).toAbsolutePath().normalize());
        }
        throw new IllegalArgumentException("unknown dataset '" + text
                + "': use fashion-mnist, fashion-mnist-bundled, idx:DIR or folder:DIR");
    }
}
