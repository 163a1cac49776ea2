package dev.halfday.engine.detect;

import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.testing.Samples;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotatorTest {

    private final Annotator annotator = new Annotator();

    private static Detection det(int cls, float score, float x1, float y1, float x2, float y2) {
        LabelSet.Entry e = LabelSet.coco80().get(cls);
        return new Detection(cls, e.en(), e.zh(), score, new BoundingBox(x1, y1, x2, y2));
    }

    @Test
    void drawsOnACopyAlongTheBoxEdgesAndLeavesTheRestAlone() throws Exception {
        BufferedImage photo = Samples.decode(Samples.photo("coffee.png")).image();
        BufferedImage before = copy(photo);
        Detection cup = det(41, 0.87f, 170, 60, 415, 264);
        BufferedImage out = annotator.annotate(photo, List.of(cup), Language.EN);

        assertThat(out.getWidth()).isEqualTo(600);
        assertThat(out.getHeight()).isEqualTo(400);
        assertThat(changedPixels(photo, before, 0, 0, 600, 400)).as("input untouched").isZero();
        // The box's left edge at x = 170 and its bottom edge at y = 264 are drawn over.
        assertThat(changedPixels(out, photo, 168, 100, 173, 240)).isGreaterThan(5 * 140 / 2);
        assertThat(changedPixels(out, photo, 200, 262, 400, 267)).isGreaterThan(200 * 5 / 2);
        // Inside the box, away from the tag and the edges: the photo as it was.
        assertThat(changedPixels(out, photo, 200, 120, 380, 240)).isZero();
        // The tag sits above the box top (y = 60) in the class colour.
        assertThat(countColor(out, Annotator.classColor(41), 170, 30, 260, 58)).isGreaterThan(300);
    }

    @Test
    void tagIsReadableOnBlackAndOnWhite() {
        for (Color background : List.of(Color.BLACK, Color.WHITE)) {
            BufferedImage plain = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 300; y++) {
                for (int x = 0; x < 400; x++) {
                    plain.setRGB(x, y, background.getRGB());
                }
            }
            BufferedImage out = annotator.annotate(plain, List.of(det(0, 0.61f, 50, 80, 350, 280)), Language.EN);
            Color c = Annotator.classColor(0);
            Color text = Annotator.textColorOn(c);
            // Tag background and text pixels are both present and differ from the plain background.
            assertThat(countColor(out, c, 40, 40, 300, 80)).isGreaterThan(200);
            assertThat(countColor(out, text, 40, 40, 300, 80)).isGreaterThan(20);
            assertThat(contrast(c, background)).as("box colour vs %s", background).isGreaterThan(1.5);
        }
    }

    @Test
    void chineseLabelsDrawAndEveryLabelHasGlyphsInTheFontThatDrawsIt() {
        for (LabelSet.Entry e : LabelSet.coco80().entries()) {
            for (String text : List.of(e.en() + " 87%", e.zh() + " 87%")) {
                for (LabelFonts.Run run : LabelFonts.runs(text, 14f)) {
                    assertThat(run.font().canDisplayUpTo(run.text())).as("'%s' in %s", run.text(),
                            run.font().getFontName()).isEqualTo(-1);
                }
            }
        }
        assertThat(LabelFonts.runs("猫 52%", 14f)).extracting(LabelFonts.Run::text).containsExactly("猫", " 52%");
        assertThat(LabelFonts.runs("猫 52%", 14f).get(0).font().getFamily()).isEqualTo("Droid Sans Fallback");

        BufferedImage photo = Samples.decode(Samples.photo("chelsea.png")).image();
        Detection cat = det(15, 0.52f, 0, 50, 412, 297);
        BufferedImage zh = annotator.annotate(photo, List.of(cat), Language.ZH);
        BufferedImage en = annotator.annotate(photo, List.of(cat), Language.EN);
        assertThat(changedPixels(zh, en, 0, 0, 451, 300)).as("the tags differ by language").isPositive();
    }

    @Test
    void classesGetDifferentColours() {
        assertThat(Annotator.classColor(0)).isNotEqualTo(Annotator.classColor(1));
        assertThat(Annotator.classColor(15)).isNotEqualTo(Annotator.classColor(16));
        assertThat(Annotator.tagText(det(15, 0.526f, 0, 0, 1, 1), Language.EN)).isEqualTo("cat 53%");
        assertThat(Annotator.tagText(det(15, 0.526f, 0, 0, 1, 1), Language.ZH)).isEqualTo("猫 53%");
    }

    @Test
    void pngBytesDecodeToTheAnnotatedImage() throws Exception {
        BufferedImage photo = Samples.decode(Samples.photo("astronaut.png")).image();
        List<Detection> dets = List.of(det(0, 0.61f, 8, 9, 369, 512));
        byte[] png = annotator.annotatePng(photo, dets, Language.ZH);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(changedPixels(decoded, annotator.annotate(photo, dets, Language.ZH), 0, 0, 512, 512)).isZero();
    }

    private static double contrast(Color a, Color b) {
        double la = lum(a);
        double lb = lum(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double lum(Color c) {
        double[] ch = {c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0};
        for (int i = 0; i < 3; i++) {
            ch[i] = ch[i] <= 0.04045 ? ch[i] / 12.92 : Math.pow((ch[i] + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.getGraphics().drawImage(src, 0, 0, null);
        return c;
    }

    static int changedPixels(BufferedImage a, BufferedImage b, int x1, int y1, int x2, int y2) {
        int n = 0;
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int countColor(BufferedImage img, Color c, int x1, int y1, int x2, int y2) {
        int n = 0;
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
