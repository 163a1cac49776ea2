package dev.halfday.engine.bot.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halfday.engine.bot.IncomingMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Callback bodies shaped like the SDK's type definitions (message.d.ts) describe them. */
class WeComMessageParserTest {

    private final List<String> fetchedUrls = new ArrayList<>();
    private final WeComMessageParser parser = new WeComMessageParser((url, key) -> {
        fetchedUrls.add(url + "|" + key);
        return max -> new byte[0];
    });

    private static JsonNode json(String text) throws Exception {
        return WeComProtocol.parse(text);
    }

    @Test
    void groupTextLosesTheLeadingMentionAndKeepsGroupAndSender() throws Exception {
        List<IncomingMessage> out = parser.parse("req-1", json("""
                {"msgid":"m1","aibotid":"B","chatid":"wrkG1","chattype":"group","from":{"userid":"zhangsan"},
                 "create_time":1700000000,"msgtype":"text","text":{"content":"@Halfday\u2005threshold 0.4"}}"""));

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("m1");
            assertThat(m.group()).isTrue();
            assertThat(m.chatId()).isEqualTo("wrkG1");
            assertThat(m.senderId()).isEqualTo("zhangsan");
            assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.TEXT);
            assertThat(m.text()).isEqualTo("threshold 0.4");
            assertThat(m.mentionsBot()).isTrue();
            assertThat(m.fromSelf()).isFalse();
            assertThat(m.time()).isEqualTo(Instant.ofEpochSecond(1700000000));
            assertThat(m.image()).isNull();
            assertThat(m.replyHandle()).isEqualTo(new WeComReplyHandle("req-1", "wrkG1"));
        });
    }

    @Test
    void privateImageIsAnsweredToTheSender() throws Exception {
        List<IncomingMessage> out = parser.parse("req-2", json("""
                {"msgid":"m2","aibotid":"B","chattype":"single","from":{"userid":"lisi"},
                 "msgtype":"image","image":{"url":"https://x/1","aeskey":"K1"}}"""));

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.group()).isFalse();
            assertThat(m.chatId()).isEqualTo("lisi");
            assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.IMAGE);
            assertThat(m.image()).isNotNull();
            assertThat(m.replyHandle()).isEqualTo(new WeComReplyHandle("req-2", "lisi"));
        });
        assertThat(fetchedUrls).containsExactly("https://x/1|K1");
    }

    @Test
    void mixedMessageWithTwoImagesBecomesTwoMessagesOnOneReqId() throws Exception {
        List<IncomingMessage> out = parser.parse("req-3", json("""
                {"msgid":"m3","aibotid":"B","chatid":"wrkG2","chattype":"group","from":{"userid":"u"},
                 "msgtype":"mixed","mixed":{"msg_item":[
                   {"msgtype":"text","text":{"content":"@Halfday what is this"}},
                   {"msgtype":"image","image":{"url":"https://x/a","aeskey":"KA"}},
                   {"msgtype":"image","image":{"url":"https://x/b","aeskey":"KB"}}]}}"""));

        assertThat(out).extracting(IncomingMessage::id).containsExactly("m3", "m3#2");
        assertThat(out).allSatisfy(m -> {
            assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.MIXED);
            assertThat(m.text()).isEqualTo("what is this");
            assertThat(((WeComReplyHandle) m.replyHandle()).reqId()).isEqualTo("req-3");
        });
        assertThat(fetchedUrls).containsExactly("https://x/a|KA", "https://x/b|KB");
    }

    @Test
    void textQuotingAnImageCarriesThatImage() throws Exception {
        List<IncomingMessage> out = parser.parse("req-4", json("""
                {"msgid":"m4","aibotid":"B","chatid":"wrkG3","chattype":"group","from":{"userid":"u"},
                 "msgtype":"text","text":{"content":"@Halfday look"},
                 "quote":{"msgtype":"image","image":{"url":"https://x/q","aeskey":"KQ"}}}"""));

        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.MIXED);
            assertThat(m.text()).isEqualTo("look");
            assertThat(m.image()).isNotNull();
        });
    }

    @Test
    void filesAndMessagesWithoutIdsAreNotImages() throws Exception {
        assertThat(parser.parse("r", json("""
                {"msgid":"m5","chattype":"single","from":{"userid":"u"},"msgtype":"file","file":{"url":"https://x/f"}}""")))
                .singleElement().satisfies(m -> {
                    assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.OTHER);
                    assertThat(m.image()).isNull();
                });
        assertThat(parser.parse("r", json("""
                {"chattype":"single","from":{"userid":"u"},"msgtype":"text","text":{"content":"x"}}"""))).isEmpty();
        assertThat(fetchedUrls).isEmpty();
    }
}
