package dev.worklogbridge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/** The v1 JSON Schema shipped in this jar, and validation against it. Thread-safe. */
public final class ReplicaEventSchema {

  /** Classpath location of the schema: the contract other teams can read. */
  public static final String RESOURCE = "/schemas/replica-event-v1.schema.json";

  private static final JsonSchema SCHEMA = load();

  private ReplicaEventSchema() {}

  private static JsonSchema load() {
    try (InputStream in = ReplicaEventSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every violation, with the JSON path of the offending value; empty when the event is valid. */
  public static List<Violation> validate(JsonNode event) {
    return SCHEMA.validate(event).stream()
        .map(ReplicaEventSchema::toViolation)
        .sorted(Comparator.comparing(Violation::path).thenComparing(Violation::message))
        .toList();
  }

  private static Violation toViolation(ValidationMessage message) {
    String path = message.getInstanceLocation().toString();
    String text = message.getMessage();
    // The library prefixes its messages with the path; keep the reason only.
    if (text.startsWith(path + ": ")) {
      text = text.substring(path.length() + 2);
    }
    return new Violation(path, text);
  }
}
