package dev.worklogbridge.inbound.resolve;

import dev.worklogbridge.model.AuthorRef;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the real author into the description of a worklog the fallback account carries, e.g.
 * {@code [Grace Hopper on jca] Investigating}, and takes it out again when an edit of that replica
 * flows back to the original (which keeps its own author and plain description).
 */
public final class FallbackTemplate {

  private final String template;
  private final Pattern reverse;

  public FallbackTemplate(String template) {
    this.template = template;
    String[] parts = template.split("\\{description}", -1);
    StringBuilder regex = new StringBuilder("^");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append("(?<description>.*)");
      }
      regex.append(literalWithPlaceholders(parts[i]));
    }
    reverse = Pattern.compile(regex.append("$").toString(), Pattern.DOTALL);
  }

  private static String literalWithPlaceholders(String part) {
    StringBuilder out = new StringBuilder();
    Matcher m = Pattern.compile("\\{(displayName|accountId|email|site)}").matcher(part);
    int last = 0;
    while (m.find()) {
      out.append(Pattern.quote(part.substring(last, m.start()))).append(".*?");
      last = m.end();
    }
    return out.append(Pattern.quote(part.substring(last))).toString();
  }

  public String render(AuthorRef author, String sourceSite, String description) {
    String name = author.displayName() != null ? author.displayName() : author.accountId();
    return template
        .replace("{displayName}", name)
        .replace("{accountId}", author.accountId())
        .replace("{email}", author.email() == null ? "" : author.email())
        .replace("{site}", sourceSite)
        .replace("{description}", description == null ? "" : description);
  }

  /** The description without the template, or the text unchanged when it does not carry it. */
  public String strip(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = reverse.matcher(text);
    return m.matches() ? m.group("description") : text;
  }
}
