package dev.halfday.engine.gan.model;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Adam whose learning rate can change between steps. The framework's {@code Adam} bakes the rate into a
 * constant; this one is the same algorithm on the same pieces — the framework's {@link Optimizer} for slots and
 * {@code applyGradients}, TF's {@code ApplyAdam} kernel for the update — with the rate read from a
 * placeholder that defaults to the configured value, so the trainer can feed a new rate on any step.
 * Every variable it creates has an explicit name ({@code <var>-m}, {@code <var>-v}, {@code <name>_beta1_power},
 * {@code <name>_beta2_power}) so checkpoints restore whatever order graphs are built in.
 */
public final class AdjustableAdam extends Optimizer {

    private final String name;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final PlaceholderWithDefault<TFloat32> learningRate;
    private Variable<TFloat32> beta1Power;
    private Variable<TFloat32> beta2Power;

    public AdjustableAdam(Graph graph, String name, float learningRate, float beta1, float beta2, float epsilon) {
        super(graph, name);
        this.name = name;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        Ops ops = Ops.create(graph);
        this.learningRate = ops.withName(name + "_learning_rate")
                .placeholderWithDefault(ops.constant(learningRate), Shape.scalar());
    }

    /** Feed a scalar float here to train one step with another learning rate. */
    public Operand<TFloat32> learningRate() {
        return learningRate;
    }

    @Override
    protected void createSlots(List<Output<? extends TType>> variables) {
        Ops init = Ops.create(graph).withInitScope();
        for (Output<? extends TType> v : variables) {
            createZeroSlot(init, cast(v), "m");
            createZeroSlot(init, cast(v), "v");
        }
        beta1Power = init.withName(name + "_beta1_power").variable(init.constant(beta1));
        beta2Power = init.withName(name + "_beta2_power").variable(init.constant(beta2));
    }

    private void createZeroSlot(Ops init, Output<TFloat32> variable, String slot) {
        Operand<TFloat32> zeros = init.fill(init.constant(variable.shape().asArray()), init.constant(0f));
        createSlot(variable, slot, zeros);
    }

    @Override
    protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
        Output<TFloat32> v = cast(variable);
        Variable<TFloat32> first = getSlot(v, "m").orElseThrow();
        Variable<TFloat32> second = getSlot(v, "v").orElseThrow();
        return tf.train.applyAdam(v, first, second, beta1Power, beta2Power, learningRate,
                tf.constant(beta1), tf.constant(beta2), tf.constant(epsilon), cast(gradient),
                ApplyAdam.useLocking(true));
    }

    @Override
    protected Op finish(List<Op> updates, String opName) {
        Ops after = Ops.create(graph).withControlDependencies(updates);
        Op b1 = after.assign(beta1Power, after.math.mul(beta1Power, after.constant(beta1)));
        Op b2 = after.assign(beta2Power, after.math.mul(beta2Power, after.constant(beta2)));
        return super.finish(List.of(b1, b2), opName);
    }

    @Override
    public String getOptimizerName() {
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Output<TFloat32> cast(Output<? extends TType> output) {
        if (output.type() != TFloat32.class) {
            throw new IllegalArgumentException("AdjustableAdam trains float32 variables only, not " + output.type());
        }
        return (Output<TFloat32>) output;
    }
}
