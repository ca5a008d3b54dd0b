package dev.worklogbridge.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site's custom field definitions, as {@code GET /rest/api/3/field} lists them. A field used on
 * an issue but never declared is a single-line text field: that is how almost every site stores a
 * remote issue key, and it is the kind JQL refuses {@code =} on.
 */
public final class SimFields {

  /** The kinds of custom field the simulator knows, with the schema Jira gives each. */
  public enum Type {
    TEXT("string", "textfield"),
    TEXTAREA("string", "textarea"),
    SELECT("option", "select"),
    LABELS("array", "labels"),
    NUMBER("number", "float");

    public final String schemaType;
    public final String custom;

    Type(String schemaType, String custom) {
      this.schemaType = schemaType;
      this.custom = "com.atlassian.jira.plugin.system.customfieldtypes:" + custom;
    }

    /** JQL searches text with {@code ~} only; everything else with {@code =} and {@code in}. */
    public boolean isText() {
      return this == TEXT || this == TEXTAREA;
    }

    public static Type parse(String s) {
      try {
        return s == null ? TEXT : valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(
            "unknown custom field type " + s + ": text, textarea, select, labels, number");
      }
    }
  }

  /** A declared field. */
  public record Field(String id, String name, Type type) {}

  private final Map<String, Field> declared = new ConcurrentHashMap<>();

  public void declare(String id, String name, Type type) {
    if (!id.matches("customfield_\\d+")) {
      throw ApiError.badRequest("a custom field id looks like customfield_10050: " + id);
    }
    declared.put(id, new Field(id, name == null ? id : name, type));
  }

  public Type type(String id) {
    Field f = declared.get(id);
    return f == null ? Type.TEXT : f.type();
  }

  /** Every custom field: the declared ones and those the issues use. */
  public Collection<Field> all(Collection<SimIssue> issues) {
    Map<String, Field> out = new TreeMap<>(declared);
    for (SimIssue i : issues) {
      for (String id : i.fields.keySet()) {
        out.putIfAbsent(id, new Field(id, id, Type.TEXT));
      }
    }
    return out.values();
  }

  /** A field's value as Jira shows it in an issue: a select option, a label list, a number. */
  public JsonNode render(String id, String value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (type(id)) {
      case SELECT -> f.objectNode().put("value", value);
      case LABELS -> f.arrayNode().add(value);
      case NUMBER -> {
        try {
          yield f.numberNode(Double.parseDouble(value));
        } catch (NumberFormatException e) {
          yield f.textNode(value);
        }
      }
      default -> f.textNode(value);
    };
  }
}
