package dev.halfday.engine.gan.train;

import dev.halfday.engine.util.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes sample grids as an animated GIF that loops: the evolution of a run, one frame per grid, each stamped
 * with its step. Uses the JDK's own GIF writer (no extra library); the file is written atomically.
 */
public final class GridAnimation {

    private static final int LABEL_HEIGHT = 22;

    private GridAnimation() {
    }

    /**
     * @param grids       in the order to play them
     * @param frameMillis how long each frame shows (the last one shows three times as long)
     */
    public static void writeGif(List<SampleGrid> grids, int scale, int frameMillis, Path target) throws IOException {
        if (grids.isEmpty()) {
            throw new IllegalArgumentException("no grids to animate");
        }
        AtomicFiles.write(target, out -> write(grids, scale, frameMillis, out));
    }

    private static void write(List<SampleGrid> grids, int scale, int frameMillis, OutputStream target) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no GIF writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(target)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < grids.size(); i++) {
                BufferedImage frame = labelled(grids.get(i), scale);
                int delay = i == grids.size() - 1 ? frameMillis * 3 : frameMillis;
                IIOMetadata metadata = frameMetadata(writer, frame, delay, i == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** The grid with "step N" written under it. */
    static BufferedImage labelled(SampleGrid grid, int scale) {
        BufferedImage image = grid.toImage(scale);
        BufferedImage frame = new BufferedImage(image.getWidth(), image.getHeight() + LABEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        try {
            g.setColor(new Color(0x202020));
            g.fillRect(0, 0, frame.getWidth(), frame.getHeight());
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0xe0e0e0));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString("step " + grid.step(), 6, image.getHeight() + 16);
        } finally {
            g.dispose();
        }
        return frame;
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage frame, int delayMillis, boolean first)
            throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            extensions.appendChild(loop);
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
