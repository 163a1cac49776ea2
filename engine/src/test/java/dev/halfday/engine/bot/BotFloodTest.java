package dev.halfday.engine.bot;

import dev.halfday.engine.bot.wechat.sim.SentMessage;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.i18n.Language;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.halfday.engine.bot.wechat.SimTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** 100 images across 10 groups at once: 100 answers, none lost, in order within each group, memory bounded. */
class BotFloodTest {

    @Test
    void aHundredImagesInTenGroups() throws Exception {
        String[] names = {"chelsea.png", "coffee.png", "astronaut.png", "motorcycle_left.png", "rocket.jpg"};
        try (DetectionClient detection = DetectionClients.fromSpec("local")) {
            Map<String, byte[]> images = new HashMap<>();
            Map<String, String> expectedSummary = new HashMap<>();
            for (String n : names) {
                images.put(n, sample(n));
                expectedSummary.put(n, ReplyTexts.summary(
                        detection.detect(images.get(n), DetectOptions.defaults()).above(DetectOptions.DEFAULT_THRESHOLD), Language.ZH));
            }
            assertThat(expectedSummary.values()).as("each sample has its own summary, so order is visible").doesNotHaveDuplicates();
            String[] groups = new String[10];
            for (int g = 0; g < 10; g++) {
                groups[g] = "Group " + g;
            }
            BotSettings s = BotSettings.defaults().withHumanDelay(false).withRateLimit(0).withQueue(200, 2)
                    .withGroups(GroupSelection.allGroups());
            try (BotHarness h = new BotHarness(detection, s, groups)) {
                System.gc();
                long heapBefore = usedHeap();
                Map<String, List<String>> expectedOrder = new HashMap<>();
                for (int i = 0; i < 100; i++) {
                    String group = groups[i % 10];
                    String img = names[(i * 7 + i / 10) % names.length];
                    h.sim.postImage(group, "Member " + (i % 3), images.get(img));
                    expectedOrder.computeIfAbsent(group, k -> new ArrayList<>()).add(expectedSummary.get(img));
                }
                long t0 = System.nanoTime();
                List<SentMessage> texts = h.sim.awaitSent(m -> !m.isImage(), 100, Duration.ofSeconds(120));
                System.out.printf("flood: 100 images answered in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                assertThat(texts).hasSize(100);
                for (String g : groups) {
                    assertThat(texts.stream().filter(m -> m.toName().equals(g)).map(SentMessage::text).toList())
                            .as("replies in " + g + " in posting order").isEqualTo(expectedOrder.get(g));
                }
                h.awaitHandled(m -> true, 100, Duration.ofSeconds(10));
                BotCounters c = h.bot.counters();
                assertThat(c.replied() + c.nothingFound()).isEqualTo(100);
                assertThat(c.dropped() + c.failed() + c.rateLimited()).isZero();
                assertThat(c.maxQueueDepth()).isLessThanOrEqualTo(200);
                System.gc();
                long growth = usedHeap() - heapBefore;
                System.out.printf("flood: max queue depth %d, heap growth %.1f MB%n", c.maxQueueDepth(), growth / 1e6);
                assertThat(growth).as("heap growth after 100 images").isLessThan(150_000_000L);
                assertThat(h.sim.violations()).isEmpty();
            }
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
