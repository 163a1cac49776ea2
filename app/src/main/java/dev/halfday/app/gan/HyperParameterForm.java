package dev.halfday.app.gan;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns the text of the GAN tab's settings fields into a {@link GanConfig}, or says, per field, what is wrong
 * (as a message key and arguments, so the view shows it in the current language). No JavaFX: plain parsing.
 */
final class HyperParameterForm {

    /** The fields, with the settings key each is remembered under. */
    enum Field {
        STEPS("gan.steps", "5000"),
        BATCH("gan.batch", "64"),
        GEN_LR("gan.lrG", "0.0004"),
        DISC_LR("gan.lrD", "0.0004"),
        BETA1("gan.beta1", "0.5"),
        LATENT("gan.latent", "100"),
        SAMPLE_EVERY("gan.sampleEvery", "50"),
        FID_EVERY("gan.fidEvery", "500"),
        SEED("gan.seed", "42");

        final String settingKey;
        final String defaultText;

        Field(String settingKey, String defaultText) {
            this.settingKey = settingKey;
            this.defaultText = defaultText;
        }
    }

    /** What is wrong with one field: a message key of the GAN bundle and its arguments. */
    record Problem(String key, Object... args) {
    }

    /** The outcome: a usable config and step target, or problems. */
    record Result(GanConfig config, long targetSteps, Map<Field, Problem> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    static final long MAX_STEPS = 100_000_000L;

    private HyperParameterForm() {
    }

    static Result parse(Map<Field, String> text, Architecture architecture) {
        Map<Field, Problem> problems = new EnumMap<>(Field.class);
        long steps = integer(text, Field.STEPS, 0, MAX_STEPS, problems);
        long batch = integer(text, Field.BATCH, 2, 1024, problems);
        float genLr = rate(text, Field.GEN_LR, problems);
        float discLr = rate(text, Field.DISC_LR, problems);
        float beta1 = beta(text, Field.BETA1, problems);
        long latent = integer(text, Field.LATENT, 1, 1024, problems);
        long sampleEvery = integer(text, Field.SAMPLE_EVERY, 1, 1_000_000, problems);
        long fidEvery = integer(text, Field.FID_EVERY, 0, 1_000_000, problems);
        Long seed = null;
        try {
            seed = Long.parseLong(value(text, Field.SEED));
        } catch (NumberFormatException e) {
            problems.put(Field.SEED, new Problem("gan.error.seed"));
        }
        if (fidEvery > 0 && architecture != Architecture.GREY_28) {
            problems.put(Field.FID_EVERY, new Problem("gan.error.fidNeedsFashion"));
        }
        if (!problems.isEmpty()) {
            return new Result(null, 0, problems);
        }
        GanConfig config = GanConfig.defaults(architecture)
                .withBatchSize((int) batch)
                .withLearningRates(genLr, discLr)
                .withBeta1(beta1)
                .withLatentDim((int) latent)
                .withSeed(seed)
                .withIntervals((int) sampleEvery, (int) fidEvery, 500);
        return new Result(config.validate(), steps, problems);
    }

    /** Parses one learning-rate field (also used while training, for the live change). */
    static Float learningRate(String text) {
        try {
            float v = Float.parseFloat(text.strip());
            return GanConfig.isUsableLearningRate(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String value(Map<Field, String> text, Field field) {
        String v = text.get(field);
        return v == null ? "" : v.strip();
    }

    private static long integer(Map<Field, String> text, Field field, long min, long max, Map<Field, Problem> problems) {
        try {
            long v = Long.parseLong(value(text, field).replace("_", "").replace(",", ""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.put(field, new Problem("gan.error.integer", min, max));
        return min;
    }

    private static float rate(Map<Field, String> text, Field field, Map<Field, Problem> problems) {
        Float v = learningRate(value(text, field));
        if (v == null) {
            problems.put(field, new Problem("gan.error.number"));
            return 1e-4f;
        }
        return v;
    }

    private static float beta(Map<Field, String> text, Field field, Map<Field, Problem> problems) {
        try {
            float v = Float.parseFloat(value(text, field));
            if (v >= 0 && v < 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.put(field, new Problem("gan.error.beta"));
        return 0.9f;
    }
}
