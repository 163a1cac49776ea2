package dev.halfday.engine.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.halfday.engine.proto.tensorflow.DataType;
import dev.halfday.engine.proto.tensorflow.SignatureDef;
import dev.halfday.engine.proto.tensorflow.TensorInfo;
import dev.halfday.engine.proto.tensorflow.TensorProto;
import dev.halfday.engine.proto.tensorflow.TensorShapeProto;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our copies of TensorFlow's protos must mean the same bytes as TensorFlow's own. TF Java ships TensorFlow's
 * generated classes (org.tensorflow.proto), built from the real .proto files: compare against those, field by
 * field, and round-trip real bytes through both.
 */
class WireCompatibilityTest {

    @Test
    void everyFieldWeDeclareHasTensorFlowsNumberNameAndType() {
        assertSameFields(TensorProto.getDescriptor(), org.tensorflow.proto.TensorProto.getDescriptor());
        assertSameFields(TensorShapeProto.getDescriptor(), org.tensorflow.proto.TensorShapeProto.getDescriptor());
        assertSameFields(TensorShapeProto.Dim.getDescriptor(), org.tensorflow.proto.TensorShapeProto.Dim.getDescriptor());
        assertSameFields(TensorInfo.getDescriptor(), org.tensorflow.proto.TensorInfo.getDescriptor());
        assertSameFields(SignatureDef.getDescriptor(), org.tensorflow.proto.SignatureDef.getDescriptor());
    }

    @Test
    void dataTypeNumbersMatchTensorFlow() {
        EnumDescriptor ours = DataType.getDescriptor();
        EnumDescriptor theirs = org.tensorflow.proto.DataType.getDescriptor();
        for (EnumValueDescriptor v : ours.getValues()) {
            assertThat(theirs.findValueByName(v.getName())).as(v.getName()).isNotNull();
            assertThat(theirs.findValueByName(v.getName()).getNumber()).as(v.getName()).isEqualTo(v.getNumber());
        }
        assertThat(ours.getFile().getName()).isEqualTo(theirs.getFile().getName());
        assertThat(ours.getFullName()).isEqualTo(theirs.getFullName());
    }

    @Test
    void tensorBytesRoundTripThroughTensorFlowsOwnClasses() throws Exception {
        TensorProto ours = TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(Tensors.shape(1, 3))
                .addFloatVal(0.25f).addFloatVal(0.5f).addFloatVal(1f)
                .build();
        org.tensorflow.proto.TensorProto theirs = org.tensorflow.proto.TensorProto.parseFrom(ours.toByteArray());
        assertThat(theirs.getDtype()).isEqualTo(org.tensorflow.proto.DataType.DT_FLOAT);
        assertThat(theirs.getTensorShape().getDimList()).extracting(d -> d.getSize()).containsExactly(1L, 3L);
        assertThat(theirs.getFloatValList()).containsExactly(0.25f, 0.5f, 1f);

        org.tensorflow.proto.TensorProto image = org.tensorflow.proto.TensorProto.newBuilder()
                .setDtype(org.tensorflow.proto.DataType.DT_STRING)
                .setTensorShape(org.tensorflow.proto.TensorShapeProto.newBuilder()
                        .addDim(org.tensorflow.proto.TensorShapeProto.Dim.newBuilder().setSize(1)))
                .addStringVal(ByteString.copyFromUtf8("png bytes"))
                .build();
        TensorProto back = TensorProto.parseFrom(image.toByteArray());
        assertThat(back.getDtype()).isEqualTo(DataType.DT_STRING);
        assertThat(Tensors.readSingleString(back)).asString().isEqualTo("png bytes");
        assertThat(back.getUnknownFields().asMap()).isEmpty();
    }

    @Test
    void signatureDefRoundTripsThroughTensorFlowsOwnClasses() throws Exception {
        SignatureDef ours = OdApiSignature.signatureDef("");
        org.tensorflow.proto.SignatureDef theirs = org.tensorflow.proto.SignatureDef.parseFrom(ours.toByteArray());
        assertThat(theirs.getMethodName()).isEqualTo("tensorflow/serving/predict");
        assertThat(theirs.getInputsMap().get("input_tensor").getDtype()).isEqualTo(org.tensorflow.proto.DataType.DT_UINT8);
        assertThat(theirs.getOutputsMap().keySet())
                .containsExactlyInAnyOrder("detection_boxes", "detection_scores", "detection_classes", "num_detections");
        assertThat(SignatureDef.parseFrom(theirs.toByteArray())).isEqualTo(ours);
    }

    private static void assertSameFields(Descriptor ours, Descriptor theirs) {
        assertThat(ours.getFullName()).isEqualTo(theirs.getFullName());
        assertThat(ours.getFile().getName()).isEqualTo(theirs.getFile().getName());
        List<FieldDescriptor> fields = ours.getFields();
        assertThat(fields).isNotEmpty();
        for (FieldDescriptor f : fields) {
            FieldDescriptor t = theirs.findFieldByNumber(f.getNumber());
            assertThat(t).as(ours.getName() + "." + f.getName()).isNotNull();
            assertThat(t.getName()).as(ours.getName() + " #" + f.getNumber()).isEqualTo(f.getName());
            assertThat(t.getType()).as(ours.getName() + "." + f.getName()).isEqualTo(f.getType());
            assertThat(t.isRepeated()).as(ours.getName() + "." + f.getName()).isEqualTo(f.isRepeated());
            assertThat(t.isPacked()).as(ours.getName() + "." + f.getName()).isEqualTo(f.isPacked());
        }
    }
}
