package dev.halfday.engine.serve;

import com.google.protobuf.ByteString;
import dev.halfday.engine.proto.tensorflow.DataType;
import dev.halfday.engine.proto.tensorflow.TensorProto;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorsTest {

    @Test
    void imageSurvivesTheUint8TensorPixelForPixel() throws Exception {
        BufferedImage photo;
        try (InputStream in = getClass().getResourceAsStream("/halfday/resources/samples/chelsea.png")) {
            photo = ImageIO.read(in);
        }
        TensorProto t = Tensors.uint8Image(photo);
        assertThat(Tensors.dims(t)).containsExactly(1, photo.getHeight(), photo.getWidth(), 3);
        assertThat(t.getTensorContent().size()).isEqualTo(photo.getWidth() * photo.getHeight() * 3);

        BufferedImage back = Tensors.readUint8Image(t, 10_000_000);
        for (int y = 0; y < photo.getHeight(); y += 7) {
            for (int x = 0; x < photo.getWidth(); x += 5) {
                assertThat(back.getRGB(x, y) & 0xffffff).isEqualTo(photo.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void uint8ImageAlsoReadsFromIntValues() {
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_UINT8).setTensorShape(Tensors.shape(1, 1, 2, 3))
                .addIntVal(255).addIntVal(0).addIntVal(0).addIntVal(0).addIntVal(0).addIntVal(255).build();
        BufferedImage img = Tensors.readUint8Image(t, 100);
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(1, 0) & 0xffffff).isEqualTo(0x0000ff);
    }

    @Test
    void lyingShapesAndHugeImagesAreRefusedBeforeAllocation() {
        TensorProto huge = TensorProto.newBuilder().setDtype(DataType.DT_UINT8)
                .setTensorShape(Tensors.shape(1, 30000, 30000, 3)).setTensorContent(ByteString.copyFrom(new byte[3]))
                .build();
        assertThatThrownBy(() -> Tensors.readUint8Image(huge, 40_000_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image too large: 30000×30000");

        TensorProto lying = TensorProto.newBuilder().setDtype(DataType.DT_UINT8)
                .setTensorShape(Tensors.shape(1, 10, 10, 3)).setTensorContent(ByteString.copyFrom(new byte[7])).build();
        assertThatThrownBy(() -> Tensors.readUint8Image(lying, 40_000_000))
                .hasMessageContaining("holds 7 bytes but its shape DT_UINT8 [1, 10, 10, 3] needs 300");

        TensorProto gray = TensorProto.newBuilder().setDtype(DataType.DT_UINT8).setTensorShape(Tensors.shape(1, 4, 4, 1))
                .setTensorContent(ByteString.copyFrom(new byte[16])).build();
        assertThatThrownBy(() -> Tensors.readUint8Image(gray, 100)).hasMessageContaining("[1, height, width, 3]");

        TensorProto floats = Tensors.floats(new float[] {1}, 1);
        assertThatThrownBy(() -> Tensors.readUint8Image(floats, 100)).hasMessageContaining("expected a DT_UINT8");
    }

    @Test
    void floatsReadFromTypedValuesPackedContentAndTheSingleValueFill() {
        assertThat(Tensors.readFloats(Tensors.floats(new float[] {1.5f, -2f}, 2))).containsExactly(1.5f, -2f);

        ByteBuffer buf = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.1f).putFloat(0.2f).putFloat(0.3f);
        TensorProto packed = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(Tensors.shape(1, 3))
                .setTensorContent(ByteString.copyFrom(buf.array())).build();
        assertThat(Tensors.readFloats(packed)).containsExactly(0.1f, 0.2f, 0.3f);

        TensorProto fill = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(Tensors.shape(4))
                .addIntVal(7).build();
        assertThat(Tensors.readFloats(fill)).containsExactly(7f, 7f, 7f, 7f);

        TensorProto shortList = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(Tensors.shape(3))
                .addFloatVal(1).addFloatVal(2).build();
        assertThatThrownBy(() -> Tensors.readFloats(shortList)).hasMessageContaining("holds 2 values, expected 3");
    }

    @Test
    void encodedImageIsOneStringOfBatchOne() {
        byte[] bytes = {1, 2, 3};
        assertThat(Tensors.readSingleString(Tensors.encodedImage(bytes))).containsExactly(bytes);
        TensorProto two = Tensors.encodedImage(bytes).toBuilder().addStringVal(ByteString.copyFrom(bytes))
                .setTensorShape(Tensors.shape(2)).build();
        assertThatThrownBy(() -> Tensors.readSingleString(two)).hasMessageContaining("batch size 1");
    }
}
