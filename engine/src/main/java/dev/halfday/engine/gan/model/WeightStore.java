package dev.halfday.engine.gan.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The variables of a network graph, created on first use and shared by every later use of the same name (the
 * training path and the sampling path of the generator read the same weights). Names carry the network as a
 * prefix ({@code g_}, {@code d_}, {@code c_}) and never contain "/", which would break optimizer slot names and
 * checkpoint keys. Initial values come from stateless random ops seeded by the run seed and the variable's
 * position, so the same seed always gives the same starting network.
 */
public final class WeightStore {

    /** How a trainable variable starts. */
    public enum Init {
        /** Keras' default kernel initialiser: uniform in ±sqrt(6 / (fanIn + fanOut)). */
        GLOROT_UNIFORM,
        ZEROS,
        ONES
    }

    private final Ops init;
    private final long seed;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, Boolean> trainable = new LinkedHashMap<>();

    public WeightStore(Ops tf, long seed) {
        this.init = tf.withInitScope();
        this.seed = seed;
    }

    /**
     * A weight that the optimizer updates.
     *
     * @param fanIn  inputs feeding one output (Glorot only)
     * @param fanOut outputs fed by one input (Glorot only)
     */
    public Variable<TFloat32> trainable(String name, Shape shape, Init how, long fanIn, long fanOut) {
        Variable<TFloat32> existing = existing(name, shape);
        if (existing != null) {
            return existing;
        }
        Operand<TFloat32> value = switch (how) {
            case ZEROS -> filled(shape, 0f);
            case ONES -> filled(shape, 1f);
            case GLOROT_UNIFORM -> glorot(shape, fanIn, fanOut);
        };
        return register(name, value, true);
    }

    /** A non-trainable statistic (batch-norm moving mean or variance) starting at {@code value}. */
    public Variable<TFloat32> statistic(String name, Shape shape, float value) {
        Variable<TFloat32> existing = existing(name, shape);
        if (existing != null) {
            return existing;
        }
        return register(name, filled(shape, value), false);
    }

    /** Trainable variables whose name starts with {@code prefix}, in creation order. */
    public List<Variable<TFloat32>> trainables(String prefix) {
        List<Variable<TFloat32>> out = new ArrayList<>();
        variables.forEach((name, v) -> {
            if (name.startsWith(prefix) && trainable.get(name)) {
                out.add(v);
            }
        });
        return out;
    }

    /** Every variable (trainable or statistic) whose name starts with {@code prefix}, in creation order. */
    public Map<String, Variable<TFloat32>> all(String prefix) {
        Map<String, Variable<TFloat32>> out = new LinkedHashMap<>();
        variables.forEach((name, v) -> {
            if (name.startsWith(prefix)) {
                out.put(name, v);
            }
        });
        return out;
    }

    private Variable<TFloat32> existing(String name, Shape shape) {
        if (name.contains("/")) {
            throw new IllegalArgumentException("variable names must not contain '/': " + name);
        }
        Variable<TFloat32> v = variables.get(name);
        if (v != null && !v.shape().equals(shape)) {
            throw new IllegalStateException("variable " + name + " reused with shape " + shape + ", was " + v.shape());
        }
        return v;
    }

    private Variable<TFloat32> register(String name, Operand<TFloat32> value, boolean isTrainable) {
        Variable<TFloat32> v = init.withName(name).variable(value);
        variables.put(name, v);
        trainable.put(name, isTrainable);
        return v;
    }

    private Operand<TFloat32> filled(Shape shape, float value) {
        return init.fill(init.constant(shape.asArray()), init.constant(value));
    }

    private Operand<TFloat32> glorot(Shape shape, long fanIn, long fanOut) {
        float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        Operand<TInt64> seeds = init.constant(new long[] {seed, 1_000_003L * (variables.size() + 1)});
        Operand<TFloat32> unit = init.random.statelessRandomUniform(init.constant(shape.asArray()), seeds);
        // unit is in [0, 1): stretch to [-limit, limit)
        return init.math.sub(init.math.mul(unit, init.constant(2 * limit)), init.constant(limit));
    }
}
