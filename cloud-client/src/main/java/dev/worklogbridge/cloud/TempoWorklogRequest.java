package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.WorklogContent;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * The body of a Tempo create or update. Serialised by hand so that what goes on the wire is exactly
 * what Tempo wants: a numeric issueId, {@code HH:mm:ss}, no time zone anywhere.
 */
public record TempoWorklogRequest(
    String authorAccountId,
    long issueId,
    LocalDate startDate,
    LocalTime startTime,
    long timeSpentSeconds,
    Long billableSeconds,
    String description,
    Long remainingEstimateSeconds,
    List<Attribute> attributes) {

  /** The body of {@code POST /4/worklogs}. */
  public ObjectNode createBody() {
    ObjectNode n = common();
    n.put("issueId", issueId);
    if (remainingEstimateSeconds != null) {
      n.put("remainingEstimateSeconds", remainingEstimateSeconds);
    }
    return n;
  }

  /** The body of {@code PUT /4/worklogs/{id}}: everything again (full replacement), no issueId. */
  public ObjectNode updateBody() {
    ObjectNode n = common();
    if (remainingEstimateSeconds != null) {
      n.put("remainingEstimateSeconds", remainingEstimateSeconds);
    }
    return n;
  }

  /**
   * An item of {@code POST /4/worklogs/issue/{issueId}/bulk}: no issueId, no remaining estimate.
   */
  public ObjectNode bulkItem() {
    return common();
  }

  private ObjectNode common() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("authorAccountId", authorAccountId);
    n.put("startDate", startDate.toString());
    n.put("startTime", hhmmss(startTime));
    n.put("timeSpentSeconds", timeSpentSeconds);
    if (billableSeconds != null) {
      n.put("billableSeconds", billableSeconds);
    }
    n.put("description", description == null ? "" : description);
    if (!attributes.isEmpty()) {
      ArrayNode a = n.putArray("attributes");
      attributes.forEach(attr -> a.addObject().put("key", attr.key()).put("value", attr.value()));
    }
    return n;
  }

  /** Always with seconds: {@code LocalTime.toString()} would drop them at :00. */
  public static String hhmmss(LocalTime t) {
    LocalTime time = t == null ? LocalTime.MIDNIGHT : t;
    return String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
  }

  /** The content this request will leave on the target (marker excluded), for hashing. */
  public WorklogContent content() {
    return new WorklogContent(
        authorAccountId,
        startDate,
        startTime,
        timeSpentSeconds,
        billableSeconds == null ? timeSpentSeconds : billableSeconds,
        description,
        WorklogContent.toMap(attributes));
  }
}
