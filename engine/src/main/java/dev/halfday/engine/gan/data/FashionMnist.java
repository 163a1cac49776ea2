package dev.halfday.engine.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Zalando Research, MIT licence) in its IDX form: the 10 000-image training subset and the
 * 2 000-image test subset bundled with Halfday, the full set where Debian's {@code dataset-fashion-mnist}
 * installs it, or the same files in any folder (gzipped or not).
 */
public final class FashionMnist {

    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int SIZE = 28;
    /** Label names, index = class number in the label files. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String BUNDLED = "/halfday/resources/datasets/fashion-mnist/";

    /** Which half of the set. */
    public enum Split {
        TRAIN("train"),
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        String imagesFile() {
            return prefix + "-images-idx3-ubyte";
        }

        String labelsFile() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    /** Images with their class labels. */
    public record Labelled(ImageDataset images, byte[] labels) {
    }

    private FashionMnist() {
    }

    /** The bundled subset: 10 000 training or 2 000 test images. */
    public static ImageDataset bundled(Split split) throws IOException {
        return bundledLabelled(split).images();
    }

    public static Labelled bundledLabelled(Split split) throws IOException {
        String what = split == Split.TRAIN ? "bundled 10 000-image training subset" : "bundled 2 000-image test subset";
        IdxFile images = readResource(BUNDLED + split.imagesFile() + ".gz");
        IdxFile labels = readResource(BUNDLED + split.labelsFile() + ".gz");
        return toLabelled(images, labels, "Fashion-MNIST (" + what + ")");
    }

    /** The folder of Debian's package, when it is installed. */
    public static Optional<Path> installed() {
        return hasSplit(DEBIAN_DIR, Split.TRAIN) ? Optional.of(DEBIAN_DIR) : Optional.empty();
    }

    /** True if {@code dir} holds the images file of {@code split}, gzipped or not. */
    public static boolean hasSplit(Path dir, Split split) {
        return find(dir, split.imagesFile()).isPresent();
    }

    /** Reads images and labels from {@code dir} (file names as published, with or without .gz). */
    public static Labelled read(Path dir, Split split) throws IOException {
        Path imagesPath = find(dir, split.imagesFile()).orElseThrow(() -> new IOException(
                "no " + split.imagesFile() + "(.gz) in " + dir));
        IdxFile images = IdxFile.read(imagesPath);
        Optional<Path> labelsPath = find(dir, split.labelsFile());
        IdxFile labels = labelsPath.isPresent() ? IdxFile.read(labelsPath.get()) : null;
        return toLabelled(images, labels, "IDX images from " + dir + " (" + split.name().toLowerCase() + ")");
    }

    private static Optional<Path> find(Path dir, String name) {
        for (String candidate : List.of(name + ".gz", name)) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static IdxFile readResource(String resource) throws IOException {
        try (InputStream in = FashionMnist.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the bundled dataset is missing from the classpath: " + resource);
            }
            return IdxFile.read(in, resource);
        }
    }

    private static Labelled toLabelled(IdxFile images, IdxFile labels, String description) throws IOException {
        int[] d = images.dims();
        if (d.length != 3 || d[1] != SIZE || d[2] != SIZE) {
            throw new IOException("expected 28×28 images in the IDX file, found dimensions " + java.util.Arrays.toString(d));
        }
        if (images.count() == 0) {
            throw new IOException("the IDX file holds no images");
        }
        byte[] labelBytes = new byte[0];
        if (labels != null) {
            if (labels.dims().length != 1 || labels.count() != images.count()) {
                throw new IOException("the label file has " + labels.count() + " labels for " + images.count() + " images");
            }
            labelBytes = labels.data();
        }
        InMemoryImageDataset dataset = new InMemoryImageDataset(description, SIZE, SIZE, 1, images.count(),
                images.data(), List.of());
        return new Labelled(dataset, labelBytes);
    }
}
