package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/** A Jira user; the email is null unless the user's privacy settings show it. */
public record JiraUser(
    String accountId,
    String accountType,
    String displayName,
    String email,
    boolean active,
    String timeZone) {

  static JiraUser from(JsonNode n) {
    return new JiraUser(
        n.path("accountId").asText(),
        n.path("accountType").asText("atlassian"),
        n.path("displayName").asText(null),
        n.hasNonNull("emailAddress") ? n.get("emailAddress").asText() : null,
        n.path("active").asBoolean(true),
        n.path("timeZone").asText(null));
  }
}
