package dev.worklogbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;

/**
 * Serde of replica events: JSON validated against the v1 schema both ways. Encoding an invalid
 * event is a bug and throws; decoding one yields an {@link InvalidEventException} naming the paths.
 */
public final class ReplicaEventCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private ReplicaEventCodec() {}

  /** The mapper the codec uses (configured for wall-clock dates and ISO instants). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(ReplicaEvent event) {
    JsonNode tree = MAPPER.valueToTree(event);
    List<Violation> violations = ReplicaEventSchema.validate(tree);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          "refusing to publish an event that breaks the schema: "
              + new InvalidEventException(violations).getMessage());
    }
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  public static ReplicaEvent decode(byte[] bytes) throws InvalidEventException {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidEventException(List.of(new Violation("$", "empty record value")));
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new InvalidEventException(List.of(new Violation("$", "not JSON: " + firstLine(e))));
    }
    List<Violation> violations = ReplicaEventSchema.validate(tree);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(violations);
    }
    try {
      return MAPPER.treeToValue(tree, ReplicaEvent.class);
    } catch (IOException | IllegalArgumentException e) {
      // The schema and the records disagree: report it like any other invalid event.
      throw new InvalidEventException(List.of(new Violation("$", firstLine(e))));
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
