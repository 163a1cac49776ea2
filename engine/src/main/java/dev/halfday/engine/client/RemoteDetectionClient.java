package dev.halfday.engine.client;

import com.google.protobuf.ByteString;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.proto.halfday.v1.DetectRequest;
import dev.halfday.engine.proto.halfday.v1.DetectResponse;
import dev.halfday.engine.proto.halfday.v1.DetectionGrpc;
import dev.halfday.engine.proto.halfday.v1.ListModelsRequest;
import dev.halfday.engine.proto.halfday.v1.ModelDescription;
import dev.halfday.engine.serve.DetectionMessages;

import java.util.List;

/**
 * A {@link DetectionClient} backed by a Halfday server ({@code halfday.v1.Detection/Detect}). The image travels
 * encoded; the server decodes it, runs its default model and applies the threshold. The server's own NMS and
 * detection limit apply; {@code maxDetections} is also enforced here.
 */
public final class RemoteDetectionClient implements DetectionClient {

    private final RemoteChannel remote;
    private final String target;
    private final DetectionGrpc.DetectionBlockingStub stub;

    public RemoteDetectionClient(String host, int port, RemoteOptions options) {
        this.target = new BackendSpec.Halfday(host, port).toString();
        this.remote = new RemoteChannel(host, port, options, "the Halfday server at " + target);
        this.stub = DetectionGrpc.newBlockingStub(remote.channel());
    }

    @Override
    public DetectionResult detect(byte[] encodedImage, DetectOptions options) throws DetectionException {
        DetectRequest request = DetectRequest.newBuilder()
                .setImage(ByteString.copyFrom(encodedImage))
                .setThreshold(options.minScore())
                .build();
        DetectResponse response = remote.call(deadline -> stub.withDeadline(deadline).detect(request));
        DetectionResult result = DetectionMessages.fromProto(response);
        if (result.detections().size() > options.maxDetections()) {
            result = new DetectionResult(result.width(), result.height(),
                    result.detections().subList(0, options.maxDetections()), result.timing(), result.model());
        }
        return result;
    }

    /** The server's models, the default first. */
    public List<ModelDescription> listModels() throws DetectionException {
        return remote.call(deadline -> stub.withDeadline(deadline).listModels(ListModelsRequest.getDefaultInstance()))
                .getModelsList();
    }

    @Override
    public String describe() {
        return "halfday " + target;
    }

    @Override
    public void close() {
        remote.close();
    }
}
