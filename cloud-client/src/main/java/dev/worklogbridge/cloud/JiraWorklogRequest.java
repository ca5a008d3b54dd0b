package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;

/**
 * A native Jira worklog write ({@code POST|PUT /issue/{id}/worklog}) for a site without Tempo:
 * {@code started} as the wall clock at offset zero (no time zone conversion anywhere), the time
 * spent, a plain-text comment sent as ADF, the remaining estimate to set (or left alone when null),
 * and entity properties stored with the worklog in the same call.
 */
public record JiraWorklogRequest(
    LocalDate startDate,
    LocalTime startTime,
    long timeSpentSeconds,
    String comment,
    Long newEstimateSeconds,
    Map<String, JsonNode> properties) {

  /** Jira's date-time format, {@code 2026-01-17T12:34:00.000+0000}: written and read here only. */
  static final java.time.format.DateTimeFormatter STARTED =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  /** Jira's {@code started}: {@code 2026-01-17T12:34:00.000+0000}. */
  public String started() {
    return startDate + "T" + TempoWorklogRequest.hhmmss(startTime) + ".000+0000";
  }

  /**
   * The query string: the answer with its properties, and {@code adjustEstimate=new&newEstimate=Nm}
   * when an estimate is carried, else {@code adjustEstimate=leave} (the source already moved its
   * own estimate; the target's stays as its people set it).
   */
  public String query() {
    return "expand=properties&adjustEstimate="
        + adjustEstimate()
        + (newEstimate() == null ? "" : "&newEstimate=" + newEstimate());
  }

  /** {@code new} when an estimate is carried, else {@code leave}. */
  public String adjustEstimate() {
    return newEstimateSeconds == null ? "leave" : "new";
  }

  /** The remaining estimate to set, in Jira's duration form ({@code 90m}); null when none. */
  public String newEstimate() {
    return newEstimateSeconds == null ? null : Math.max(0, newEstimateSeconds / 60) + "m";
  }

  public ObjectNode body() {
    ObjectNode body = TempoClient.JSON.createObjectNode();
    body.put("started", started());
    body.put("timeSpentSeconds", timeSpentSeconds);
    ObjectNode doc = body.putObject("comment").put("type", "doc").put("version", 1);
    doc.putArray("content")
        .addObject()
        .put("type", "paragraph")
        .putArray("content")
        .addObject()
        .put("type", "text")
        .put("text", comment == null || comment.isEmpty() ? " " : comment);
    if (!properties.isEmpty()) {
      var props = body.putArray("properties");
      properties.forEach((k, v) -> props.addObject().put("key", k).set("value", v));
    }
    return body;
  }
}
