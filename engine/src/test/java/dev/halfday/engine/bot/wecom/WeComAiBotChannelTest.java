package dev.halfday.engine.bot.wecom;

import static dev.halfday.engine.bot.wecom.WeComMediaCipherTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChannelException;
import dev.halfday.engine.bot.ChatGroup;
import dev.halfday.engine.bot.IncomingMessage;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel against the gateway simulator: real WebSocket and HTTP servers on loopback. */
class WeComAiBotChannelTest {

    private static final String BOT = "aibot-test";
    private static final String SECRET = "s3cret-for-tests";
    private static final long TEN_MB = 10L * 1024 * 1024;

    private WeComGatewaySimulator sim;
    private final List<WeComAiBotChannel> channels = new ArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final List<Exception> workerErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void startSimulator() throws IOException {
        sim = WeComGatewaySimulator.start(BOT, SECRET);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        channels.forEach(WeComAiBotChannel::stop);
        sim.close();
        assertThat(workerErrors).as("replies that failed on worker threads").isEmpty();
    }

    private WeComConfig config(String secret) {
        return WeComConfig.of(sim.url(), BOT, secret)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    private WeComAiBotChannel start(WeComConfig config, ChannelRecorder recorder) {
        WeComAiBotChannel channel = new WeComAiBotChannel(config);
        channels.add(channel);
        channel.start(recorder);
        return channel;
    }

    /** A listener that answers each message on a worker thread, as the bot does. */
    private ChannelRecorder replying(Consumer<IncomingMessage> reply) {
        return new ChannelRecorder(m -> workers.execute(() -> reply.accept(m)));
    }

    /** Runs a reply on a worker; a failure is kept and fails the test at the end rather than vanishing. */
    private void quietly(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            workerErrors.add(e);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void imageInGroupIsDecryptedAndAnsweredWithUploadedImageAndSummary() throws Exception {
        byte[] cat = resource("/halfday/resources/samples/chelsea.png");
        byte[] annotated = resource("/halfday/resources/samples/astronaut.png"); // 773 KiB: two upload chunks
        ChannelRecorder recorder = new ChannelRecorder();
        WeComAiBotChannel channel = start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));

        String msgId = sim.sendMixed("wrkGroupA", "alice", "@Halfday\u2005", cat);
        IncomingMessage m = recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0);

