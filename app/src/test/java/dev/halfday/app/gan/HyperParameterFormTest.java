package dev.halfday.app.gan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.train.SampleGrid;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperParameterFormTest {

    private static Map<HyperParameterForm.Field, String> defaults() {
        Map<HyperParameterForm.Field, String> text = new EnumMap<>(HyperParameterForm.Field.class);
        for (HyperParameterForm.Field f : HyperParameterForm.Field.values()) {
            text.put(f, f.defaultText);
        }
        return text;
    }

    @Test
    void theDefaultsMakeAValidConfigWithTheFieldsValues() {
        Map<HyperParameterForm.Field, String> text = defaults();
        text.put(HyperParameterForm.Field.GEN_LR, " 2e-4 ");
        text.put(HyperParameterForm.Field.STEPS, "1_500");
        HyperParameterForm.Result r = HyperParameterForm.parse(text, Architecture.GREY_28);
        assertThat(r.valid()).isTrue();
        GanConfig c = r.config();
        assertThat(c.generatorLearningRate()).isEqualTo(2e-4f);
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.fidEvery()).isEqualTo(500);
        assertThat(r.targetSteps()).isEqualTo(1500);
    }

    @Test
    void eachBadFieldGetsItsOwnProblem() {
        Map<HyperParameterForm.Field, String> text = defaults();
        text.put(HyperParameterForm.Field.BATCH, "1");
        text.put(HyperParameterForm.Field.GEN_LR, "fast");
        text.put(HyperParameterForm.Field.BETA1, "1");
        text.put(HyperParameterForm.Field.SEED, "4.5");
        HyperParameterForm.Result r = HyperParameterForm.parse(text, Architecture.GREY_28);
        assertThat(r.valid()).isFalse();
        assertThat(r.problems()).containsOnlyKeys(HyperParameterForm.Field.BATCH, HyperParameterForm.Field.GEN_LR,
                HyperParameterForm.Field.BETA1, HyperParameterForm.Field.SEED);
        assertThat(r.problems().get(HyperParameterForm.Field.BATCH).key()).isEqualTo("gan.error.integer");
        assertThat(r.problems().get(HyperParameterForm.Field.BATCH).args()).containsExactly(2L, 1024L);
    }

    @Test
    void fidIsRefusedForPictureFolders() {
        HyperParameterForm.Result r = HyperParameterForm.parse(defaults(), Architecture.RGB_64);
        assertThat(r.problems()).containsOnlyKeys(HyperParameterForm.Field.FID_EVERY);
        Map<HyperParameterForm.Field, String> text = defaults();
        text.put(HyperParameterForm.Field.FID_EVERY, "0");
        assertThat(HyperParameterForm.parse(text, Architecture.RGB_64).valid()).isTrue();
    }

    @Test
    void theGridTimelineStaysBoundedAndKeepsFirstAndNewest() {
        GridTimeline timeline = new GridTimeline(8);
        for (int s = 0; s <= 100; s += 5) {
            timeline.add(new SampleGrid(s, 1, 1, 1, 1, new byte[1]));
        }
        assertThat(timeline.size()).isLessThanOrEqualTo(8);
        assertThat(timeline.get(0).step()).isZero();
        assertThat(timeline.get(timeline.size() - 1).step()).isEqualTo(100);
        // a run that went back to step 50 replaces the grids after it
        timeline.add(new SampleGrid(50, 1, 1, 1, 1, new byte[1]));
        assertThat(timeline.get(timeline.size() - 1).step()).isEqualTo(50);
        assertThat(timeline.snapshot()).allSatisfy(g -> assertThat(g.step()).isLessThanOrEqualTo(50));
    }
}
