package dev.worklogbridge.simulator.tempo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.WorklogInput;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Tempo request bodies and queries as strictly as the real API: numbers must be JSON numbers,
 * {@code startTime} must be {@code HH:mm:ss}, removed v3 parameters answer 400, unknown ones pass.
 */
final class TempoRequests {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d");
  private static final Pattern UPDATED_FROM =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}Z)?");

  /** v3 parameter names that v4 answers with 400. */
  private static final List<String> REMOVED = List.of("project", "issue", "projectKey", "issueKey");

  private TempoRequests() {}

  enum Kind {
    CREATE,
    UPDATE,
    BULK_ITEM
  }

  static WorklogInput worklog(JsonNode body, Kind kind, Long issueIdFromPath) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("Request body must be a JSON object");
    }
    Long issueId = issueIdFromPath;
    if (kind == Kind.CREATE) {
      JsonNode id = body.get("issueId");
      if (id == null || id.isNull()) {
        throw ApiError.badRequest("issueId is required");
      }
      if (!id.isIntegralNumber()) {
        throw ApiError.badRequest("issueId must be a number");
      }
      issueId = id.asLong();
    } else if (body.has("issueId")) {
      throw ApiError.badRequest(
          kind == Kind.UPDATE
              ? "issueId cannot be updated: a worklog cannot move to another issue"
              : "issueId is not allowed in bulk items");
    }
    if (kind == Kind.BULK_ITEM && body.has("remainingEstimateSeconds")) {
      throw ApiError.badRequest("remainingEstimateSeconds is not allowed in bulk items");
    }
    String author = text(body, "authorAccountId", true);
    LocalDate startDate = date(text(body, "startDate", true), "startDate");
    String time = text(body, "startTime", false);
    LocalTime startTime = null;
    if (time != null) {
      if (!TIME.matcher(time).matches()) {
        throw ApiError.badRequest("startTime must be in the format HH:mm:ss");
      }
      startTime = LocalTime.parse(time);
    }
    long timeSpent = number(body, "timeSpentSeconds", true);
    if (timeSpent < 1) {
      throw ApiError.badRequest("timeSpentSeconds must be at least 1");
    }
    Long billable =
        body.has("billableSeconds") && !body.get("billableSeconds").isNull()
            ? number(body, "billableSeconds", true)
            : null;
    Long remaining =
        body.has("remainingEstimateSeconds") && !body.get("remainingEstimateSeconds").isNull()
            ? number(body, "remainingEstimateSeconds", true)
            : null;
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode attrs = body.get("attributes");
    if (attrs != null && !attrs.isNull()) {
      if (!attrs.isArray()) {
        throw ApiError.badRequest("attributes must be an array of {key, value}");
      }
      for (JsonNode a : attrs) {
        if (!a.hasNonNull("key")) {
          throw ApiError.badRequest("every attribute needs a key");
        }
        JsonNode v = a.get("value");
        attributes.put(a.get("key").asText(), v == null || v.isNull() ? null : v.asText());
      }
    }
    JsonNode description = body.get("description");
    boolean bypass = body.path("bypassPeriodClosuresAndApprovals").asBoolean(false);
    return new WorklogInput(
        author,
        issueId,
        startDate,
        startTime,
        timeSpent,
        billable,
        description == null || description.isNull() ? null : description.asText(),
        remaining,
        attributes,
        bypass);
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiError.badRequest(field + " is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest(field + " must be a string");
    }
    return v.asText();
  }

  private static long number(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiError.badRequest(field + " is required");
      }
      return 0;
    }
    if (!v.isIntegralNumber()) {
      throw ApiError.badRequest(field + " must be a number");
    }
    if (v.asLong() < 0) {
      throw ApiError.badRequest(field + " must not be negative");
    }
    return v.asLong();
  }

  static LocalDate date(String value, String field) {
    if (value == null || !DATE.matcher(value).matches()) {
      throw ApiError.badRequest(field + " must be in the format yyyy-MM-dd");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(field + " is not a valid date: " + value);
    }
  }

  /** The worklog list query, validated. */
  record ListQuery(
      List<Long> projectIds,
      List<Long> issueIds,
      LocalDate from,
      LocalDate to,
      Instant updatedFrom,
      int offset,
      int limit,
      String orderBy) {}

  static ListQuery listQuery(MultiMap params) {
    for (String removed : REMOVED) {
      if (params.contains(removed)) {
        throw ApiError.badRequest(
            "Query parameter '" + removed + "' is not supported in v4; use projectId or issueId");
      }
    }
    LocalDate from = params.contains("from") ? date(params.get("from"), "from") : null;
    LocalDate to = params.contains("to") ? date(params.get("to"), "to") : null;
    Instant updatedFrom =
        params.contains("updatedFrom") ? updatedFrom(params.get("updatedFrom")) : null;
    int offset = integer(params.get("offset"), "offset", 0);
    int limit = integer(params.get("limit"), "limit", 50);
    if (offset < 0) {
      throw ApiError.badRequest("offset must not be negative");
    }
    if (limit < 1 || limit > 5000) {
      throw ApiError.badRequest("limit must be between 1 and 5000");
    }
    String orderBy = params.contains("orderBy") ? params.get("orderBy") : null;
    if (orderBy != null && !List.of("ID", "START_DATE_TIME", "UPDATED").contains(orderBy)) {
      throw ApiError.badRequest("orderBy must be one of ID, START_DATE_TIME, UPDATED");
    }
    return new ListQuery(
        ids(params.getAll("projectId"), "projectId"),
        ids(params.getAll("issueId"), "issueId"),
        from,
        to,
        updatedFrom,
        offset,
        limit,
        orderBy);
  }

  static Instant updatedFrom(String value) {
    if (!UPDATED_FROM.matcher(value).matches()) {
      throw ApiError.badRequest("updatedFrom must be yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss'Z'");
    }
    return value.length() == 10
        ? LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
        : Instant.parse(value);
  }

  static List<Long> ids(List<String> values, String name) {
    List<Long> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw ApiError.badRequest(name + " must be numeric: " + v);
      }
    }
    return out;
  }

  static int integer(String value, String name, int dflt) {
    if (value == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a number");
    }
  }
}
