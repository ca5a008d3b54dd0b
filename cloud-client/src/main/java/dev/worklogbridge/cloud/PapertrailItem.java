package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reads one item of Tempo's papertrail of deleted worklogs. Its schema is not documented (shown as
 * {@code {}}), so the worklog id is looked for under the names it is likely to have, the deletion
 * time likewise and may be missing; an item with no id is skipped, and the first unknown shape is
 * logged once (its field names, never its values).
 */
final class PapertrailItem {

  private static final Logger LOG = Logger.getLogger(PapertrailItem.class);
  private static final AtomicBoolean UNKNOWN_SHAPE_LOGGED = new AtomicBoolean();
  private static final String[] ID_FIELDS = {"tempoWorklogId", "worklogId", "entityId", "id"};
  private static final String[] TIME_FIELDS = {"deletedAt", "updatedAt", "timestamp", "createdAt"};

  private PapertrailItem() {}

  static Optional<DeletedWorklogEvent> read(JsonNode item) {
    Long id = id(item);
    if (id == null && item.path("worklog").isObject()) {
      id = id(item.get("worklog"));
    }
    if (id == null) {
      if (UNKNOWN_SHAPE_LOGGED.compareAndSet(false, true)) {
        java.util.List<String> names = new java.util.ArrayList<>();
        item.fieldNames().forEachRemaining(names::add);
        LOG.warnf(
            "A papertrail item of an unknown shape (fields %s) was skipped; further ones are"
                + " skipped silently",
            names);
      }
      return Optional.empty();
    }
    return Optional.of(new DeletedWorklogEvent(id, time(item)));
  }

  private static Long id(JsonNode n) {
    for (String f : ID_FIELDS) {
      JsonNode v = n.get(f);
      if (v != null && (v.isIntegralNumber() || (v.isTextual() && v.asText().matches("\\d+")))) {
        return v.asLong();
      }
    }
    return null;
  }

  private static Instant time(JsonNode n) {
    for (String f : TIME_FIELDS) {
      JsonNode v = n.get(f);
      if (v == null || v.isNull()) {
        continue;
      }
      try {
        return v.isIntegralNumber() ? Instant.ofEpochMilli(v.asLong()) : Instant.parse(v.asText());
      } catch (DateTimeParseException e) {
        // try the next name
      }
    }
    return null;
  }
}
