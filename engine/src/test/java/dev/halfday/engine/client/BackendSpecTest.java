package dev.halfday.engine.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSpecTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(BackendSpec.parse("local")).isInstanceOf(BackendSpec.Local.class);
        assertThat(BackendSpec.parse(" LOCAL ")).isInstanceOf(BackendSpec.Local.class);
        assertThat(BackendSpec.parse("10.0.0.5:50052")).isEqualTo(new BackendSpec.Halfday("10.0.0.5", 50052));
        assertThat(BackendSpec.parse("gpu-box")).isEqualTo(new BackendSpec.Halfday("gpu-box", 50051));
        assertThat(BackendSpec.parse("[::1]:9000")).isEqualTo(new BackendSpec.Halfday("::1", 9000));
        assertThat(BackendSpec.parse("tfs:serving.internal:8500/detector"))
                .isEqualTo(new BackendSpec.TfServing("serving.internal", 8500, "detector", "serving_default"));
        assertThat(BackendSpec.parse("tfs:localhost/ssd/detect"))
                .isEqualTo(new BackendSpec.TfServing("localhost", 8500, "ssd", "detect"));
    }

    @Test
    void printsBackWhatItParsed() {
        for (String s : new String[] {"local", "10.0.0.5:50052", "[::1]:9000", "tfs:h:8500/detector", "tfs:h:1/m/sig"}) {
            assertThat(BackendSpec.parse(s).toString()).isEqualTo(s);
            assertThat(BackendSpec.parse(BackendSpec.parse(s).toString())).isEqualTo(BackendSpec.parse(s));
        }
    }

    @Test
    void malformedSpecsSayWhatIsAccepted() {
        for (String bad : new String[] {"", "host:notaport", "host:70000", "tfs:host:8500", "tfs:host:8500/", "::1:50051",
                "tfs:h:1/m/s/x", "a b:1"}) {
            assertThatThrownBy(() -> BackendSpec.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("use local, host:port or tfs:host:port/model");
        }
    }
}
