package dev.halfday.engine.detect;

import org.junit.jupiter.api.Test;

import java.awt.Font;

import static org.assertj.core.api.Assertions.assertThat;

class LabelFontsTest {

    @Test
    void aPendingInterruptNeitherBreaksFontLoadingNorIsLost() {
        Thread.currentThread().interrupt();
        try {
            Font font = LabelFonts.load(LabelFonts.CJK_RESOURCE);
            // Checked before touching the font's tables: the JDK's lazy table reads swallow interrupts themselves.
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(font.canDisplayUpTo("猫")).isEqualTo(-1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void mixedTextIsSplitIntoRunsEachDrawableByItsFont() {
        for (LabelFonts.Run run : LabelFonts.runs("猫 92%", 14f)) {
            assertThat(run.font().canDisplayUpTo(run.text())).isEqualTo(-1);
        }
        assertThat(LabelFonts.runs("猫 92%", 14f)).hasSize(2);
    }
}
