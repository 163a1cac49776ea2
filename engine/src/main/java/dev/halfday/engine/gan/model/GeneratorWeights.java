package dev.halfday.engine.gan.model;

import dev.halfday.engine.gan.GanConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

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

    /** Fetches the given variables from a session in one run and copies them out. */
    static GeneratorWeights fetch(Session session, Map<String, Variable<TFloat32>> variables, long step,
            GanConfig config) {
        Session.Runner runner = session.runner();
        variables.values().forEach(runner::fetch);
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            int i = 0;
            for (String name : variables.keySet()) {
                Tensor t = result.get(i++);
                values.put(name, Tensors.toFloats(t));
                shapes.put(name, t.shape().asArray());
            }
        }
        return new GeneratorWeights(step, config, values, shapes);
    }
}
