package dev.halfday.app.bot;

import dev.halfday.app.common.I18n;
import dev.halfday.engine.bot.HandledMessage;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;

import java.io.ByteArrayInputStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** The live table of handled images: time, group, sender, thumbnail, detections, latency, result. */
final class HandledTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private HandledTable() {
    }

    static TableView<HandledMessage> create(BotViewModel vm, I18n i18n) {
        TableView<HandledMessage> table = new TableView<>(vm.handled());
        table.setId("bot-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new javafx.scene.control.Label());
        ((javafx.scene.control.Label) table.getPlaceholder()).textProperty().bind(i18n.text("bot.table.empty"));

        table.getColumns().add(column(i18n, "bot.col.time", 70,
                m -> TIME.format(LocalTime.ofInstant(m.time(), ZoneId.systemDefault()))));
        table.getColumns().add(column(i18n, "bot.col.group", 110, HandledMessage::chatName));
        table.getColumns().add(column(i18n, "bot.col.sender", 90, HandledMessage::senderName));

        TableColumn<HandledMessage, HandledMessage> thumb = new TableColumn<>();
        thumb.textProperty().bind(i18n.text("bot.col.image"));
        thumb.setPrefWidth(80);
        thumb.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        thumb.setCellFactory(c -> new TableCell<>() {
            private final ImageView view = new ImageView();

            @Override
            protected void updateItem(HandledMessage m, boolean empty) {
                super.updateItem(m, empty);
                if (empty || m == null || m.thumbnail() == null) {
                    setGraphic(null);
                } else {
                    view.setImage(new Image(new ByteArrayInputStream(m.thumbnail()), 64, 64, true, true));
                    setGraphic(view);
                }
            }
        });
        table.getColumns().add(thumb);

        table.getColumns().add(column(i18n, "bot.col.detections", 200, m -> m.detections().stream()
                .map(d -> d.label(i18n.language()) + " " + Math.round(d.score() * 100) + "%")
                .collect(Collectors.joining(", "))));
        table.getColumns().add(column(i18n, "bot.col.latency", 80,
                m -> String.format(Locale.ROOT, "%.0f ms", m.latencyMs())));
        TableColumn<HandledMessage, String> result = column(i18n, "bot.col.result", 120,
                m -> i18n.get("bot.result." + m.result().name().toLowerCase(Locale.ROOT)));
        table.getColumns().add(result);
        return table;
    }

    private static TableColumn<HandledMessage, String> column(I18n i18n, String key, double width,
                                                              java.util.function.Function<HandledMessage, String> value) {
        TableColumn<HandledMessage, String> c = new TableColumn<>();
        c.textProperty().bind(i18n.text(key));
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }
}
