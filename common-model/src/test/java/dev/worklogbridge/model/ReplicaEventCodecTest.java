package dev.worklogbridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicaEventCodecTest {

  private static ObjectNode tree(ReplicaEvent event) {
    return (ObjectNode) ReplicaEventCodec.mapper().valueToTree(event);
  }

  private static byte[] bytes(JsonNode node) throws Exception {
    return ReplicaEventCodec.mapper().writeValueAsBytes(node);
  }

  private static InvalidEventException rejectionOf(Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode node = tree(SampleEvents.created());
    breakIt.accept(node);
    byte[] bytes = bytes(node);
    try {
      ReplicaEventCodec.decode(bytes);
    } catch (InvalidEventException e) {
      return e;
    }
    throw new AssertionError("the codec accepted " + node);
  }

  @Test
  void createdEventSurvivesARoundTrip() throws Exception {
    ReplicaEvent event = SampleEvents.created();
    assertThat(ReplicaEventCodec.decode(ReplicaEventCodec.encode(event))).isEqualTo(event);
  }

  @Test
  void bareDeleteSurvivesARoundTrip() throws Exception {
    ReplicaEvent event = SampleEvents.deleted();
    assertThat(ReplicaEventCodec.decode(ReplicaEventCodec.encode(event))).isEqualTo(event);
  }

  @Test
  void midnightStartTimeKeepsItsSecondsOnTheWire() {
    ReplicaEvent event = SampleEvents.created();
    WorklogState w = event.worklog();
    WorklogState midnight =
        new WorklogState(
            w.startDate(),
            LocalTime.MIDNIGHT,
            w.timeSpentSeconds(),
            w.billableSeconds(),
            w.description(),
            w.remainingEstimateSeconds(),
            w.attributes(),
            w.createdAt(),
            w.updatedAt());
    String json =
        new String(ReplicaEventCodec.encode(withWorklog(event, midnight)), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"startTime\":\"00:00:00\"")
        .contains("\"startDate\":\"2026-08-24\"");
  }

  @Test
  void wireFormatUsesLowercaseTypeAndNumericIds() {
    JsonNode node = tree(SampleEvents.created());
    assertThat(node.get("type").asText()).isEqualTo("created");
    assertThat(node.get("issue").get("id").isIntegralNumber()).isTrue();
    assertThat(node.get("source").get("tempoWorklogId").isIntegralNumber()).isTrue();
  }

  @Test
  void rejectsAMissingEventId() throws Exception {
    InvalidEventException e = rejectionOf(n -> n.remove("eventId"));
    assertThat(e.getMessage()).contains("eventId");
  }

  @Test
  void rejectsACreateWithoutWorklog() throws Exception {
    InvalidEventException e = rejectionOf(n -> n.remove("worklog"));
    assertThat(e.getMessage()).contains("worklog");
  }

  @Test
  void rejectsAWrongTypeForTimeSpent() throws Exception {
    InvalidEventException e =
        rejectionOf(n -> ((ObjectNode) n.get("worklog")).put("timeSpentSeconds", "3600"));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.worklog.timeSpentSeconds"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9:00", "09:00", "9:00:00", "24:00:00", "09:60:00", "4pm"})
  void rejectsStartTimesThatAreNotHhMmSs(String startTime) throws Exception {
    InvalidEventException e =
        rejectionOf(n -> ((ObjectNode) n.get("worklog")).put("startTime", startTime));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.worklog.startTime"));
  }

  @Test
  void rejectsAStringIssueId() throws Exception {
    InvalidEventException e = rejectionOf(n -> ((ObjectNode) n.get("issue")).put("id", "10001"));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.issue.id"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 99})
  void rejectsAnUnknownSchemaVersion(int version) throws Exception {
    InvalidEventException e = rejectionOf(n -> n.put("schemaVersion", version));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.schemaVersion"));
  }

  @Test
  void rejectsAnUnknownType() throws Exception {
    InvalidEventException e = rejectionOf(n -> n.put("type", "moved"));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.type"));
  }

  @Test
  void rejectsAnUnknownProperty() throws Exception {
    InvalidEventException e = rejectionOf(n -> n.put("jiraKey", "ESC-1"));
    assertThat(e.getMessage()).contains("jiraKey");
  }

  @Test
  void rejectsAStartDateWithATimeZone() throws Exception {
    InvalidEventException e =
        rejectionOf(n -> ((ObjectNode) n.get("worklog")).put("startDate", "2026-08-24T00:00Z"));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.worklog.startDate"));
  }

  @Test
  void rejectsAConnectionNameThatIsNotATopicName() throws Exception {
    InvalidEventException e = rejectionOf(n -> n.put("connection", "Acme Corp"));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.connection"));
  }

  @Test
  void rejectsZeroTimeSpent() throws Exception {
    InvalidEventException e =
        rejectionOf(n -> ((ObjectNode) n.get("worklog")).put("timeSpentSeconds", 0));
    assertThat(e.violations()).anyMatch(v -> v.path().equals("$.worklog.timeSpentSeconds"));
  }

  @Test
  void reportsEveryViolationNotJustTheFirst() throws Exception {
    InvalidEventException e =
        rejectionOf(
            n -> {
              n.put("schemaVersion", 7);
              ((ObjectNode) n.get("issue")).put("id", "x");
            });
    assertThat(e.violations())
        .extracting(Violation::path)
        .contains("$.schemaVersion", "$.issue.id");
  }

  @Test
  void rejectsBytesThatAreNotJson() {
    assertThatThrownBy(() -> ReplicaEventCodec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("$: not JSON");
  }

  @Test
  void rejectsAnEmptyValue() {
    assertThatThrownBy(() -> ReplicaEventCodec.decode(new byte[0]))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void refusesToEncodeAnInvalidEvent() {
    ReplicaEvent valid = SampleEvents.created();
    ReplicaEvent noWorklog =
        new ReplicaEvent(
            valid.schemaVersion(),
            valid.eventId(),
            EventType.UPDATED,
            valid.connection(),
            valid.lineage(),
            valid.source(),
            valid.sourceVersion(),
            valid.occurredAt(),
            valid.issue(),
            valid.author(),
            null,
            valid.contentHash());
    assertThatThrownBy(() -> ReplicaEventCodec.encode(noWorklog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worklog");
  }

  @Test
  void schemaFileShipsInTheJar() {
    assertThat(ReplicaEventSchema.class.getResource(ReplicaEventSchema.RESOURCE)).isNotNull();
  }

  static ReplicaEvent withWorklog(ReplicaEvent e, WorklogState worklog) {
    return new ReplicaEvent(
        e.schemaVersion(),
        e.eventId(),
        e.type(),
        e.connection(),
        e.lineage(),
        e.source(),
        e.sourceVersion(),
        e.occurredAt(),
        e.issue(),
        e.author(),
        worklog,
        WorklogContent.of(e.author().accountId(), worklog).hash());
  }

  static List<Attribute> attrs(String... kv) {
    java.util.ArrayList<Attribute> list = new java.util.ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      list.add(new Attribute(kv[i], kv[i + 1]));
    }
    return list;
  }
}
