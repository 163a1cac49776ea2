package dev.halfday.app.bot;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * Demo mode's phone and chat: a Scan button for the QR code, a drop zone that posts an image into a simulated
 * group as a member, a sample photo, a text line, and the chat as the group sees it.
 */
final class DemoPanel {

    /** Files bigger than this are not read for the demo (the bot itself has its own limits). */
    private static final long MAX_DROP_BYTES = 30L * 1024 * 1024;

    private DemoPanel() {
    }

    static Node create(BotViewModel vm, AppContext ctx) {
        var i18n = ctx.i18n();
        Label title = new Label();
        title.textProperty().bind(i18n.text("bot.demo.title"));
        title.getStyleClass().add("section-title");

        Button scan = new Button();
        scan.setId("bot-scan");
        scan.textProperty().bind(i18n.text("bot.demo.scan"));
        scan.disableProperty().bind(vm.qrContentProperty().isNull());
        scan.setOnAction(e -> vm.scanDemo());

        ChoiceBox<String> group = new ChoiceBox<>();
        group.setId("bot-demo-group");
        group.getItems().setAll("Family", "Cat lovers", "Work");
        group.valueProperty().bindBidirectional(vm.demoGroupProperty());
        Label groupLabel = new Label();
        groupLabel.textProperty().bind(i18n.text("bot.demo.group"));

        var loggedIn = vm.phaseProperty().isEqualTo(BotViewModel.Phase.LOGGED_IN);
        Label drop = new Label();
        drop.textProperty().bind(i18n.text("bot.demo.drop"));
        drop.setWrapText(true);
        StackPane dropZone = new StackPane(drop);
        dropZone.setId("bot-drop");
        dropZone.getStyleClass().add("drop-zone");
        dropZone.setMinHeight(70);
        dropZone.setPadding(new Insets(8));
        dropZone.setStyle("-fx-border-color: -hd-border; -fx-border-style: dashed; -fx-border-width: 2; -fx-background-color: -hd-surface;");
        dropZone.disableProperty().bind(loggedIn.not());
        dropZone.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        dropZone.setOnDragDropped(e -> {
            boolean ok = false;
            if (e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty()) {
                File f = e.getDragboard().getFiles().get(0);
                ctx.background().files().execute(() -> postFile(vm, ctx, f));
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });

        Button sample = new Button();
        sample.setId("bot-send-sample");
        sample.textProperty().bind(i18n.text("bot.demo.sample"));
        sample.disableProperty().bind(loggedIn.not());
        sample.setOnAction(e -> {
            try (InputStream in = DemoPanel.class.getResourceAsStream("/halfday/resources/samples/chelsea.png")) {
                if (in != null) {
                    vm.postDemoImage(in.readAllBytes());
                }
            } catch (IOException ex) {
                ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.ERROR, ex.getMessage()));
            }
        });

        TextField text = new TextField();
        text.setId("bot-demo-text");
        text.promptTextProperty().bind(i18n.text("bot.demo.textPrompt"));
        CheckBox mention = new CheckBox();
        mention.textProperty().bind(i18n.text("bot.demo.mention"));
        mention.setSelected(true);
        Button send = new Button();
        send.textProperty().bind(i18n.text("bot.demo.send"));
        send.disableProperty().bind(loggedIn.not());
        send.setOnAction(e -> {
            vm.postDemoText(text.getText(), mention.isSelected());
            text.clear();
        });
        text.setOnAction(e -> send.fire());
        HBox.setHgrow(text, Priority.ALWAYS);

        ListView<ChatLine> chat = new ListView<>(vm.chat());
        chat.setId("bot-chat");
        chat.setCellFactory(l -> new ChatCell());
        vm.chat().addListener((javafx.collections.ListChangeListener<ChatLine>) c -> chat.scrollTo(vm.chat().size() - 1));
        VBox.setVgrow(chat, Priority.ALWAYS);

        VBox box = new VBox(8, title, scan, new HBox(6, groupLabel, group), dropZone, sample,
                new HBox(6, text, mention, send), chat);
        box.setPadding(new Insets(8));
        box.setPrefWidth(330);
        box.setAlignment(Pos.TOP_LEFT);
        box.setId("bot-demo-panel");
        return box;
    }

    private static void postFile(BotViewModel vm, AppContext ctx, File f) {
        try {
            if (Files.size(f.toPath()) > MAX_DROP_BYTES) {
                throw new IOException(f.getName() + " is larger than 30 MB");
            }
            byte[] bytes = Files.readAllBytes(f.toPath());
            Platform.runLater(() -> vm.postDemoImage(bytes));
        } catch (IOException e) {
            ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.ERROR, e.getMessage()));
        }
    }

    /** "You: [image]" / "Halfday Bot: Found 1 object: cat 52%", images shown small. */
    private static final class ChatCell extends ListCell<ChatLine> {
        private final ImageView view = new ImageView();

        @Override
        protected void updateItem(ChatLine line, boolean empty) {
            super.updateItem(line, empty);
            view.imageProperty().unbind();
            if (empty || line == null) {
                setText(null);
                setGraphic(null);
                view.setImage(null);
                return;
            }
            setText(line.who() + ": " + line.text());
            setStyle(line.fromBot() ? "-fx-font-weight: bold;" : "");
            if (line.hasImage()) {
                // Decoded in the background: the thumbnail appears when it is ready.
                view.imageProperty().bind(line.thumbnailProperty());
                setGraphic(view);
            } else {
                view.setImage(null);
                setGraphic(null);
            }
            setWrapText(true);
            setPrefWidth(0);
        }
    }
}
