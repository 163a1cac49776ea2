package dev.halfday.engine.detect.odapi;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.detect.ModelLoadException;
import dev.halfday.engine.detect.TfSessionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OdApiSavedModelDetectorTest {

    @TempDir
    static Path exportDir;
    private static Path savedModel;
    private static Detector detector;

    @BeforeAll
    static void exportAndLoad() throws Exception {
        // The layout the OD API's exporter_main_v2 writes: <export>/saved_model/saved_model.pb.
        savedModel = exportDir.resolve("tiny-od-model").resolve("saved_model");
        TinyOdApiModel.export(savedModel);
        detector = Detectors.load(exportDir.resolve("tiny-od-model"));
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    private static BufferedImage plain(Color color, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void describesTheModel() {
        assertThat(detector).isInstanceOf(OdApiSavedModelDetector.class);
        assertThat(detector.model().family()).isEqualTo("tf-od-api");
        assertThat(detector.model().name()).isEqualTo("tiny-od-model");
        assertThat(detector.model().inputWidth()).isEqualTo(-1);
    }

    @Test
    void whiteImageShowsAPersonWithTheBoxInPixels() {
        DetectionResult r = detector.detect(plain(Color.WHITE, 200, 100), DetectOptions.defaults());
        assertThat(r.detections()).hasSize(1);
        Detection person = r.detections().get(0);
        assertThat(person.classIndex()).isZero();
        assertThat(person.label()).isEqualTo("person");
        assertThat(person.labelZh()).isEqualTo("人");
        assertThat(person.score()).isCloseTo(1f, within(1e-4f));
        // [ymin 0.1, xmin 0.2, ymax 0.5, xmax 0.6] of 200×100.
        assertThat(person.box().x1()).isCloseTo(40f, within(1e-3f));
        assertThat(person.box().y1()).isCloseTo(10f, within(1e-3f));
        assertThat(person.box().x2()).isCloseTo(120f, within(1e-3f));
        assertThat(person.box().y2()).isCloseTo(50f, within(1e-3f));
    }

    @Test
    void blackImageShowsADogWithOneBasedCocoIdMappedToTheLabelIndex() {
        DetectionResult r = detector.detect(plain(Color.BLACK, 300, 300), DetectOptions.defaults());
        Detection dog = r.detections().get(0);
        assertThat(dog.label()).isEqualTo("dog");
        assertThat(dog.classIndex()).isEqualTo(16);   // COCO id 18 is the 17th of the 80 classes
        assertThat(dog.score()).isCloseTo(1f, within(1e-4f));
        assertThat(dog.box().x1()).isCloseTo(150f, within(1e-3f));
        assertThat(dog.box().y2()).isCloseTo(270f, within(1e-3f));
        // COCO id 12 (scored 0.5 here) is one of the gaps of the 80-class map: dropped, never a made-up class.
        assertThat(r.detections()).extracting(Detection::label).containsExactly("dog");
        assertThat(detector.detect(plain(Color.BLACK, 300, 300), DetectOptions.defaults().withMinScore(0.05f))
                .detections()).allSatisfy(d -> assertThat(d.classIndex()).isBetween(0, 79));
    }

    @Test
    void midGrayScoresFollowTheInputAndTheThresholdApplies() {
        DetectionResult r = detector.detect(plain(new Color(64, 64, 64), 50, 40), DetectOptions.defaults());
        float brightness = 64f / 255f;
        assertThat(r.detections()).extracting(Detection::label).containsExactly("dog");
        assertThat(r.detections().get(0).score()).isCloseTo(1 - brightness, within(1e-4f));
        DetectionResult all = detector.detect(plain(new Color(64, 64, 64), 50, 40),
                DetectOptions.defaults().withMinScore(0.2f));
        assertThat(all.detections()).extracting(Detection::label).containsExactly("dog", "person");
    }

    @Test
    void aFolderWithoutTheSignatureOutputsIsRefusedClearly(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("README.txt"), "nothing here");
        assertThatThrownBy(() -> Detectors.load(other)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("holds neither a TF.js graph model").hasMessageContaining("SavedModel");
        Files.write(other.resolve("saved_model.pb"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> OdApiSavedModelDetector.load(other, TfSessionOptions.forSavedModel()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("cannot load the SavedModel");
    }
}
