package dev.halfday.engine.bot;

import dev.halfday.engine.bot.wechat.BigImages;
import dev.halfday.engine.bot.wechat.sim.SentMessage;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.ImageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static dev.halfday.engine.bot.wechat.SimTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bot end to end: simulator ⇄ real web channel over loopback HTTP ⇄ bot ⇄ the real model. */
class BotTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static DetectionClient detection;

    @BeforeAll
    static void loadModel() throws Exception {
        detection = DetectionClients.fromSpec("local");
    }

    @AfterAll
    static void closeModel() {
        if (detection != null) {
            detection.close();
        }
    }

    private static BotSettings fast() {
        return BotSettings.defaults().withHumanDelay(false).withGroups(GroupSelection.of(List.of("Family", "Cat lovers")));
    }

    @Test
    void anImageInAnEnabledGroupComesBackAnnotatedWithASummaryAndADisabledGroupGetsNothing() throws Exception {
        try (BotHarness h = new BotHarness(detection, fast(), "Family", "Work")) {
            byte[] cat = sample("chelsea.png");
            h.sim.postImage("Work", "Bob", cat);
            h.sim.postImage("Family", "Alice", cat);
            List<SentMessage> sent = h.sim.awaitSent(m -> m.toName().equals("Family"), 2, WAIT);

            // What the engine itself finds in the same bytes, at the same threshold:
            List<Detection> expected = detection.detect(cat, DetectOptions.defaults()).above(DetectOptions.DEFAULT_THRESHOLD);
            assertThat(expected).extracting(Detection::label).contains("cat");
            SentMessage image = sent.get(0);
            SentMessage text = sent.get(1);
            assertThat(image.isImage()).isTrue();
            BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(image.image()));
            BufferedImage original = ImageIO.read(new ByteArrayInputStream(cat));
            assertThat(annotated.getWidth()).isEqualTo(original.getWidth());
            assertThat(annotated.getHeight()).isEqualTo(original.getHeight());
            byte[] engineAnnotation = new Annotator().annotatePng(ImageDecoder.standard().decode(cat).image(), expected, Language.ZH);
            assertThat(image.image()).as("the PNG sent is the engine's annotation of its own detections").isEqualTo(engineAnnotation);
            assertThat(text.text()).isEqualTo(ReplyTexts.summary(expected, Language.ZH)).startsWith("检测到 ").contains("猫 ");

            HandledMessage h1 = h.awaitHandled(m -> m.chatName().equals("Family"), 1, WAIT).get(0);
            assertThat(h1.result()).isEqualTo(HandledMessage.Result.REPLIED);
            assertThat(h1.senderName()).isEqualTo("Alice");
            assertThat(h1.detections()).isEqualTo(expected);
            assertThat(h1.thumbnail()).isNotNull();
            assertThat(ImageIO.read(new ByteArrayInputStream(h1.thumbnail())).getWidth()).isEqualTo(96);
            assertThat(h1.latencyMs()).isPositive();

            // The Work image arrived before the Family one and was looked at, but nothing went to Work.
            h.awaitReceived(4, WAIT); // 2 images + 2 echoes of our own replies
            assertThat(h.sim.sentTo("Work")).isEmpty();
            assertThat(h.handled()).noneMatch(m -> m.chatName().equals("Work"));
            assertThat(h.bot.counters().replied()).isEqualTo(1);
            assertThat(h.sim.violations()).isEmpty();
        }
    }

    @Test
    void mentionModeAnswersOnlyImagesSentSoonAfterTheSenderMentionedTheBot() throws Exception {
        BotSettings s = fast().withMode(TriggerMode.MENTION).withTriggerWindow(Duration.ofSeconds(30));
        try (BotHarness h = new BotHarness(detection, s, "Family")) {
            byte[] cat = sample("chelsea.png");
            h.sim.postImage("Family", "Alice", cat);
            h.awaitReceived(1, WAIT);
            h.sim.postText("Family", "Alice", h.sim.mention("what is this?"));
            h.sim.postImage("Family", "Bob", cat);
            h.sim.postImage("Family", "Alice", cat);
            List<SentMessage> sent = h.sim.awaitSent(m -> !m.isImage(), 1, WAIT);
            h.awaitReceived(6, WAIT);
            Thread.sleep(300);
            assertThat(h.sim.sent()).hasSize(2);
            assertThat(sent.get(0).text()).contains("猫");
            h.awaitHandled(m -> true, 1, WAIT);
            assertThat(h.handled()).hasSize(1).allMatch(m -> m.senderName().equals("Alice"));
        }
    }

    @Test
    void keywordModeAnswersAfterAKeyword() throws Exception {
        BotSettings s = fast().withMode(TriggerMode.KEYWORD).withLanguage(Language.EN);
        try (BotHarness h = new BotHarness(detection, s, "Family")) {
            h.sim.postImage("Family", "Alice", sample("coffee.png"));
            h.awaitReceived(1, WAIT);
            h.sim.postText("Family", "Alice", "please detect this");
            h.sim.postImage("Family", "Alice", sample("coffee.png"));
            SentMessage text = h.sim.awaitSent(m -> !m.isImage(), 1, WAIT).get(0);
            assertThat(text.text()).startsWith("Found ").contains("cup");
            h.awaitHandled(m -> true, 1, WAIT);
            assertThat(h.handled()).hasSize(1);
        }
    }

    @Test
    void textCommandsHelpThresholdOnOffAndLanguage() throws Exception {
        try (BotHarness h = new BotHarness(detection, fast(), "Family")) {
            byte[] cat = sample("chelsea.png");
            h.sim.postText("Family", "Alice", h.sim.mention("帮助"));
            assertThat(h.sim.awaitSent(m -> true, 1, WAIT).get(0).text()).contains("阈值 0.5").contains("当前 30%");
            h.sim.postText("Family", "Alice", "/threshold 0.9");
            assertThat(h.sim.awaitSent(m -> true, 2, WAIT).get(1).text()).contains("90%");
            h.sim.postImage("Family", "Alice", cat);
            assertThat(h.sim.awaitSent(m -> true, 3, WAIT).get(2).text()).isEqualTo("没有发现物体");
            h.sim.postText("Family", "Bob", "threshold 0.1");  // no mention, no slash: just chat
            h.sim.postText("Family", "Alice", h.sim.mention("阈值 30%"));
            h.sim.awaitSent(m -> true, 4, WAIT);
            h.sim.postText("Family", "Alice", h.sim.mention("off"));
            h.sim.awaitSent(m -> true, 5, WAIT);
            h.sim.postImage("Family", "Alice", cat);
            h.sim.postText("Family", "Alice", h.sim.mention("on"));
            assertThat(h.sim.awaitSent(m -> true, 6, WAIT).get(5).text()).contains("开始识别");
            h.sim.postText("Family", "Alice", "/lang en");
            h.sim.awaitSent(m -> true, 7, WAIT);
            h.sim.postImage("Family", "Alice", cat);
            List<SentMessage> sent = h.sim.awaitSent(m -> true, 9, WAIT);
            assertThat(sent.get(8).text()).startsWith("Found 1 object: cat ");
            assertThat(sent).filteredOn(SentMessage::isImage).hasSize(1);
            assertThat(h.bot.counters().commands()).isEqualTo(6);
        }
    }

    @Test
    void hugeCorruptAndOversizedImagesGetAPoliteReply() throws Exception {
        BotSettings s = fast().withLimits(1024 * 1024, ImageDecoder.DEFAULT_MAX_PIXELS);
        try (BotHarness h = new BotHarness(detection, s, "Family")) {
            h.sim.postImage("Family", "Alice", TestImages.pngClaiming(30000, 30000));
            assertThat(h.sim.awaitSent(m -> true, 1, WAIT).get(0).text()).contains("太大").contains("40 百万像素");
            byte[] corrupt = sample("chelsea.png");
            corrupt = java.util.Arrays.copyOf(corrupt, 200);
            h.sim.postImage("Family", "Alice", corrupt);
            assertThat(h.sim.awaitSent(m -> true, 2, WAIT).get(1).text()).contains("打不开");
            byte[] noise = new byte[5000];
            new Random(1).nextBytes(noise);
            h.sim.postImage("Family", "Alice", noise);
            assertThat(h.sim.awaitSent(m -> true, 3, WAIT).get(2).text()).contains("打不开");
            h.sim.postImage("Family", "Alice", BigImages.noisyPng(820, 620, 3));
            assertThat(h.sim.awaitSent(m -> true, 4, WAIT).get(3).text()).contains("超过 1 MB");
            assertThat(h.awaitHandled(m -> true, 4, WAIT)).extracting(HandledMessage::result).containsExactly(
                    HandledMessage.Result.TOO_LARGE, HandledMessage.Result.BAD_IMAGE, HandledMessage.Result.BAD_IMAGE,
                    HandledMessage.Result.TOO_LARGE);
            assertThat(h.sim.sent()).noneMatch(SentMessage::isImage);
        }
    }

    @Test
    void duplicatesOwnMessagesAndPrivateChatsAreIgnoredUnlessEnabled() throws Exception {
        try (BotHarness h = new BotHarness(detection, fast(), "Family")) {
            h.sim.faults().redeliverNext(1);
            h.sim.postImage("Family", "Alice", sample("chelsea.png"));
            h.sim.postPrivateImage("Alice", sample("chelsea.png"));
            h.sim.awaitSent(m -> m.toName().equals("Family") && !m.isImage(), 1, WAIT);
            h.awaitReceived(6, WAIT); // 2 messages twice + 2 echoes
            assertThat(h.bot.counters().duplicates()).isEqualTo(2);
            assertThat(h.sim.sent()).hasSize(2);
            h.bot.updateSettings(h.bot.settings().withPrivateChats(true));
            h.sim.postPrivateImage("Alice", sample("chelsea.png"));
            assertThat(h.sim.awaitSent(m -> m.toName().equals("Alice") && !m.isImage(), 1, WAIT).get(0).text()).contains("猫");
        }
    }

    @Test
    void thePerGroupRateLimitSkipsTheExcess() throws Exception {
        try (BotHarness h = new BotHarness(detection, fast().withRateLimit(2), "Family")) {
            for (int i = 0; i < 4; i++) {
                h.sim.postImage("Family", "Alice", sample("coffee.png"));
            }
            List<HandledMessage> all = h.awaitHandled(m -> true, 4, WAIT);
            assertThat(all).filteredOn(m -> m.result() == HandledMessage.Result.RATE_LIMITED).hasSize(2);
            assertThat(h.sim.awaitSent(m -> !m.isImage(), 2, WAIT)).hasSize(2);
        }
    }

    @Test
    void theLocalClientRefusesGarbageInPlainWordsAndTheFactoryExplainsBadSpecs() {
        assertThat(detection.describe()).isEqualTo("local (coco-centernet)");
        assertThatThrownBy(() -> detection.detect(new byte[]{1, 2, 3, 4}, DetectOptions.defaults()))
                .isInstanceOfSatisfying(DetectionException.class, e -> assertThat(e.kind()).isEqualTo(DetectionException.Kind.BAD_IMAGE));
        assertThatThrownBy(() -> detection.detect(new byte[0], DetectOptions.defaults()))
                .isInstanceOfSatisfying(DetectionException.class, e -> assertThat(e.kind()).isEqualTo(DetectionException.Kind.BAD_IMAGE));
        assertThatThrownBy(() -> DetectionClients.fromSpec("no such backend"))
                .isInstanceOf(DetectionException.class).hasMessageContaining("use local, host:port");
    }

    @Test
    void theHumanDelayHoldsTheReplyBack() throws Exception {
        BotSettings s = fast().withHumanDelay(true).withDelay(Duration.ofMillis(800), Duration.ofMillis(1200));
        try (BotHarness h = new BotHarness(detection, s, "Family")) {
            h.sim.postImage("Family", "Alice", sample("coffee.png"));
            HandledMessage m = h.awaitHandled(x -> true, 1, WAIT).get(0);
            assertThat(m.latencyMs()).isGreaterThanOrEqualTo(800);
        }
    }
}
