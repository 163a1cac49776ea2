package dev.halfday.app.gan;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.shell.Page;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/**
 * The GAN tab: train a DCGAN and watch it learn. The view-model (and with it the look for a previous run to
 * continue) is created when the page is first shown; closing the window stops training after writing a final
 * checkpoint.
 */
public final class GanPage implements Page {

    public static final String BUNDLE = "dev.halfday.app.gan.messages";

    private final AppContext ctx;
    private GanViewModel viewModel;

    public GanPage(AppContext ctx) {
        this.ctx = ctx;
        ctx.i18n().addBundle(BUNDLE);
    }

    @Override
    public String id() {
        return "gan";
    }

    @Override
    public ObservableValue<String> title() {
        return ctx.i18n().text("page.gan.title");
    }

    @Override
    public Node view() {
        return new GanView(ctx, viewModel()).node();
    }

    @Override
    public ObservableValue<String> statusText() {
        return viewModel().statusProperty();
    }

    /** The page's view-model (created on first use, on the FX thread). */
    public GanViewModel viewModel() {
        if (viewModel == null) {
            viewModel = new GanViewModel(ctx);
        }
        return viewModel;
    }

    @Override
    public void dispose() {
        if (viewModel != null) {
            viewModel.close();
        }
    }
}
