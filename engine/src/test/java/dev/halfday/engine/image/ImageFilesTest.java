package dev.halfday.engine.image;

import dev.halfday.engine.testing.UnreadableFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as an image file, and how given paths expand — shared by the CLI and the app. */
class ImageFilesTest {

    @Test
    void imageNamesAreTheDecodersFormatsInAnyCaseAndNotHidden() {
        assertThat(List.of("a.png", "b.JPG", "c.jpeg", "d.gif", "e.bmp", "f.tif", "g.TIFF"))
                .allSatisfy(n -> assertThat(ImageFiles.isImageName(Path.of("x", n))).as(n).isTrue());
        assertThat(List.of("a.txt", "b.webp", ".hidden.png", "png", "noext"))
                .allSatisfy(n -> assertThat(ImageFiles.isImageName(Path.of("x", n))).as(n).isFalse());
    }

    @Test
    void foldersAreSearchedRecursivelySortedAndWithoutHiddenOnesWhileNamedFilesStay(@TempDir Path tmp) throws Exception {
        Path photos = tmp.resolve("photos");
        Files.createDirectories(photos.resolve("b-nested"));
        Files.createDirectories(photos.resolve(".thumbnails"));
        Files.writeString(photos.resolve("c.png"), "x");
        Files.writeString(photos.resolve("a.JPG"), "x");
        Files.writeString(photos.resolve("notes.txt"), "x");
        Files.writeString(photos.resolve("b-nested").resolve("z.gif"), "x");
        Files.writeString(photos.resolve(".thumbnails").resolve("t.png"), "x");
        Path named = Files.writeString(tmp.resolve("named.txt"), "given by name: kept");
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        ImageFiles.Expansion e = ImageFiles.expand(List.of(named, photos, empty, photos.resolve("c.png")));

        assertThat(e.files()).containsExactly(named, photos.resolve("a.JPG"), photos.resolve("b-nested").resolve("z.gif"),
                photos.resolve("c.png"));
        assertThat(e.unreadable()).isEmpty();
        assertThat(e.foldersWithoutImages()).containsExactly(empty);
        assertThat(ImageFiles.expand(List.of(empty)).isEmpty()).isTrue();
    }

    @Test
    void anUnreadableSubfolderIsReportedAndTheRestIsStillSearched() throws Exception {
        Path photos = Files.createDirectories(Path.of("target", "image-files-" + System.nanoTime()));
        Files.writeString(photos.resolve("a.png"), "x");
        Files.createDirectories(photos.resolve("z")).resolve("z.png");
        Files.writeString(photos.resolve("z").resolve("z.png"), "x");
        try (UnreadableFolder locked = UnreadableFolder.inside(photos, "m-locked")) {
            ImageFiles.Expansion e = ImageFiles.expand(List.of(photos));

            assertThat(e.files()).containsExactly(photos.resolve("a.png"), photos.resolve("z").resolve("z.png"));
            assertThat(e.unreadable()).hasSize(1);
            assertThat(e.unreadable().get(0).path().startsWith(locked.path())).isTrue();
            assertThat(e.unreadable().get(0).reason()).isEqualTo("cannot read this folder: File name too long");
        }
    }
}
