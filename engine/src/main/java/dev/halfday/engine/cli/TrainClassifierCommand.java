package dev.halfday.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.fid.ClassifierTrainer;
import dev.halfday.engine.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the Fashion-MNIST classifier whose features FID is measured in, and writes it as a SavedModel with a
 * {@code model.json} stating its test accuracy. This is how {@code models/fashion-classifier/} was made.
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"Train the Fashion-MNIST classifier used for FID and write it as a SavedModel.",
                "The shipped model was made with: train-classifier --data idx:/usr/share/datasets/fashion-mnist "
                        + "--out models/fashion-classifier"})
public final class TrainClassifierCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "fashion-mnist|idx:DIR", defaultValue = "fashion-mnist",
            description = "Training and test images with labels: the full set if Debian's package is installed "
                    + "(else the bundled subset), or a folder with the four IDX files. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/fashion-classifier",
            description = "Where to write the SavedModel. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--epochs", defaultValue = "6", description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "100", description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", defaultValue = "7", description = "Seeds initialisation and shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        FashionMnist.Labelled train;
        FashionMnist.Labelled test;
        if (data.equals("fashion-mnist")) {
            var installed = FashionMnist.installed();
            train = installed.isPresent() ? FashionMnist.read(installed.get(), FashionMnist.Split.TRAIN)
                    : FashionMnist.bundledLabelled(FashionMnist.Split.TRAIN);
            test = installed.isPresent() ? FashionMnist.read(installed.get(), FashionMnist.Split.TEST)
                    : FashionMnist.bundledLabelled(FashionMnist.Split.TEST);
        } else if (data.startsWith("idx:")) {
            Path dir = Path.of(data.substring(4));
            train = FashionMnist.read(dir, FashionMnist.Split.TRAIN);
            test = FashionMnist.read(dir, FashionMnist.Split.TEST);
        } else {
            System.err.println("halfday: --data must be fashion-mnist or idx:DIR");
            return 2;
        }
        if (Files.exists(out.resolve("saved_model.pb"))) {
            System.err.println("halfday: " + out + " already holds a model; remove it first or pick another --out");
            return 2;
        }
        System.err.printf("training on %s (%d images), testing on %d images%n", train.images().description(),
                train.images().size(), test.images().size());
        ClassifierTrainer.Outcome outcome = ClassifierTrainer.train(train, test, out, epochs, batch, seed,
                System.err::println);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "Halfday Fashion-MNIST classifier (FID feature extractor)");
        info.put("architecture", "conv3x3-32, conv3x3-64/2, conv3x3-64/2 (ReLU) -> dense 128 ReLU (features) -> dense 10");
        info.put("input", "images [batch,28,28,1] float in [-1,1]");
        info.put("outputs", Map.of("features", "[batch,128]", "logits", "[batch,10]"));
        info.put("testAccuracy", outcome.testAccuracy());
        info.put("testImages", outcome.testImages());
        info.put("trainImages", outcome.trainImages());
        info.put("epochs", outcome.epochs());
        info.put("batch", batch);
        info.put("seed", seed);
        info.put("trainingSeconds", Math.round(outcome.seconds()));
        info.put("data", train.images().description());
        AtomicFiles.write(out.resolve("model.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(info));
        System.out.printf("classifier test_accuracy=%.4f test_images=%d train_images=%d epochs=%d seconds=%.0f%n",
                outcome.testAccuracy(), outcome.testImages(), outcome.trainImages(), outcome.epochs(), outcome.seconds());
        return 0;
    }
}
