package dev.halfday.engine.cli;

import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.serve.DetectionServer;
import dev.halfday.engine.serve.ServeOptions;
import dev.halfday.engine.serve.ServeToken;
import dev.halfday.engine.serve.ServedModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code halfday serve}: the detection service on a gRPC port until stopped (Ctrl-C or SIGTERM finish the
 * requests already received, then exit). Prints one line on stdout once listening: {@code listening on HOST:PORT}.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
                "Serve object detection over gRPC: halfday.v1.Detection (Detect, DetectStream, ListModels) and "
                        + "TensorFlow Serving's PredictionService (Predict, GetModelMetadata; the default model is "
                        + "'detector'), with gRPC health checking and server reflection.",
                "Listens on loopback only unless --bind says otherwise; other addresses need a token."})
public final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "50051", converter = PortConverter.class, description = "TCP port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = ServeOptions.LOOPBACK,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this computer only); 0.0.0.0 for every interface.")
    String bind;

    @Option(names = "--max-inflight", description = "Detections running at once. Default: one per core.")
    Integer maxInflight;

    @Option(names = "--queue", defaultValue = "64",
            description = "Requests that may wait for a free worker; more are refused with RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--max-message-mib", defaultValue = "16",
            description = "Largest request in MiB; larger ones are refused with RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}.")
    int maxMessageMib;

    @Option(names = "--token-file",
            description = "File whose first line is the shared secret clients must send (metadata 'authorization: Bearer <token>'). "
                    + "Default: the HALFDAY_TOKEN environment variable, if set.")
    Path tokenFile;

    @Option(names = "--insecure-no-token",
            description = "Allow a non-loopback --bind without a token: anyone who can reach the port can use it.")
    boolean insecureNoToken;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Also serve this model folder (TF.js graph model or Object Detection API SavedModel), under its folder name. Repeatable.")
    List<Path> extraModels = new ArrayList<>();

    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ServeOptions options = options();
        if (!options.isLoopback() && options.token().isEmpty() && !options.allowRemoteWithoutToken()) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " lets other computers use this "
                    + "server: give it a token (--token-file FILE or HALFDAY_TOKEN), or waive that with --insecure-no-token");
        }
        for (Path dir : extraModels) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--model " + dir + ": "
                        + (Files.exists(dir) ? "not a folder" : "no such folder"));
            }
        }
        List<Detector> loaded = new ArrayList<>();
        try {
            System.err.println("loading the detection model...");
            loaded.add(Detectors.loadDefault());
            for (Path dir : extraModels) {
                loaded.add(Detectors.load(dir));
            }
            ServedModels models = ServedModels.of(loaded.get(0), loaded.subList(1, loaded.size()).toArray(Detector[]::new));
            DetectionServer server;
            try {
                server = DetectionServer.start(models, options);
            } catch (IOException e) {
                System.err.println("halfday serve: " + e.getMessage());
                return 1;
            }
            Thread hook = new Thread(() -> {
                System.err.println("stopping: finishing the requests already received...");
                server.shutdown();
                awaitQuietly(cleanedUp);
            }, "halfday-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("listening on " + server.target());
            System.out.flush();
            System.err.println("serving " + models.describeNames() + " on " + server.target()
                    + (options.token().isPresent() ? " (token required)" : "") + "; Ctrl-C stops");
            server.awaitTermination();
            return 0;
        } finally {
            for (Detector d : loaded) {
                try {
                    d.close();
                } catch (RuntimeException e) {
                    log.debug("closing {}", d, e);
                }
            }
            cleanedUp.countDown();
        }
    }

    /** The JVM exits once shutdown hooks return: give the main thread time to free the models first. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ServeOptions options() {
        Optional<String> token;
        try {
            try {
                token = ServeToken.resolve(tokenFile, System.getenv(ServeToken.ENV));
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(),
                        "cannot read the token file " + tokenFile + ": " + CliErrors.reason(e));
            }
            ServeOptions options = ServeOptions.defaults()
                    .withBind(bind)
                    .withPort(port)
                    .withQueueCapacity(queue)
                    .withMaxMessageBytes(Math.multiplyExact(maxMessageMib, 1024 * 1024))
                    .withToken(token.orElse(null))
                    .withAllowRemoteWithoutToken(insecureNoToken);
            return maxInflight == null ? options : options.withMaxInflight(maxInflight);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
