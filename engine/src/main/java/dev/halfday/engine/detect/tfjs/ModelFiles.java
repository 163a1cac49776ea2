package dev.halfday.engine.detect.tfjs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of one model, read by name from a folder or from the classpath, so the bundled model (inside the
 * engine jar) and a model folder the user picks are handled by the same code.
 */
public interface ModelFiles {

    /** The whole content of the named file (names are relative: "centernet.json"). */
    byte[] read(String name) throws IOException;

    /** Whether the named file exists. */
    boolean exists(String name);

    /** Where the files live, for messages and {@code ModelInfo.source()} ("bundled" or a folder path). */
    String location();

    static ModelFiles folder(Path dir) {
        return new ModelFiles() {
            @Override
            public byte[] read(String name) throws IOException {
                return Files.readAllBytes(resolve(name));
            }

            @Override
            public boolean exists(String name) {
                return Files.isRegularFile(dir.resolve(name));
            }

            @Override
            public String location() {
                return dir.toAbsolutePath().normalize().toString();
            }

            private Path resolve(String name) throws NoSuchFileException {
                Path p = dir.resolve(name).normalize();
                // Weight paths come from the model's JSON: never let one point outside the model folder.
                if (!p.startsWith(dir.normalize())) {
                    throw new NoSuchFileException(name, null, "outside the model folder");
                }
                return p;
            }
        };
    }

    /** Files under a classpath folder such as {@code /halfday/models/coco-centernet/}. */
    static ModelFiles classpath(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        return new ModelFiles() {
            @Override
            public byte[] read(String name) throws IOException {
                try (InputStream in = ModelFiles.class.getResourceAsStream(prefix + name)) {
                    if (in == null) {
                        throw new NoSuchFileException("classpath:" + prefix + name);
                    }
                    return in.readAllBytes();
                }
            }

            @Override
            public boolean exists(String name) {
                return ModelFiles.class.getResource(prefix + name) != null;
            }

            @Override
            public String location() {
                return "classpath:" + prefix;
            }
        };
    }
}