        assertThat(m.id()).isEqualTo(msgId);
        assertThat(m.group()).isTrue();
        assertThat(m.chatId()).isEqualTo("wrkGroupA");
        assertThat(m.senderId()).isEqualTo("alice");
        assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.IMAGE);
        assertThat(m.mentionsBot()).isTrue();
        assertThat(m.image().fetch(TEN_MB)).isEqualTo(cat);
        assertThat(channel.groups()).containsExactly(new ChatGroup("wrkGroupA", "wrkGroupA", -1));
        assertThat(recorder.eventsOf(ChannelEvent.GroupsChanged.class)).hasSize(1);

        channel.replyImage(m, annotated);
        channel.replyText(m, "检测到 1 个物体：猫 52%");

        List<Reply> replies = sim.awaitReplies(2, Duration.ofSeconds(5));
        assertThat(replies.get(0).msgType()).isEqualTo("image");
        assertThat(replies.get(0).image()).isEqualTo(annotated);
        assertThat(replies.get(1).msgType()).isEqualTo("stream");
        assertThat(replies.get(1).text()).isEqualTo("检测到 1 个物体：猫 52%");
        assertThat(replies).allSatisfy(r -> {
            assertThat(r.msgId()).isEqualTo(msgId);
            assertThat(r.chatId()).isEqualTo("wrkGroupA");
            assertThat(r.via()).isEqualTo("respond");
        });
        assertThat(sim.frames(WeComProtocol.UPLOAD_CHUNK)).isEqualTo(2);
        assertThat(recorder.eventsOf(ChannelEvent.LoggedIn.class).get(0).value().selfId()).isEqualTo(BOT);
    }

    @Test
    void wrongSecretEndsWithClearStatusAndNoReconnectStorm() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        WeComAiBotChannel channel = start(config("not-the-secret").withBackoff(Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(60)), recorder);

        ChannelEvent.LoggedOut out = recorder.awaitEvents(ChannelEvent.LoggedOut.class, 1, Duration.ofSeconds(5))
                .get(0).value();
        assertThat(out.code()).isEqualTo(WeComErrors.INVALID_BOT_OR_SECRET);
        assertThat(out.meaning()).contains("Bot ID or Secret").contains("invalid bot_id or secret");
        assertThat(out.advice()).contains("admin console");
        assertThat(out.willRetry()).isFalse();

        Thread.sleep(2000); // with a 100 ms backoff a retry loop would have made ~10 attempts by now
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(sim.frames(WeComProtocol.SUBSCRIBE)).isEqualTo(1);
        assertThat(channel.connectionAttempts()).isEqualTo(1);
        assertThat(recorder.eventsOf(ChannelEvent.LoggedIn.class)).isEmpty();
        assertThat(recorder.events).noneMatch(e -> e.value().toString().contains("not-the-secret"));
    }

    @Test
    void droppedConnectionReconnectsWithBackoffAndLosesOrRepeatsNoReply() throws Exception {
        ChannelRecorder recorder = replying(m -> quietly(() -> channelOf(0).replyText(m, "reply to " + m.id())));
        start(config(SECRET), recorder); // production backoff: 1 s, then 2 s
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));

        // The first reply is cut off in transit together with the connection; more messages arrive meanwhile.
        sim.faults().dropOnNext(WeComProtocol.RESPOND_MSG);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(sim.sendText("wrkGroupB", "bob", "@Halfday help " + i));
        }
        List<Reply> replies = sim.awaitReplies(5, Duration.ofSeconds(10));
        var loggedIn = recorder.awaitEvents(ChannelEvent.LoggedIn.class, 2, Duration.ofSeconds(5));

        double firstDelay = announcedDelay(recorder, 0);
        assertThat(firstDelay).isBetween(0.8, 1.0);
        assertThat(Duration.between(loggedIn.get(0).at(), loggedIn.get(1).at())).isGreaterThan(Duration.ofMillis(800));

        // A second drop within a minute of the first doubles the wait.
        sim.faults().dropConnection();
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 3, Duration.ofSeconds(6));
        assertThat(announcedDelay(recorder, 1)).isBetween(1.6, 2.0);

        Thread.sleep(300);
        // Callbacks cut off with the connection are pushed again; the bot still sees each message once.
        assertThat(recorder.messages).extracting(IncomingMessage::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(sim.replies()).hasSize(5);
        Map<String, Long> perMessage = sim.replies().stream().collect(Collectors.groupingBy(Reply::msgId, Collectors.counting()));
        assertThat(perMessage).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(replies).allSatisfy(r -> assertThat(r.text()).isEqualTo("reply to " + r.msgId()));
        assertThat(sim.connectionCount()).isEqualTo(3);
    }

    private WeComAiBotChannel channelOf(int i) {
        return channels.get(i);
    }

    private static final Pattern DELAY = Pattern.compile("reconnecting in ([0-9.]+) s");

    private static double announcedDelay(ChannelRecorder recorder, int index) {
        List<String> announced = recorder.eventsOf(ChannelEvent.Status.class).stream()
                .map(e -> e.value().message()).filter(s -> DELAY.matcher(s).find()).toList();
        assertThat(announced).hasSizeGreaterThan(index);
        Matcher m = DELAY.matcher(announced.get(index));
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void missedHeartbeatAcksTriggerReconnect() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        start(config(SECRET).withHeartbeat(Duration.ofMillis(200), 2)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60)), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        Thread.sleep(700); // answered heartbeats keep the connection
        assertThat(sim.connectionCount()).isEqualTo(1);
        assertThat(sim.frames(WeComProtocol.PING)).isGreaterThanOrEqualTo(2);

        sim.faults().ignorePings(true);
        await().atMost(Duration.ofSeconds(3)).until(() -> recorder.eventsOf(ChannelEvent.Status.class).stream()
                .anyMatch(e -> e.value().message().contains("stopped answering heartbeats")));
        sim.faults().ignorePings(false);

        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 2, Duration.ofSeconds(5));
        assertThat(sim.connectionCount()).isEqualTo(2);
        String msgId = sim.sendText(null, "carol", "still there?");
        assertThat(recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0).id()).isEqualTo(msgId);
    }

    @Test
    void duplicateCallbacksReachTheBotOnceAndGetOneReply() throws Exception {
        ChannelRecorder recorder = replying(m -> quietly(() -> channelOf(0).replyText(m, "seen " + m.id())));
        start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        sim.faults().duplicateCallbacks(true);
        byte[] cat = resource("/halfday/resources/samples/chelsea.png");

        List<String> ids = List.of(sim.sendImage("wrkGroupC", "dave", cat), sim.sendImage("wrkGroupC", "dave", cat),
                sim.sendText("wrkGroupC", "erin", "@Halfday help"));
        sim.awaitReplies(3, Duration.ofSeconds(5));
        Thread.sleep(500);

        assertThat(recorder.messages).extracting(IncomingMessage::id).containsExactlyElementsOf(ids);
        assertThat(sim.replies()).extracting(Reply::msgId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void slowAcksAreAwaitedAndALostAckFailsOnlyItsOwnReply() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        WeComAiBotChannel channel = start(config(SECRET).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(10)), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        sim.sendText("wrkGroupD", "frank", "@Halfday help");
        IncomingMessage m = recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0);

        sim.faults().ackDelay(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        channel.replyText(m, "slow but fine");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

        sim.faults().ackDelay(Duration.ofMillis(2500));
        int acksBefore = sim.acksSent();
        assertThatThrownBy(() -> channel.replyText(m, "too slow"))
                .isInstanceOf(ChannelException.class).hasMessageContaining("did not confirm the reply within 1 s");

        sim.faults().ackDelay(Duration.ZERO);
        // The late ack goes out on the same connection before the next reply's: it must not be taken for it.
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.acksSent() > acksBefore);
        channel.replyText(m, "fast again");
        assertThat(sim.replies()).extracting(Reply::text).contains("slow but fine", "fast again");
    }

    @Test
    void framesOnOneReqIdGoOutOneAtATimeInOrder() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        WeComAiBotChannel channel = start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        sim.sendText("wrkGroupE", "gina", "@Halfday help");
        IncomingMessage m = recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        sim.faults().ackDelay(Duration.ofMillis(150));

        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String text = "part " + i;
            Thread t = new Thread(() -> quietly(() -> channel.replyText(m, text)));
            senders.add(t);
            t.start();
            Thread.sleep(20); // ask in a known order
        }
        for (Thread t : senders) {
            t.join(5000);
        }
        assertThat(sim.replies()).extracting(Reply::text).containsExactly("part 0", "part 1", "part 2", "part 3");
        // Each frame waited for the previous ack: four 150 ms acks cannot overlap.
        List<Reply> r = sim.replies();
        assertThat(Duration.between(r.get(0).at(), r.get(3).at())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void floodOf100ImagesAcross10GroupsGets100ImageRepliesAndSummaries() throws Exception {
        byte[][] samples = {resource("/halfday/resources/samples/chelsea.png"),
                resource("/halfday/resources/samples/rocket.jpg")};
        ChannelRecorder recorder = replying(m -> quietly(() -> {
            byte[] image = m.image().fetch(TEN_MB);
            channelOf(0).replyImage(m, image); // echo the decrypted bytes: proves each one end to end
            channelOf(0).replyText(m, "done " + m.id());
        }));
        start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));

        Map<String, byte[]> sent = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            byte[] image = samples[i % 2];
            sent.put(sim.sendImage("wrkFlood" + (i % 10), "member" + (i % 7), image), image);
        }
        List<Reply> replies = sim.awaitReplies(200, Duration.ofSeconds(60));

        Thread.sleep(300);
        assertThat(sim.replies()).hasSize(200);
        Map<String, List<Reply>> byMsg = replies.stream().collect(Collectors.groupingBy(Reply::msgId));
        assertThat(byMsg).hasSize(100).containsOnlyKeys(sent.keySet());
        byMsg.forEach((id, rs) -> {
            assertThat(rs).extracting(Reply::msgType).containsExactlyInAnyOrder("image", "stream");
            assertThat(rs.stream().filter(r -> r.image() != null).findFirst().orElseThrow().image()).isEqualTo(sent.get(id));
        });
        assertThat(channelOf(0).groups()).hasSize(10);
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void aSecondConnectionForTheSameBotEndsTheFirstWithoutRetries() throws Exception {
        ChannelRecorder first = new ChannelRecorder();
        WeComAiBotChannel a = start(config(SECRET), first);
        first.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        ChannelRecorder second = new ChannelRecorder();
        start(config(SECRET), second);
        second.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));

        ChannelEvent.LoggedOut out = first.awaitEvents(ChannelEvent.LoggedOut.class, 1, Duration.ofSeconds(5)).get(0).value();
        assertThat(out.meaning()).contains("another program connected");
        assertThat(out.willRetry()).isFalse();
        Thread.sleep(1500);
        assertThat(a.connectionAttempts()).isEqualTo(1);
        assertThat(sim.connectionCount()).isEqualTo(2);

        String msgId = sim.sendText("wrkGroupF", "hank", "@Halfday help");
        assertThat(second.awaitMessages(1, Duration.ofSeconds(5)).get(0).id()).isEqualTo(msgId);
        assertThat(first.messages).isEmpty();
    }

    @Test
    void enterChatIsAnsweredWithTheWelcomeText() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        start(config(SECRET).withWelcomeText("Send me a photo and I will tell you what is in it."), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));

        sim.sendEnterChat("ivan");
        Reply welcome = sim.awaitReplies(1, Duration.ofSeconds(5)).get(0);
        assertThat(welcome.via()).isEqualTo("welcome");
        assertThat(welcome.chatId()).isEqualTo("ivan");
        assertThat(welcome.text()).isEqualTo("Send me a photo and I will tell you what is in it.");
        assertThat(recorder.messages).isEmpty();
    }

    @Test
    void aClosedReplyWindowFallsBackToPushingIntoTheChat() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        WeComAiBotChannel channel = start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        String msgId = sim.sendImage("wrkGroupG", "judy", resource("/halfday/resources/samples/rocket.jpg"));
        IncomingMessage m = recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0);
        sim.faults().closeReplyWindow(msgId, WeComErrors.INVALID_REQ_ID);

        byte[] png = resource("/halfday/resources/samples/chelsea.png");
        channel.replyImage(m, png);
        channel.replyText(m, "没有发现物体");

        List<Reply> replies = sim.awaitReplies(2, Duration.ofSeconds(5));
        assertThat(replies).allSatisfy(r -> {
            assertThat(r.via()).isEqualTo("push");
            assertThat(r.chatId()).isEqualTo("wrkGroupG");
        });
        assertThat(replies.get(0).image()).isEqualTo(png);
        assertThat(replies.get(1).msgType()).isEqualTo("markdown");
        assertThat(replies.get(1).text()).isEqualTo("没有发现物体");
    }

    @Test
    void imageFetchRefusesOversizeAndDamagedDownloads() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        sim.sendImage("wrkGroupH", "kate", resource("/halfday/resources/samples/chelsea.png")); // 235 KiB
        IncomingMessage m = recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0);

        assertThatThrownBy(() -> m.image().fetch(100_000))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than 97 KiB");

        WeComMediaDownloader downloader = new WeComMediaDownloader(Duration.ofSeconds(5));
        String key = WeComMediaCipher.encodeKey(new byte[32]);
        assertThatThrownBy(() -> downloader.fetch(sim.serveRaw(new byte[4096]), key, TEN_MB))
                .isInstanceOf(IOException.class).hasMessageContaining("did not decrypt cleanly");
        assertThatThrownBy(() -> downloader.fetch(sim.url().toString().replace("ws:", "http:") + "/media/nope", key, TEN_MB))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> downloader.fetch("file:///etc/passwd", key, TEN_MB))
                .isInstanceOf(IOException.class).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void repliesFailClearlyOnceStoppedAndStopIsIdempotent() throws Exception {
        ChannelRecorder recorder = new ChannelRecorder();
        WeComAiBotChannel channel = start(config(SECRET), recorder);
        recorder.awaitEvents(ChannelEvent.LoggedIn.class, 1, Duration.ofSeconds(5));
        sim.sendText(null, "leo", "hi");
        IncomingMessage m = recorder.awaitMessages(1, Duration.ofSeconds(5)).get(0);

        channel.stop();
        channel.stop();
        assertThatThrownBy(() -> channel.replyText(m, "late")).isInstanceOf(ChannelException.class)
                .hasMessageContaining("stopped");
        assertThatThrownBy(() -> channel.start(recorder)).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> !sim.botOnline());
    }
}
