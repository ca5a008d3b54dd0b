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
 * The part of JQL the bridge needs: clauses joined by AND, each {@code field = value} or {@code
 * field in (a, b)}, on project, key/issuekey, id and custom fields ({@code cf[10050]} or {@code
 * customfield_10050}). ORDER BY is accepted and ignored. Anything else is a 400, as Jira answers.
 */
final class Jql {

  private static final Pattern CLAUSE =
      Pattern.compile(
          "\\s*(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+])?)\\s*(=|in|IN)\\s*(\\(.*\\)|\"[^\"]*\"|[^\\s]+)\\s*");

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
    List<String> values = values(m.group(3), m.group(2).equalsIgnoreCase("in"));
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
        yield i -> values.contains(i.fields.get(customField));
      }
    };
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

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
