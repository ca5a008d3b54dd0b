package dev.worklogbridge.simulator.jira;

import dev.worklogbridge.simulator.model.ApiError;
import dev.worklogbridge.simulator.model.SimIssue;
import dev.worklogbridge.simulator.model.SimSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of JQL the bridge needs: clauses joined by AND, each {@code field = value}, {@code field
 * in (a, b)} or {@code field ~ "text"}, on project, key/issuekey, id and custom fields ({@code
 * cf[10050]} or {@code customfield_10050}). As in Jira, a text field refuses {@code =} and {@code
 * in} ("use CONTAINS") and only other fields take them; {@code ~} matches words, in order when the
 * value is a quoted phrase ({@code cf[10050] ~ "\"SUP-1\""}), case-insensitively. ORDER BY is
 * accepted and ignored. Anything else is a 400, as Jira answers.
 */
final class Jql {

  private static final Pattern CLAUSE =
      Pattern.compile(
          "\\s*(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+])?)\\s*(=|~|in|IN)\\s*(\\(.*\\)|\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s]+)\\s*");

  private Jql() {}

  static Predicate<SimIssue> parse(SimSite site, String jql) {
    String text = jql == null ? "" : jql.trim();
    int orderBy = text.toLowerCase(Locale.ROOT).indexOf("order by");
    if (orderBy >= 0) {
      text = text.substring(0, orderBy).trim();
    }
    Predicate<SimIssue> all = i -> true;
    if (text.isEmpty()) {
      return all;
    }
    for (String clause : text.split("(?i)\\s+and\\s+")) {
      all = all.and(clause(site, clause));
    }
    return all;
  }

  private static Predicate<SimIssue> clause(SimSite site, String clause) {
    Matcher m = CLAUSE.matcher(clause);
    if (!m.matches()) {
      throw ApiError.badRequest("Error in the JQL Query: cannot parse '" + clause.trim() + "'");
    }
    String field = unquote(m.group(1)).toLowerCase(Locale.ROOT);
    String operator = m.group(2).toLowerCase(Locale.ROOT);
    if (operator.equals("~")) {
      return contains(site, m.group(1), field, unquote(m.group(3).trim()));
    }
    List<String> values = values(m.group(3), operator.equals("in"));
    return switch (field) {
      case "project" ->
          i ->
              values.stream()
                  .anyMatch(
                      v ->
                          v.equalsIgnoreCase(i.projectKey())
                              || v.equals(Long.toString(i.projectId)));
      case "key", "issuekey" -> i -> values.contains(i.key);
      case "id" -> i -> values.contains(Long.toString(i.id));
      default -> {
        String customField = customField(field);
        if (customField == null) {
          throw ApiError.badRequest(
              "Field '"
                  + m.group(1)
                  + "' does not exist or you do not have permission to view it.");
        }
        if (site.customFields.type(customField).isText()) {
          throw unsupported(operator, m.group(1));
        }
        yield i -> values.contains(i.fields.get(customField));
      }
    };
  }

  /** {@code field ~ text}: the text's words all in the field, in order if it was a phrase. */
  private static Predicate<SimIssue> contains(
      SimSite site, String named, String field, String text) {
    String customField = customField(field);
    if (customField == null || !site.customFields.type(customField).isText()) {
      throw unsupported("~", named);
    }
    boolean phrase = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"");
    List<String> wanted = words(phrase ? text.substring(1, text.length() - 1) : text);
    return i -> {
      List<String> held = words(i.fields.get(customField));
      return phrase
          ? java.util.Collections.indexOfSubList(held, wanted) >= 0
          : held.containsAll(wanted);
    };
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    if (s != null) {
      for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
    }
    return out;
  }

  private static ApiError unsupported(String operator, String field) {
    return ApiError.badRequest(
        "The operator '" + operator + "' is not supported by the '" + field + "' field.");
  }

  private static String customField(String field) {
    Matcher cf = Pattern.compile("cf\\[(\\d+)]").matcher(field);
    if (cf.matches()) {
      return "customfield_" + cf.group(1);
    }
    return field.matches("customfield_\\d+") ? field : null;
  }

  private static List<String> values(String raw, boolean list) {
    List<String> out = new ArrayList<>();
    if (list) {
      if (!raw.startsWith("(") || !raw.endsWith(")")) {
        throw ApiError.badRequest("Error in the JQL Query: expected a list after IN");
      }
      for (String v : raw.substring(1, raw.length() - 1).split(",")) {
        out.add(unquote(v.trim()));
      }
    } else {
      out.add(unquote(raw.trim()));
    }
    return out;
  }

  /** Strips the quotes of a JQL string and resolves its escapes ({@code \"}, {@code \\}). */
  private static String unquote(String s) {
    if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
      return s;
    }
    return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
  }
}
