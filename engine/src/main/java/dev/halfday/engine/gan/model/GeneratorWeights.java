package dev.halfday.engine.gan.model;

import dev.halfday.engine.gan.GanConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of every generator variable (weights and batch-norm statistics) at one step, detached from any
 * session: the training thread takes it in a few milliseconds, and another thread can then generate images
 * with it (for FID) while training goes on.
 *
 * @param step   the training step the copy was taken after
 * @param config the run's settings (for the architecture and latent size)
 * @param values variable name → values, row-major
 * @param shapes variable name → dimensions
 */
public record GeneratorWeights(long step, GanConfig config, Map<String, float[]> values, Map<String, long[]> shapes) {

    public GeneratorWeights {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    }
}
