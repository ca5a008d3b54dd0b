package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jira issue: its id (a numeric string in Jira, a number in Tempo), key, project and text fields.
 */
public record JiraIssue(
    long id, String key, long projectId, String projectKey, Map<String, String> fields) {

  static JiraIssue from(JsonNode n) {
    Map<String, String> fields = new LinkedHashMap<>();
    n.path("fields")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode()) {
                fields.put(e.getKey(), e.getValue().asText());
              }
            });
    JsonNode project = n.path("fields").path("project");
    return new JiraIssue(
        Long.parseLong(n.path("id").asText()),
        n.path("key").asText(),
        project.path("id").asLong(),
        project.path("key").asText(null),
        fields);
  }
}
