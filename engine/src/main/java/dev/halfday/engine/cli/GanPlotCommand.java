package dev.halfday.engine.cli;

import dev.halfday.engine.gan.train.CheckpointStore;
import dev.halfday.engine.gan.train.CurvePlot;
import dev.halfday.engine.gan.train.MetricsHistory;
import dev.halfday.engine.util.AtomicFiles;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code halfday gan-plot}: a run's FID curve or loss curves as a PNG, from its newest checkpoint. */
@Command(name = "gan-plot", mixinStandardHelpOptions = true,
        description = "Draw a GAN run's FID curve (or its smoothed loss curves) as a PNG, from its newest checkpoint.")
public final class GanPlotCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint, checkpoints/ or run folder.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "PNG file to write.")
    Path out;

    @Option(names = "--losses", description = "Plot D and G loss (smoothed 0.9) instead of FID.")
    boolean losses;

    @Option(names = "--floor", paramLabel = "FID", description = "Draw this real-vs-real FID as a flat reference line.")
    Double floor;

    @Override
    public Integer call() throws Exception {
        var opened = CheckpointOption.open(checkpoint);
        if (opened.isEmpty()) {
            return 2;
        }
        CheckpointStore.Checkpoint c = opened.get();
        MetricsHistory history = c.readHistory();
        CurvePlot plot;
        if (losses) {
            plot = new CurvePlot("GAN losses (smoothed)", "step", "loss");
            for (var m : List.of(MetricsHistory.Metric.D_LOSS, MetricsHistory.Metric.G_LOSS)) {
                MetricsHistory.Series s = history.series(m, 0.9, 800);
                plot.add(new CurvePlot.Curve(m == MetricsHistory.Metric.D_LOSS ? "D loss" : "G loss",
                        m == MetricsHistory.Metric.D_LOSS ? new Color(0x2f6fed) : new Color(0xe8590c),
                        s.steps(), s.values(), false));
            }
        } else {
            List<MetricsHistory.FidPoint> fid = history.fid();
            if (fid.isEmpty()) {
                System.err.println("halfday: this run has no FID measurements");
                return 1;
            }
            double[] xs = fid.stream().mapToDouble(MetricsHistory.FidPoint::step).toArray();
            double[] ys = fid.stream().mapToDouble(MetricsHistory.FidPoint::fid).toArray();
            plot = new CurvePlot("FID during training (lower is better)", "step", "FID");
            plot.add(new CurvePlot.Curve("generator vs test images", new Color(0x2f6fed), xs, ys, true));
            if (floor != null) {
                plot.add(new CurvePlot.Curve(String.format("real vs real (%.1f)", floor), new Color(0x2b8a3e),
                        new double[] {xs[0], xs[xs.length - 1]}, new double[] {floor, floor}, false));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(plot.render(800, 450), "png", png);
        AtomicFiles.write(out, png.toByteArray());
        System.out.printf("gan-plot step=%d out=%s%n", c.step(), out);
        return 0;
    }
}
