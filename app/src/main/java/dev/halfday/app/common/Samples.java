package dev.halfday.app.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The bundled sample photos (resources/samples), opened from the class path so they work from a jar too. */
public final class Samples {

    /** File names, in menu order. */
    public static final List<String> NAMES =
            List.of("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg");
    private static final String RESOURCE = "/halfday/resources/samples/";
    private static final Logger log = LoggerFactory.getLogger(Samples.class);

    private Samples() {
    }

    /** The sample's base name ("motorcycle_left"), used for ids and string keys ({@code sample.<base>}). */
    public static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Reads a sample in the background and publishes it as an {@link AppEvents.OpenEncodedImage}. */
    public static void open(AppContext ctx, String name) {
        ctx.background().files().execute(() -> {
            try (InputStream in = Samples.class.getResourceAsStream(RESOURCE + name)) {
                if (in == null) {
                    throw new IOException("missing resource " + RESOURCE + name);
                }
                ctx.events().publish(new AppEvents.OpenEncodedImage(name, in.readAllBytes()));
            } catch (IOException e) {
                log.warn("cannot read sample {}", name, e);
                ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.ERROR,
                        ctx.i18n().get("error.sampleMissing", name)));
            }
        });
    }
}
