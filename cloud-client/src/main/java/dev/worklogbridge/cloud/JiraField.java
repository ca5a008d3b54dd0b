package dev.worklogbridge.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Jira field's definition from {@code GET /rest/api/3/field}: enough to know how JQL may search
 * it. Jira refuses {@code =} on text fields ("use CONTAINS"), so a remote issue key held in a text
 * field is searched with {@code ~} and the hits are filtered for the exact value.
 */
public record JiraField(String id, String name, String schemaType, String schemaCustom) {

  private static final String TEXT_TYPES = ":textfield|:textarea";

  static JiraField from(JsonNode n) {
    JsonNode schema = n.path("schema");
    return new JiraField(
        n.path("id").asText(),
        n.path("name").asText(null),
        schema.path("type").asText(null),
        schema.path("custom").asText(null));
  }

  /**
   * Whether JQL searches this field as text ({@code ~}): a string-typed field, unless its custom
   * type says it is something that compares by equality (a URL, a read-only key field...). An
   * unknown custom type of type string is treated as text, the safe reading: {@code ~} plus an
   * exact filter finds the same issues as {@code =} would.
   */
  public boolean isText() {
    if (!"string".equals(schemaType)) {
      return false;
    }
    if (schemaCustom == null) {
      return true;
    }
    for (String suffix : TEXT_TYPES.split("\\|")) {
      if (schemaCustom.endsWith(suffix)) {
        return true;
      }
    }
    return !schemaCustom.endsWith(":url");
  }

  /** The JQL name of a custom field ({@code cf[10050]}), or its id for a system field. */
  public String jqlName() {
    return id.startsWith("customfield_") ? "cf[" + id.substring("customfield_".length()) + "]" : id;
  }
}
