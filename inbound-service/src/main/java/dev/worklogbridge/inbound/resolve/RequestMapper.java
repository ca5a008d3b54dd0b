package dev.worklogbridge.inbound.resolve;

import dev.worklogbridge.cloud.JiraWorklogRequest;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.cloud.TempoWorklogRequest;
import dev.worklogbridge.cloud.WorkAttributeDef;
import dev.worklogbridge.model.Attribute;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.model.ReplicaEvent;
import dev.worklogbridge.model.WorklogContent;
import dev.worklogbridge.model.WorklogState;
import dev.worklogbridge.runtime.config.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an event to the exact Tempo request for the target: start date and time copied as the
 * wall-clock values they are (no time zone anywhere), durations, description (with the real author
 * when the fallback carries it), remaining estimate if asked, the attributes the target knows
 * (values mapped), and on a replica the lineage marker.
 */
@ApplicationScoped
public class RequestMapper {

  @Inject TargetAttributes attributes;

  private final java.util.Map<String, FallbackTemplate> templates =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The request, and the attributes left out because the target does not know them. */
  public record Mapped(TempoWorklogRequest request, List<String> droppedAttributes) {}

  /**
   * @param toOrigin the target holds the lineage's original (an edit of a replica flows back): no
   *     marker, and the original's author and plain description are kept when the replica was only
   *     carried by the fallback account
   * @param current the target worklog as it is now (needed when {@code toOrigin}), or null
   */
  public Mapped map(
      Connections.View c,
      String targetSite,
      ReplicaEvent event,
      long targetIssueId,
      AuthorChoice author,
      boolean toOrigin,
      TempoWorklog current) {
    WorklogState w = event.worklog();
    String sourceSite = event.source().site();
    FallbackTemplate template =
        templates.computeIfAbsent(c.config().authors().fallbackTemplate(), FallbackTemplate::new);
    String authorId = author.accountId();
    String description = w.description();
    if (toOrigin) {
      String sourceFallback = c.config().authors().fallbackAccount().get(sourceSite);
      if (sourceFallback != null && sourceFallback.equals(event.author().accountId())) {
        authorId = current != null ? current.authorAccountId() : authorId;
        description = template.strip(description);
      }
    } else if (author.isFallback()) {
      description = template.render(event.author(), sourceSite, description);
    }
    Map<String, WorkAttributeDef> defs = attributes.definitions(targetSite);
    Set<String> known = defs.keySet();
    Map<String, Map<String, String>> valueMaps = c.config().attributeValues();
    List<Attribute> carried = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (Attribute a : w.attributes()) {
      if (LineageMarker.ATTRIBUTE_KEY.equals(a.key())) {
        continue;
      }
      if (!known.contains(a.key())) {
        dropped.add(a.key());
        continue;
      }
      AttributeValues.Translated t =
          AttributeValues.translate(a, defs.get(a.key()), valueMaps.get(a.key()), targetSite);
      if (t.carried()) {
        carried.add(new Attribute(a.key(), t.value()));
      } else {
        dropped.add(t.leftOut());
      }
    }
    if (!toOrigin && known.contains(LineageMarker.ATTRIBUTE_KEY)) {
      carried.add(new Attribute(LineageMarker.ATTRIBUTE_KEY, event.lineage().id()));
    }
    Long remaining = c.config().syncRemainingEstimate() ? w.remainingEstimateSeconds() : null;
    long billable = w.billableSeconds() == null ? w.timeSpentSeconds() : w.billableSeconds();
    TempoWorklogRequest request =
        new TempoWorklogRequest(
            authorId,
            targetIssueId,
            w.startDate(),
            w.startTime(),
            w.timeSpentSeconds(),
            billable,
            description,
            remaining,
            List.copyOf(carried));
    return new Mapped(request, dropped);
  }

  /** The Jira property that marks a native worklog the bridge wrote: its lineage. */
  public static final String JIRA_PROPERTY = "worklog-bridge.lineage";

  /**
   * A native Jira write for a site without Tempo, and the content it leaves (the event's author
   * stands in for Jira's, which is always the bridge's own account).
   */
  public record JiraMapped(
      JiraWorklogRequest request, WorklogContent content, List<String> droppedAttributes) {}

  /**
   * Maps an event to a native Jira worklog: the same wall-clock start at offset zero, the time
   * spent, and the description with the real author named by the connection's template (Jira never
   * lets a client set the author). The lineage travels in a worklog property set by the create
   * itself; attributes and billable time have no place in Jira and are reported as dropped.
   */
  public JiraMapped mapJira(Connections.View c, ReplicaEvent event) {
    WorklogState w = event.worklog();
    FallbackTemplate template =
        templates.computeIfAbsent(c.config().authors().fallbackTemplate(), FallbackTemplate::new);
    String comment = template.render(event.author(), event.source().site(), w.description());
    Long remaining = c.config().syncRemainingEstimate() ? w.remainingEstimateSeconds() : null;
    JiraWorklogRequest request =
        new JiraWorklogRequest(
            w.startDate(),
            w.startTime(),
            w.timeSpentSeconds(),
            comment,
            remaining,
            Map.of(
                JIRA_PROPERTY,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("lineage", event.lineage().id())
                    .put("connection", c.name())));
    WorklogContent content =
        new WorklogContent(
            event.author().accountId(),
            w.startDate(),
            w.startTime(),
            w.timeSpentSeconds(),
            w.timeSpentSeconds(),
            comment,
            null);
    List<String> dropped = new ArrayList<>();
    for (Attribute a : w.attributes()) {
      if (!LineageMarker.ATTRIBUTE_KEY.equals(a.key())) {
        dropped.add(a.key());
      }
    }
    return new JiraMapped(request, content, dropped);
  }
}
