package dev.halfday.engine.bot.wechat;

import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChatGroup;
import dev.halfday.engine.bot.ImageTooBigException;
import dev.halfday.engine.bot.IncomingMessage;
import dev.halfday.engine.bot.RecordingListener;
import dev.halfday.engine.bot.wechat.sim.SentMessage;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.halfday.engine.bot.wechat.SimTestSupport.fastConfig;
import static dev.halfday.engine.bot.wechat.SimTestSupport.login;
import static dev.halfday.engine.bot.wechat.SimTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web-WeChat client against the simulator, over real HTTP on loopback. */
class WebWeChatChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private WeChatSimulator sim;
    private WebWeChatChannel channel;
    private final RecordingListener events = new RecordingListener();

    @BeforeEach
    void startSim() throws Exception {
        sim = SimTestSupport.fastSim();
    }

    @AfterEach
    void stopAll() {
        if (channel != null) {
            channel.stop();
        }
        sim.close();
    }

    @Test
    void logsInLoadsPagedContactsReceivesAndSends() throws Exception {
        sim.contactPageSize(2);
        sim.addGroup("Family", "Mum", "Dad");
        sim.addGroup("Cat lovers", "Alice", "Bob");
        sim.addGroup("Work", "Dana");
        sim.addGroup("Hidden", false, "Zed");
        sim.addFriend("Alice");
        channel = new WebWeChatChannel(fastConfig(sim, "login").build());

        ChannelEvent.LoggedIn in = login(channel, sim, events);
        assertThat(in.selfName()).isEqualTo("Halfday Bot");
        assertThat(in.selfId()).isEqualTo(sim.selfId());
        ChannelEvent.QrCode qr = events.await(ChannelEvent.QrCode.class, WAIT);
        assertThat(qr.content()).isEqualTo(sim.baseUrl() + "/l/" + sim.currentUuid());
        ChannelEvent.GroupsChanged groups = events.await(ChannelEvent.GroupsChanged.class, WAIT);
        // 3 saved groups + friend + official account + filehelper over pages of 2.
        assertThat(sim.requestCount("webwxgetcontact")).isEqualTo(3);
        assertThat(groups.groups()).extracting(ChatGroup::name).containsExactly("Cat lovers", "Family", "Work");
        assertThat(groups.groups()).allMatch(g -> g.memberCount() == 3 || g.memberCount() == 2);

        sim.postText("Cat lovers", "Alice", sim.mention("help me"));
        IncomingMessage text = events.awaitMessage(m -> m.kind() == IncomingMessage.Kind.TEXT, WAIT);
        assertThat(text.group()).isTrue();
        assertThat(text.chatName()).isEqualTo("Cat lovers");
        assertThat(text.senderName()).isEqualTo("Alice");
        assertThat(text.mentionsBot()).isTrue();
        assertThat(text.text()).isEqualTo("help me");
        assertThat(text.fromSelf()).isFalse();

        byte[] cat = sample("chelsea.png");
        String msgId = sim.postImage("Hidden", "Zed", cat);
        IncomingMessage image = events.awaitMessage(m -> m.id().equals(msgId), WAIT);
        assertThat(image.kind()).isEqualTo(IncomingMessage.Kind.IMAGE);
        assertThat(image.chatName()).as("an unsaved group is learned through batchgetcontact").isEqualTo("Hidden");
        assertThat(image.senderName()).isEqualTo("Zed");
        assertThat(image.image().fetch(10_000_000)).isEqualTo(cat);
        assertThatThrownBy(() -> image.image().fetch(1000)).isInstanceOf(ImageTooBigException.class);

        String late = sim.postText("Family", "Newcomer", "hello all");
        assertThat(events.awaitMessage(m -> m.id().equals(late), WAIT).senderName())
                .as("a member who joined after login is named, not shown as an id").isEqualTo("Newcomer");

        channel.replyText(text, "检测到 1 个物体：猫 92%");
        channel.replyImage(image, cat);
        List<SentMessage> sent = sim.awaitSent(m -> true, 2, WAIT);
        assertThat(sent.get(0).text()).isEqualTo("检测到 1 个物体：猫 92%");
        assertThat(sent.get(0).toName()).isEqualTo("Cat lovers");
        assertThat(sent.get(1).image()).isEqualTo(cat);
        assertThat(sent.get(1).toName()).isEqualTo("Hidden");
        // Our own sends come back in the sync stream, marked as ours.
        IncomingMessage echo = events.awaitMessage(IncomingMessage::fromSelf, WAIT);
        assertThat(echo.chatName()).isIn("Cat lovers", "Hidden");
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void chunkedUploadOfALargeImageArrivesByteIdentical() throws Exception {
        IncomingMessage msg = loggedInWithAMessageFromMum("chunks");

        byte[] big = BigImages.noisyPng(820, 620, 7);
        assertThat(big.length).isBetween(1_400_000, 1_700_000);
        channel.replyImage(msg, big);
        SentMessage sent = sim.awaitSent(SentMessage::isImage, 1, WAIT).get(0);
        assertThat(sent.image()).isEqualTo(big);
        assertThat(sent.chunks()).isEqualTo((big.length + 524_287) / 524_288);
        assertThat(sim.requestCount("webwxuploadmedia")).isEqualTo(sent.chunks());
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void uploadsStartedAtTheSameMomentStaySeparate() throws Exception {
        // The bot answers with several workers; web WeChat keys an upload's chunks by its ClientMediaId, so two
        // uploads that share one (as a millisecond timestamp did) mix their chunks and both fail.
        IncomingMessage msg = loggedInWithAMessageFromMum("parallel");

        int uploads = 6;
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            images.add(BigImages.noisyPng(560, 420, i)); // ~0.7 MB: two chunks each
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (byte[] image : images) {
                done.add(pool.submit(() -> {
                    start.await();
                    channel.replyImage(msg, image);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<SentMessage> sent = sim.awaitSent(SentMessage::isImage, uploads, WAIT);
        assertThat(sent).extracting(m -> HexFormat.of().formatHex(m.image()))
                .containsExactlyInAnyOrderElementsOf(images.stream().map(HexFormat.of()::formatHex).toList());
        assertThat(sim.violations()).isEmpty();
    }

    /** Logs a channel in to a group "Family" and returns the text Mum posted there, to reply to. */
    private IncomingMessage loggedInWithAMessageFromMum(String testName) throws Exception {
        sim.addGroup("Family", "Mum");
        channel = new WebWeChatChannel(fastConfig(sim, testName).build());
        login(channel, sim, events);
        String id = sim.postText("Family", "Mum", "hi");
        return events.awaitMessage(m -> m.id().equals(id), WAIT);
    }

    @Test
    void desktopModeIsOnByDefaultAndAPlainWebLoginIsRefusedWith1203() throws Exception {
        channel = new WebWeChatChannel(fastConfig(sim, "plain").desktopMode(false).build());
        channel.start(events);
        sim.awaitQr(WAIT);
        sim.scanAndConfirm();
        ChannelEvent.LoggedOut out = events.await(ChannelEvent.LoggedOut.class, WAIT);
        assertThat(out.code()).isEqualTo(1203);
        assertThat(out.willRetry()).isFalse();
        assertThat(out.meaning()).contains("refuses web login").contains("当前登录环境异常");
        assertThat(out.advice()).contains("WeCom");
        assertThat(WebWeChatConfig.builder().build().desktopMode()).isTrue();
    }

    @Test
    void refusedAccountGetsAClearFinalStatus() throws Exception {
        sim.refuseLogin(true);
        channel = new WebWeChatChannel(fastConfig(sim, "refused").build());
        channel.start(events);
        sim.awaitQr(WAIT);
        sim.scanAndConfirm();
        ChannelEvent.LoggedOut out = events.await(ChannelEvent.LoggedOut.class, WAIT);
        assertThat(out.code()).isEqualTo(1203);
        Thread.sleep(500);
        assertThat(sim.requestCount("jslogin")).as("no retry after a refusal").isEqualTo(1);
    }

    @Test
    void loginPageAnswering301IsNotFollowedAndForeignHostsMapToTheBase() throws Exception {
        sim.loginPageAnswers301(true).redirectBase("https://wx2.qq.com");
        sim.addGroup("Family", "Mum");
        channel = new WebWeChatChannel(fastConfig(sim, "redirect").build());
        login(channel, sim, events);
        assertThat(sim.requestCount("nowhere")).isZero();
        String id = sim.postText("Family", "Mum", "hello");
        events.awaitMessage(m -> m.id().equals(id), WAIT);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void anExpiredQrCodeIsReplacedByANewOne() throws Exception {
        sim.qrLifetime(Duration.ofMillis(700));
        channel = new WebWeChatChannel(fastConfig(sim, "expiry").build());
        channel.start(events);
        events.await(ChannelEvent.QrCode.class, WAIT);
        String first = sim.awaitQr(WAIT);
        events.await(ChannelEvent.Status.class, s -> s.message().contains("expired"), WAIT);
        ChannelEvent.QrCode second = events.await(ChannelEvent.QrCode.class, q -> !q.content().endsWith(first), WAIT);
        assertThat(second.content()).doesNotEndWith(first);
        sim.qrLifetime(Duration.ofMinutes(4));
        sim.awaitQr(WAIT);
        sim.scanAndConfirm();
        events.await(ChannelEvent.LoggedIn.class, WAIT);
    }

    @Test
    void hotReloadResumesTheSavedSessionWithoutAScan() throws Exception {
        sim.addGroup("Family", "Mum");
        WebWeChatConfig config = fastConfig(sim, "reload").build();
        channel = new WebWeChatChannel(config);
        login(channel, sim, events);
        channel.stop();
        assertThat(Files.exists(config.sessionFile())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.sessionFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(config.sessionFile())).contains("webwx_data_ticket");

        RecordingListener again = new RecordingListener();
        channel = new WebWeChatChannel(config);
        channel.start(again);
        again.await(ChannelEvent.LoggedIn.class, WAIT);
        assertThat(again.count(ChannelEvent.QrCode.class)).isZero();
        assertThat(sim.completedLogins()).isEqualTo(1);
        String id = sim.postImage("Family", "Mum", sample("coffee.png"));
        IncomingMessage m = again.awaitMessage(x -> x.id().equals(id), WAIT);
        channel.replyImage(m, sample("coffee.png"));
        assertThat(sim.awaitSent(SentMessage::isImage, 1, WAIT)).hasSize(1);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void anExpiredSavedSessionFallsBackToAQrLogin() throws Exception {
        WebWeChatConfig config = fastConfig(sim, "expired").build();
        channel = new WebWeChatChannel(config);
        login(channel, sim, events);
        channel.stop();
        sim.expireSessions();

        RecordingListener again = new RecordingListener();
        channel = new WebWeChatChannel(config);
        channel.start(again);
        again.await(ChannelEvent.Status.class, s -> s.message().contains("expired"), WAIT);
        again.await(ChannelEvent.QrCode.class, WAIT);
    }

    /** An event as the channel reported it, with when and how many requests the simulator had seen by then. */
    private record Seen(ChannelEvent event, long nanos, int requests) {
    }

    /** Records every event with its time and the simulator's request count, then hands it to {@link #events}. */
    private dev.halfday.engine.bot.ChannelListener probe(List<Seen> seen) {
        return new dev.halfday.engine.bot.ChannelListener() {
            @Override
            public void onEvent(ChannelEvent event) {
                seen.add(new Seen(event, System.nanoTime(), sim.totalRequests()));
                events.onEvent(event);
            }

            @Override
            public void onMessage(IncomingMessage message) {
                events.onMessage(message);
            }
        };
    }

    /** The pause a LoggedOut event announces ("… Next attempt in 1.0 s."). */
    private static Duration announcedPause(ChannelEvent.LoggedOut out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Next attempt in ([0-9.]+) s").matcher(out.advice());
        assertThat(m.find()).as(out.advice()).isTrue();
        return Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
    }

    /** The first event of a type after position {@code from} in {@code seen}, as its index; -1 if none yet. */
    private static int find(List<Seen> seen, Class<? extends ChannelEvent> type, int from) {
        for (int i = from + 1; i < seen.size(); i++) {
            if (type.isInstance(seen.get(i).event())) {
                return i;
            }
        }
        return -1;
    }

    private static int next(List<Seen> seen, Class<? extends ChannelEvent> type, int from) {
        int i = find(seen, type, from);
        if (i < 0) {
            throw new AssertionError("no " + type.getSimpleName() + " after event " + from + ": " + seen);
        }
        return i;
    }

    /** Waits until the channel has reported a new QR code after its {@code kicks}-th LoggedOut. */
    private static void awaitRetryAfterKick(List<Seen> seen, int kicks, Duration timeout) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<Seen> now = List.copyOf(seen);
            int at = -1;
            for (int k = 0; k < kicks; k++) {
                at = find(now, ChannelEvent.LoggedOut.class, at);
                if (at < 0) {
                    return false;
                }
            }
            return find(now, ChannelEvent.QrCode.class, at) >= 0;
        });
    }

    @Test
    void kick1102GivesAClearStatusAndBacksOffWithoutABusyLoop() throws Exception {
        WebWeChatConfig config = fastConfig(sim, "kick").sessionRetry(Duration.ofSeconds(1), Duration.ofSeconds(8)).build();
        channel = new WebWeChatChannel(config);
        List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        login(channel, sim, events, probe(seen));
        sim.kick(1102);
        ChannelEvent.LoggedOut out = events.await(ChannelEvent.LoggedOut.class, WAIT);
        assertThat(out.code()).isEqualTo(1102);
        assertThat(out.meaning()).contains("kicked");
        assertThat(out.advice()).contains("WeCom").contains("Next attempt in");
        assertThat(out.willRetry()).isTrue();
        // After the pause: the saved session is dead (1101 on init), so a new QR code is shown.
        awaitRetryAfterKick(seen, 1, WAIT);

        List<Seen> snapshot = List.copyOf(seen);
        int kicked = next(snapshot, ChannelEvent.LoggedOut.class, -1);
        int qr = next(snapshot, ChannelEvent.QrCode.class, kicked);
        Duration waited = Duration.ofNanos(snapshot.get(qr).nanos() - snapshot.get(kicked).nanos());
        int requests = snapshot.get(qr).requests() - snapshot.get(kicked).requests();
        // The announced pause (1 s ± 20 %) is kept, then a handful of requests (init, the new login), not a loop.
        assertThat(waited).isGreaterThanOrEqualTo(announcedPause(out).minusMillis(50));
        assertThat(requests).isBetween(1, 5);
    }

    @Test
    void kickedAgainAndAgainTheRetriesSlowDown() throws Exception {
        sim.autoConfirm(Duration.ofMillis(100)).kickAfterLogin(Duration.ofMillis(200));
        WebWeChatConfig config = fastConfig(sim, "kicks").sessionRetry(Duration.ofMillis(500), Duration.ofSeconds(30)).build();
        channel = new WebWeChatChannel(config);
        List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        channel.start(probe(seen));
        // Three kicks, each followed by a new login attempt.
        awaitRetryAfterKick(seen, 3, Duration.ofSeconds(60));
        channel.stop();

        List<Seen> snapshot = List.copyOf(seen);
        List<Duration> announced = new ArrayList<>();
        int at = -1;
        for (int kick = 0; kick < 3; kick++) {
            at = next(snapshot, ChannelEvent.LoggedOut.class, at);
            ChannelEvent.LoggedOut out = (ChannelEvent.LoggedOut) snapshot.get(at).event();
            assertThat(out.code()).isEqualTo(1102);
            assertThat(out.willRetry()).isTrue();
            Duration pause = announcedPause(out);
            announced.add(pause);
            int retry = next(snapshot, ChannelEvent.QrCode.class, at);
            assertThat(Duration.ofNanos(snapshot.get(retry).nanos() - snapshot.get(at).nanos()))
                    .as("the pause after kick %d is kept", kick + 1).isGreaterThanOrEqualTo(pause.minusMillis(50));
        }
        // Pauses 0.5, 1, 2 s (± 20 %): each longer than the one before.
        assertThat(announced.get(1)).isGreaterThan(announced.get(0));
        assertThat(announced.get(2)).isGreaterThan(announced.get(1));
        assertThat(announced.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void anOversizedJsonReplyIsRefusedWhileReadingAndTheLoopGoesOn() throws Exception {
        sim.addGroup("Family", "Mum");
        channel = new WebWeChatChannel(fastConfig(sim, "oversized").build());
        login(channel, sim, events);
        events.await(ChannelEvent.GroupsChanged.class, WAIT);
        // 9 MiB of valid JSON, sent chunked (no Content-Length to warn the client): only counting stops it.
        sim.faults().oversizedNext("webwxsync", 9 * 1024 * 1024, 1);
        String a = sim.postText("Family", "Mum", "after the flood");
        events.awaitMessage(m -> m.id().equals(a), Duration.ofSeconds(20));
        assertThat(events.events()).filteredOn(ChannelEvent.Status.class::isInstance)
                .map(e -> ((ChannelEvent.Status) e).message())
                .anyMatch(s -> s.contains("/webwxsync sent a reply larger than 8 MiB; refused"));
        assertThat(events.count(ChannelEvent.LoggedOut.class)).isZero();
    }

    @Test
    void malformedRepliesAndServerErrorsDoNotKillTheLoop() throws Exception {
        sim.addGroup("Family", "Mum");
        channel = new WebWeChatChannel(fastConfig(sim, "faults").build());
        login(channel, sim, events);
        events.await(ChannelEvent.GroupsChanged.class, WAIT);
        sim.faults().malformedNext("webwxsync", 2).failNext("synccheck", 500, 2);
        String a = sim.postText("Family", "Mum", "one");
        String b = sim.postText("Family", "Mum", "two");
        events.awaitMessage(m -> m.id().equals(a), Duration.ofSeconds(20));
        events.awaitMessage(m -> m.id().equals(b), Duration.ofSeconds(20));
        assertThat(events.events()).filteredOn(ChannelEvent.Status.class::isInstance)
                .map(e -> ((ChannelEvent.Status) e).message())
                .anyMatch(s -> s.contains("malformed"))
                .anyMatch(s -> s.contains("HTTP 500"));
        assertThat(events.messages().stream().filter(m -> m.id().equals(a))).hasSize(1);
        String c = sim.postText("Family", "Mum", "three");
        events.awaitMessage(m -> m.id().equals(c), WAIT);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void moreThanFiftyGroupsAreFetchedInBatchesOfFifty() throws Exception {
        for (int i = 0; i < 120; i++) {
            sim.addGroup(String.format("Group %03d", i), "Member " + i);
        }
        channel = new WebWeChatChannel(fastConfig(sim, "batch").build());
        login(channel, sim, events);
        ChannelEvent.GroupsChanged groups = events.await(ChannelEvent.GroupsChanged.class, WAIT);
        assertThat(groups.groups()).hasSize(120).allMatch(g -> g.memberCount() == 2);
        assertThat(sim.requestCount("webwxbatchgetcontact")).isEqualTo(3);
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void hostsAreDerivedFromTheRedirectAndOverridable() {
        WebWeChatConfig real = WebWeChatConfig.builder().build();
        WeChatHosts wx2 = WeChatHosts.fromRedirect(URI.create("https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=x"), real);
        assertThat(wx2).isEqualTo(new WeChatHosts("https://wx2.qq.com/cgi-bin/mmwebwx-bin",
                "https://file.wx2.qq.com/cgi-bin/mmwebwx-bin", "https://webpush.wx2.qq.com/cgi-bin/mmwebwx-bin"));
        WeChatHosts wx = WeChatHosts.fromRedirect(URI.create("https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage"), real);
        assertThat(wx.push()).isEqualTo("https://webpush.wx.qq.com/cgi-bin/mmwebwx-bin");
        WeChatHosts web = WeChatHosts.fromRedirect(URI.create("https://web.wechat.com/cgi-bin/mmwebwx-bin/x"), real);
        assertThat(web.file()).isEqualTo("https://file.web.wechat.com/cgi-bin/mmwebwx-bin");
        WeChatHosts web2 = WeChatHosts.fromRedirect(URI.create("https://web2.wechat.com/cgi-bin/mmwebwx-bin/x"), real);
        assertThat(web2.push()).isEqualTo("https://webpush.web2.wechat.com/cgi-bin/mmwebwx-bin");
        WebWeChatConfig local = WebWeChatConfig.builder().singleBase(URI.create("http://127.0.0.1:9/")).build();
        WeChatHosts mapped = WeChatHosts.fromRedirect(URI.create("https://wx8.qq.com/cgi-bin/mmwebwx-bin/x"), local);
        assertThat(mapped).isEqualTo(new WeChatHosts("http://127.0.0.1:9/cgi-bin/mmwebwx-bin",
                "http://127.0.0.1:9/cgi-bin/mmwebwx-bin", "http://127.0.0.1:9/cgi-bin/mmwebwx-bin"));
        assertThat(local.loginBase()).isEqualTo(URI.create("http://127.0.0.1:9"));
    }

    @Test
    void mentionsAreFoundAndStripped() {
        assertThat(MessageParser.stripMention("@Halfday Bot\u2005threshold 0.5", "Halfday Bot")).isEqualTo("threshold 0.5");
        assertThat(MessageParser.stripMention("hey @Halfday Bot look", "Halfday Bot")).isEqualTo("hey look");
        assertThat(MessageParser.stripMention("@Halfday Bottle", "Halfday Bot")).isNull();
        assertThat(MessageParser.stripMention("no mention", "Halfday Bot")).isNull();
    }
}
