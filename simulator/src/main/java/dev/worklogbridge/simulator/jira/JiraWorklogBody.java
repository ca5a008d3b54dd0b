package dev.worklogbridge.simulator.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.JiraWorklog;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A Jira worklog's request body as Jira reads it: time spent (seconds or a duration), start,
 * comment, properties.
 */
final class JiraWorklogBody {

  private JiraWorklogBody() {}

  /** Applies the body to the worklog; a create must say how long. */
  static void apply(JiraWorklog w, JsonNode body, boolean create) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("Request body must be a JSON object");
    }
    boolean seconds = body.hasNonNull("timeSpentSeconds");
    boolean text = body.hasNonNull("timeSpent");
    if (seconds && text) {
      throw ApiError.badRequest("Provide timeSpent or timeSpentSeconds, not both");
    }
    if (create && !seconds && !text) {
      throw ApiError.badRequest("timeSpent or timeSpentSeconds is required");
    }
    if (seconds) {
      if (!body.get("timeSpentSeconds").isIntegralNumber()
          || body.get("timeSpentSeconds").asLong() < 1) {
        throw ApiError.badRequest("timeSpentSeconds must be a positive number");
      }
      w.timeSpentSeconds = body.get("timeSpentSeconds").asLong();
    } else if (text) {
      w.timeSpentSeconds = parseDuration(body.get("timeSpent").asText());
    }
    if (body.hasNonNull("started")) {
      try {
        w.started = OffsetDateTime.parse(body.get("started").asText(), JiraJson.JIRA_TIME);
      } catch (DateTimeParseException e) {
        throw ApiError.badRequest("started must look like 2026-01-17T12:34:00.000+0000");
      }
    } else if (create) {
      w.started = OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }
    if (body.has("comment")) {
      JsonNode comment = body.get("comment");
      if (comment != null && !comment.isNull() && !comment.isObject()) {
        throw ApiError.badRequest("comment must be an Atlassian Document Format object");
      }
      w.comment = comment;
    }
    if (body.has("properties")) {
      JsonNode props = body.get("properties");
      if (!props.isArray()) {
        throw ApiError.badRequest("properties must be an array of {key, value}");
      }
      for (JsonNode p : props) {
        String key = p.path("key").asText("");
        if (key.isEmpty() || key.length() > 255 || !p.has("value")) {
          throw ApiError.badRequest(
              "each property needs a key (at most 255 characters) and a value");
        }
      }
      props.forEach(p -> w.properties.put(p.get("key").asText(), p.get("value")));
    }
  }

  static long parseDuration(String text) {
    long total = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([wdhm])").matcher(text);
    boolean any = false;
    while (m.find()) {
      any = true;
      long n = Long.parseLong(m.group(1));
      total +=
          switch (m.group(2)) {
            case "w" -> n * 5 * 8 * 3600;
            case "d" -> n * 8 * 3600;
            case "h" -> n * 3600;
            default -> n * 60;
          };
    }
    if (!any || total < 1) {
      throw ApiError.badRequest("timeSpent is not a valid duration: " + text);
    }
    return total;
  }
}
