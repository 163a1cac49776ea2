package dev.halfday.engine.bot.wecom;

import static dev.halfday.engine.bot.wecom.WeComMediaCipherTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.halfday.engine.bot.Bot;
import dev.halfday.engine.bot.BotListener;
import dev.halfday.engine.bot.BotSettings;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.GroupSelection;
import dev.halfday.engine.bot.HandledMessage;
import dev.halfday.engine.bot.ReplyTexts;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator.Reply;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.ImageDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real bot and the real model on the WeCom channel, against the gateway simulator. */
class WeComBotTest {

    private static final String BOT = "aibot-e2e";
    private static final String SECRET = "e2e-secret";
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

    /** A simulator, the WeCom channel and a started bot, subscribed. */
    private static final class Rig implements AutoCloseable {
        final WeComGatewaySimulator sim;
        final Bot bot;
        final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        final List<HandledMessage> handled = new CopyOnWriteArrayList<>();

        Rig(BotSettings settings) throws Exception {
            sim = WeComGatewaySimulator.start(BOT, SECRET);
            bot = new Bot(new WeComAiBotChannel(WeComConfig.of(sim.url(), BOT, SECRET)), detection, settings);
            bot.addListener(new BotListener() {
                @Override
                public void onChannelEvent(ChannelEvent event) {
                    events.add(event);
                }

                @Override
                public void onHandled(HandledMessage message) {
                    handled.add(message);
                }
            });
            bot.start();
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.stream().noneMatch(e -> e instanceof ChannelEvent.LoggedIn)) {
                assertThat(System.nanoTime()).as("subscribed in time").isLessThan(end);
                Thread.sleep(10);
            }
        }

        @Override
        public void close() {
            bot.stop();
            sim.close();
        }
    }

    private static BotSettings fast() {
        return BotSettings.defaults().withHumanDelay(false);
    }

    @Test
    void anImageMentioningTheBotInAGroupComesBackAnnotatedWithASummary() throws Exception {
        byte[] cat = resource("/halfday/resources/samples/chelsea.png");
        try (Rig rig = new Rig(fast().withGroups(GroupSelection.of(List.of("wrkCats"))))) {
            rig.sim.sendMixed("wrkOther", "bob", "@Halfday", cat); // a group not chosen
            String msgId = rig.sim.sendMixed("wrkCats", "alice", "@Halfday\u2005", cat);
            List<Reply> replies = rig.sim.awaitReplies(2, Duration.ofSeconds(30));

            List<Detection> expected = detection.detect(cat, DetectOptions.defaults()).above(DetectOptions.DEFAULT_THRESHOLD);
            assertThat(expected).extracting(Detection::label).contains("cat");
            byte[] engineAnnotation = new Annotator().annotatePng(ImageDecoder.standard().decode(cat).image(), expected, Language.ZH);
            assertThat(replies).allSatisfy(r -> {
                assertThat(r.msgId()).isEqualTo(msgId);
                assertThat(r.chatId()).isEqualTo("wrkCats");
                assertThat(r.via()).isEqualTo("respond");
            });
            assertThat(replies.get(0).image()).as("the uploaded PNG, reassembled from its chunks, is the engine's annotation")
                    .isEqualTo(engineAnnotation);
            assertThat(replies.get(1).text()).isEqualTo(ReplyTexts.summary(expected, Language.ZH)).startsWith("检测到 ").contains("猫 ");

            Thread.sleep(300);
            assertThat(rig.sim.replies()).hasSize(2); // nothing for the group that was not chosen
            HandledMessage h = rig.handled.get(0);
            assertThat(h.result()).isEqualTo(HandledMessage.Result.REPLIED);
            assertThat(h.chatName()).isEqualTo("wrkCats");
            assertThat(h.senderName()).isEqualTo("alice");
            assertThat(h.detections()).isEqualTo(expected);
        }
    }

    @Test
    void commandsAndPrivateChatsWork() throws Exception {
        try (Rig rig = new Rig(fast().withPrivateChats(true).withLanguage(Language.EN))) {
            rig.sim.sendText("wrkAny", "carol", "@Halfday help");
            Reply help = rig.sim.awaitReplies(1, Duration.ofSeconds(10)).get(0);
            assertThat(help.chatId()).isEqualTo("wrkAny");
            assertThat(help.text()).isNotBlank();

            byte[] cup = resource("/halfday/resources/samples/coffee.png");
            rig.sim.sendImage(null, "dave", cup);
            List<Reply> replies = rig.sim.awaitReplies(3, Duration.ofSeconds(30));
            List<Detection> expected = detection.detect(cup, DetectOptions.defaults()).above(DetectOptions.DEFAULT_THRESHOLD);
            assertThat(replies.get(1).chatId()).isEqualTo("dave");
            assertThat(replies.get(1).msgType()).isEqualTo("image");
            assertThat(replies.get(2).text()).isEqualTo(ReplyTexts.summary(expected, Language.EN));
        }
    }

    @Test
    void aHundredImagesInTenGroupsWithADroppedConnectionGetAHundredRepliesNoneLostNoneTwice() throws Exception {
        // Samples in which the model finds something: each answer is an image and a summary.
        String[] names = {"chelsea.png", "coffee.png", "motorcycle_left.png"};
        Map<String, byte[]> images = new HashMap<>();
        Map<String, String> summaryOf = new HashMap<>();
        for (String n : names) {
            images.put(n, resource("/halfday/resources/samples/" + n));
            summaryOf.put(n, ReplyTexts.summary(detection.detect(images.get(n), DetectOptions.defaults())
                    .above(DetectOptions.DEFAULT_THRESHOLD), Language.ZH));
        }
        assertThat(summaryOf.values()).doesNotHaveDuplicates();
        BotSettings s = fast().withRateLimit(0).withQueue(200, 2);
        try (Rig rig = new Rig(s)) {
            Map<String, List<String>> expectedOrder = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String group = "wrkFlood" + (i % 10);
                String img = names[(i * 7 + i / 10) % names.length];
                ids.add(rig.sim.sendImage(group, "member" + (i % 3), images.get(img)));
                expectedOrder.computeIfAbsent(group, k -> new ArrayList<>()).add(summaryOf.get(img));
            }
            long t0 = System.nanoTime();
            rig.sim.awaitReplies(60, Duration.ofSeconds(60));
            rig.sim.faults().dropConnection(); // mid-flood: replies in flight must be neither lost nor doubled
            List<Reply> replies = rig.sim.awaitReplies(200, Duration.ofSeconds(90));
            System.out.printf("wecom flood: 100 images answered in %.1f s (one dropped connection)%n",
                    (System.nanoTime() - t0) / 1e9);
            Thread.sleep(500);

            assertThat(rig.sim.replies()).hasSize(200);
            Map<String, List<Reply>> byMsg = replies.stream().collect(Collectors.groupingBy(Reply::msgId));
            assertThat(byMsg).containsOnlyKeys(ids);
            byMsg.values().forEach(rs -> assertThat(rs).extracting(Reply::msgType).containsExactlyInAnyOrder("image", "stream"));
            for (Map.Entry<String, List<String>> group : expectedOrder.entrySet()) {
                assertThat(replies.stream().filter(r -> r.chatId().equals(group.getKey()) && r.msgType().equals("stream"))
                        .map(Reply::text).toList()).as("replies in %s in posting order", group.getKey())
                        .isEqualTo(group.getValue());
            }
            assertThat(rig.sim.connectionCount()).isEqualTo(2);
            assertThat(rig.bot.counters().replied() + rig.bot.counters().nothingFound()).isEqualTo(100);
        }
    }
}
