package dev.halfday.engine.bot;

import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat bot: images posted where it is enabled come back annotated, with a one-line summary.
 *
 * <p>It depends only on a {@link Channel} (where messages come from) and a {@link DetectionClient} (who finds the
 * objects), so WeChat, WeCom, the local engine, a remote server or TF Serving combine freely.
 *
 * <p>Per message, on the channel's thread and quickly: ignore our own messages and duplicates, check the group
 * and the trigger mode, answer commands, apply the per-group rate limit, then queue the work. Per image, on a
 * worker: fetch (size-capped while reading), decode (pixel-capped from the header), detect, annotate, wait out the
 * human-like delay, reply. Work for one chat runs in order; the queue is bounded. The bot writes no files.
 */
public final class Bot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Bot.class);
    private static final int THUMBNAIL = 96;

    private final Channel channel;
    private final DetectionClient detection;
    private final Annotator annotator;
    private final List<BotListener> listeners = new CopyOnWriteArrayList<>();
    private final RecentIds seen = new RecentIds(4096);
    private final RateLimiter rateLimiter = new RateLimiter();
    private final Map<String, Float> thresholds = new ConcurrentHashMap<>();
    private final Map<String, Language> languages = new ConcurrentHashMap<>();
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /** (chat, sender) → until when (nanoTime) their images trigger the bot in mention/keyword mode. */
    private final Map<String, Long> armed = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong replied = new AtomicLong();
    private final AtomicLong nothingFound = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile BotSettings settings;
    private volatile List<ChatGroup> groups = List.of();
    private volatile OrderedWorkQueue queue;
    /** Opened by stop(): human delays end at once instead of being interrupted. */
    private volatile java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);

    public Bot(Channel channel, DetectionClient detection, BotSettings settings) {
        this(channel, detection, settings, new Annotator());
    }

    public Bot(Channel channel, DetectionClient detection, BotSettings settings, Annotator annotator) {
        this.channel = channel;
        this.detection = detection;
        this.settings = settings;
        this.annotator = annotator;
    }

    public void addListener(BotListener listener) {
        listeners.add(listener);
    }

    public void removeListener(BotListener listener) {
        listeners.remove(listener);
    }

    /** Starts the channel (login begins) and the workers. */
    public synchronized void start() {
        if (queue != null) {
            throw new IllegalStateException("the bot is already running");
        }
        BotSettings s = settings;
        stopping = new java.util.concurrent.CountDownLatch(1);
        queue = new OrderedWorkQueue(s.workers(), s.queueCapacity(), "bot-worker");
        channel.start(new ChannelListener() {
            @Override
            public void onEvent(ChannelEvent event) {
                if (event instanceof ChannelEvent.GroupsChanged g) {
                    groups = List.copyOf(g.groups());
                }
                for (BotListener l : listeners) {
                    try {
                        l.onChannelEvent(event);
                    } catch (RuntimeException e) {
                        log.warn("bot listener failed", e);
                    }
                }
            }

            @Override
            public void onMessage(IncomingMessage message) {
                Bot.this.onMessage(message);
            }
        });
    }

    /** Stops the channel (the session is kept for a restart) and the workers; waiting work is dropped. */
    public synchronized void stop() {
        stopping.countDown();
        channel.stop();
        OrderedWorkQueue q = queue;
        queue = null;
        if (q != null) {
            q.close(3000);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean running() {
        return queue != null;
    }

    public Channel channel() {
        return channel;
    }

    public DetectionClient detection() {
        return detection;
    }

    public BotSettings settings() {
        return settings;
    }

    /** Applies new settings at once (the queue size and worker count apply at the next start). */
    public void updateSettings(BotSettings next) {
        this.settings = next;
    }

    /** The groups the channel knows. */
    public List<ChatGroup> groups() {
        return groups;
    }

    public BotCounters counters() {
        OrderedWorkQueue q = queue;
        return new BotCounters(received.get(), ignored.get(), duplicates.get(), commands.get(), replied.get(),
                nothingFound.get(), refused.get(), rateLimited.get(), dropped.get(), failed.get(),
                q == null ? 0 : q.pending(), q == null ? 0 : q.maxPending());
    }

    // ---- routing, on the channel's thread ----

    void onMessage(IncomingMessage m) {
        received.incrementAndGet();
        BotSettings s = settings;
        if (m.fromSelf()) {
            ignored.incrementAndGet();
            return;
        }
        if (!seen.firstTime(m.id())) {
            duplicates.incrementAndGet();
            ignored.incrementAndGet();
            return;
        }
        boolean served = m.group() ? s.groups().matches(m.chatId(), m.chatName()) : s.privateChats();
        if (!served) {
            ignored.incrementAndGet();
            return;
        }
        boolean hasText = !m.text().isBlank() && (m.kind() == IncomingMessage.Kind.TEXT || m.kind() == IncomingMessage.Kind.MIXED);
        if (hasText) {
            if (m.mentionsBot() || !m.group() || m.text().trim().startsWith("/")) {
                TextCommand command = TextCommand.parse(m.text());
                if (command != null) {
                    submit(m, () -> answerCommand(m, command), false);
                    return;
                }
            }
            arm(m, s);
        }
        boolean hasImage = m.image() != null && (m.kind() == IncomingMessage.Kind.IMAGE || m.kind() == IncomingMessage.Kind.MIXED);
        if (!hasImage) {
            ignored.incrementAndGet();
            return;
        }
        if (paused.contains(m.chatId()) || !triggered(m, s)) {
            ignored.incrementAndGet();
            return;
        }
        if (!rateLimiter.tryAcquire(m.chatId(), s.perGroupPerMinute())) {
            rateLimited.incrementAndGet();
            report(record(m, null, List.of(), System.nanoTime(), HandledMessage.Result.RATE_LIMITED,
                    "more than " + s.perGroupPerMinute() + " images a minute in this chat"));
            return;
        }
        long arrived = System.nanoTime();
        submit(m, () -> handleImage(m, arrived), true);
    }

    private void submit(IncomingMessage m, Runnable job, boolean image) {
        OrderedWorkQueue q = queue;
        if (q == null || !q.submit(m.chatId(), job)) {
            dropped.incrementAndGet();
            if (image) {
                report(record(m, null, List.of(), System.nanoTime(), HandledMessage.Result.QUEUE_FULL,
                        "the work queue is full (" + settings.queueCapacity() + ")"));
            }
        }
    }

    /** In mention/keyword mode, a mention or keyword from a sender opens a window for their images. */
    private void arm(IncomingMessage m, BotSettings s) {
        boolean opens = switch (s.mode()) {
            case ALL -> false;
            case MENTION -> m.mentionsBot();
            case KEYWORD -> containsKeyword(m.text(), s.keywords());
        };
        if (opens) {
            armed.put(m.chatId() + "\n" + m.senderId(), System.nanoTime() + s.triggerWindow().toNanos());
        }
    }

    private boolean triggered(IncomingMessage m, BotSettings s) {
        if (!m.group() || s.mode() == TriggerMode.ALL) {
            return true;
        }
        if (m.kind() == IncomingMessage.Kind.MIXED) {
            if (s.mode() == TriggerMode.MENTION ? m.mentionsBot() : containsKeyword(m.text(), s.keywords())) {
                return true;
            }
        }
        Long until = armed.get(m.chatId() + "\n" + m.senderId());
        return until != null && System.nanoTime() <= until;
    }

    private static boolean containsKeyword(String text, List<String> keywords) {
        String lower = text.toLowerCase(Locale.ROOT);
        return keywords.stream().anyMatch(k -> !k.isBlank() && lower.contains(k.toLowerCase(Locale.ROOT)));
    }

    // ---- work, on a worker thread ----

    private void answerCommand(IncomingMessage m, TextCommand c) {
        BotSettings s = settings;
        Language lang = languageOf(m.chatId());
        String reply = switch (c.type()) {
            case HELP -> ReplyTexts.help(s.mode(), thresholdOf(m.chatId()), s.keywords(), lang);
            case ON -> {
                paused.remove(m.chatId());
                yield ReplyTexts.switchedOn(lang);
            }
            case OFF -> {
                paused.add(m.chatId());
                yield ReplyTexts.switchedOff(lang);
            }
            case THRESHOLD -> {
                if (c.threshold() == null) {
                    yield ReplyTexts.thresholdNow(thresholdOf(m.chatId()), lang);
                }
                if (c.threshold().isNaN()) {
                    yield ReplyTexts.thresholdInvalid(lang);
                }
                thresholds.put(m.chatId(), c.threshold());
                yield ReplyTexts.thresholdSet(c.threshold(), lang);
            }
            case LANGUAGE -> {
                languages.put(m.chatId(), c.language());
                yield ReplyTexts.languageSet(c.language());
            }
        };
        humanDelay(System.nanoTime(), s);
        try {
            channel.replyText(m, reply);
            commands.incrementAndGet();
            for (BotListener l : listeners) {
                l.onCommand(m, reply);
            }
        } catch (ChannelException e) {
            log.warn("could not answer a command in {}: {}", m.chatName(), e.getMessage());
        }
    }

    private void handleImage(IncomingMessage m, long arrived) {
        try {
            detectAndReply(m, arrived);
        } catch (RuntimeException | LinkageError e) {
            // A bug or a broken install must cost one image, not the worker or the bot.
            log.error("handling an image from {} failed", m.chatName(), e);
            fail(m, arrived, null, "internal error: " + e, null);
        }
    }

    private void detectAndReply(IncomingMessage m, long arrived) {
        BotSettings s = settings;
        Language lang = languageOf(m.chatId());
        float threshold = thresholdOf(m.chatId());
        byte[] bytes;
        long t0 = System.nanoTime();
        try {
            bytes = m.image().fetch(s.maxImageBytes());
        } catch (ImageTooBigException e) {
            refuse(m, arrived, null, HandledMessage.Result.TOO_LARGE, ReplyTexts.tooManyBytes(s.maxImageBytes(), lang), s);
            return;
        } catch (IOException e) {
            fail(m, arrived, null, "could not download the image: " + e.getMessage(), null);
            return;
        }
        long t1 = System.nanoTime();
        DecodedImage decoded;
        try {
            decoded = new ImageDecoder(s.maxPixels()).decode(bytes);
        } catch (ImageRejectedException e) {
            boolean tooLarge = e.reason() == ImageRejectedException.Reason.TOO_LARGE;
            refuse(m, arrived, null, tooLarge ? HandledMessage.Result.TOO_LARGE : HandledMessage.Result.BAD_IMAGE,
                    tooLarge ? ReplyTexts.tooManyPixels(e.getMessage(), s.maxPixels(), lang) : ReplyTexts.badImage(e.getMessage(), lang), s);
            return;
        }
        long t2 = System.nanoTime();
        DetectionResult result;
        try {
            result = detection.detect(bytes, decoded, DetectOptions.defaults().withMinScore(threshold));
        } catch (DetectionException e) {
            byte[] thumbnail = thumbnail(decoded.image());
            if (e.kind() == DetectionException.Kind.BAD_IMAGE) {
                refuse(m, arrived, thumbnail, HandledMessage.Result.BAD_IMAGE, ReplyTexts.badImage(e.getMessage(), lang), s);
            } else {
                fail(m, arrived, thumbnail, e.getMessage(), ReplyTexts.unavailable(lang));
            }
            return;
        }
        List<Detection> found = result.above(threshold);
        String summary = ReplyTexts.summary(found, lang);
        long t3 = System.nanoTime();
        long t4;
        try {
            byte[] png = found.isEmpty() ? null : annotator.annotatePng(decoded.image(), found, lang);
            t4 = System.nanoTime();
            humanDelay(arrived, s);
            if (png != null) {
                channel.replyImage(m, png);
            }
            channel.replyText(m, summary);
        } catch (ChannelException | RuntimeException e) {
            fail(m, arrived, thumbnail(decoded.image()), "could not reply: " + e.getMessage(), null);
            return;
        }
        long t5 = System.nanoTime();
        double latencyMs = (t5 - arrived) / 1e6;
        // The thumbnail is for the UI: made after the reply, off the path the sender waits on.
        byte[] thumbnail = thumbnail(decoded.image());
        if (log.isDebugEnabled()) {
            log.debug(String.format(Locale.ROOT, "%s: queued %.1f, fetch %.1f, decode %.1f, detect %.1f, annotate %.1f, send %.1f ms",
                    m.chatName(), (t0 - arrived) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6,
                    (t5 - t4) / 1e6));
        }
        (found.isEmpty() ? nothingFound : replied).incrementAndGet();
        report(new HandledMessage(Instant.now(), m.chatId(), m.chatName(), m.senderName(), thumbnail, found, latencyMs,
                found.isEmpty() ? HandledMessage.Result.NOTHING_FOUND : HandledMessage.Result.REPLIED, summary));
    }

    private void refuse(IncomingMessage m, long arrived, byte[] thumbnail, HandledMessage.Result result, String reply,
                        BotSettings s) {
        refused.incrementAndGet();
        humanDelay(arrived, s);
        try {
            channel.replyText(m, reply);
        } catch (ChannelException e) {
            log.warn("could not send a refusal to {}: {}", m.chatName(), e.getMessage());
        }
        report(record(m, thumbnail, List.of(), arrived, result, reply));
    }

    private void fail(IncomingMessage m, long arrived, byte[] thumbnail, String why, String politeReply) {
        failed.incrementAndGet();
        log.warn("image from {} in {} failed: {}", m.senderName(), m.chatName(), why);
        if (politeReply != null) {
            try {
                channel.replyText(m, politeReply);
            } catch (ChannelException e) {
                log.debug("could not send the failure note: {}", e.getMessage());
            }
        }
        report(record(m, thumbnail, List.of(), arrived, HandledMessage.Result.FAILED, why));
    }

    /** Waits until a random moment between delayMin and delayMax after arrival, if the human delay is on. */
    private void humanDelay(long arrived, BotSettings s) {
        if (!s.humanDelay()) {
            return;
        }
        long min = s.delayMin().toNanos();
        long max = s.delayMax().toNanos();
        long target = arrived + (max > min ? ThreadLocalRandom.current().nextLong(min, max + 1) : min);
        long left = target - System.nanoTime();
        if (left > 0) {
            try {
                stopping.await(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private float thresholdOf(String chat) {
        return thresholds.getOrDefault(chat, settings.threshold());
    }

    private Language languageOf(String chat) {
        return languages.getOrDefault(chat, settings.language());
    }

    private static HandledMessage record(IncomingMessage m, byte[] thumbnail, List<Detection> found, long arrived,
                                         HandledMessage.Result result, String detail) {
        double ms = (System.nanoTime() - arrived) / 1e6;
        return new HandledMessage(Instant.now(), m.chatId(), m.chatName(), m.senderName(), thumbnail, found, ms, result, detail);
    }

    private void report(HandledMessage h) {
        for (BotListener l : listeners) {
            try {
                l.onHandled(h);
            } catch (RuntimeException e) {
                log.warn("bot listener failed", e);
            }
        }
    }

    /** A PNG at most 96 px on its long side, for the UI's table. */
    static byte[] thumbnail(BufferedImage image) {
        double scale = Math.min(1.0, (double) THUMBNAIL / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(small, "png", out);
        } catch (IOException e) {
            return null;
        }
        return out.toByteArray();
    }
}
