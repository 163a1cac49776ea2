package dev.halfday.app.gan;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.data.DatasetSpec;
import dev.halfday.engine.gan.data.FashionMnist;
import java.nio.file.Path;

/**
 * What the user picked in the dataset chooser.
 *
 * @param kind   which of the four sources
 * @param folder the folder for IDX and picture folders, else null
 */
record DatasetChoice(Kind kind, Path folder) {

    enum Kind {
        BUNDLED, INSTALLED, IDX, FOLDER
    }

    static final DatasetChoice BUNDLED = new DatasetChoice(Kind.BUNDLED, null);
    static final DatasetChoice INSTALLED = new DatasetChoice(Kind.INSTALLED, FashionMnist.DEBIAN_DIR);

    boolean ready() {
        return folder != null || kind == Kind.BUNDLED;
    }

    DatasetSpec toSpec() {
        return switch (kind) {
            case BUNDLED -> new DatasetSpec.FashionMnistSpec(true);
            case INSTALLED -> new DatasetSpec.IdxSpec(folder);
            case IDX -> new DatasetSpec.IdxSpec(folder);
            case FOLDER -> new DatasetSpec.FolderSpec(folder);
        };
    }

    Architecture architecture() {
        return kind == Kind.FOLDER ? Architecture.RGB_64 : Architecture.GREY_28;
    }

    /** For the settings file: "bundled", "installed", "idx:/path", "folder:/path". */
    String encode() {
        return switch (kind) {
            case BUNDLED -> "bundled";
            case INSTALLED -> "installed";
            case IDX -> "idx:" + folder;
            case FOLDER -> "folder:" + folder;
        };
    }

    static DatasetChoice decode(String text) {
        if (text == null) {
            return BUNDLED;
        }
        if (text.equals("installed") && FashionMnist.installed().isPresent()) {
            return INSTALLED;
        }
        if (text.startsWith("idx:") && text.length() > 4) {
            return new DatasetChoice(Kind.IDX, Path.of(text.substring(4)));
        }
        if (text.startsWith("folder:") && text.length() > 7) {
            return new DatasetChoice(Kind.FOLDER, Path.of(text.substring(7)));
        }
        return BUNDLED;
    }
}
