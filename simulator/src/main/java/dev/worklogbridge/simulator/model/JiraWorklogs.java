package dev.worklogbridge.simulator.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A site's Jira worklogs: Jira's own (on a site without Tempo, or logged in Jira) and the twins
 * Tempo keeps of its worklogs, the deletions Jira reports, and the listeners Jira's webhooks hear
 * through. Every method is synchronized.
 */
public final class JiraWorklogs {

  private final String site;
  private final Map<Long, JiraWorklog> worklogs = new LinkedHashMap<>();
  private final List<long[]> deletions = new ArrayList<>();
  private final List<Consumer<JiraWorklogChange>> listeners = new CopyOnWriteArrayList<>();
  private long nextId = 10001;

  JiraWorklogs(String site) {
    this.site = site;
  }

  /** Listens to Jira worklog changes (Jira's own worklogs and the twins of Tempo's). */
  public void onChange(Consumer<JiraWorklogChange> listener) {
    listeners.add(listener);
  }

  public synchronized JiraWorklog worklog(long id) {
    return worklogs.get(id);
  }

  public synchronized List<JiraWorklog> worklogs(Predicate<JiraWorklog> filter) {
    return worklogs.values().stream().filter(filter).toList();
  }

  public synchronized JiraWorklog add(long issueId, String author) {
    JiraWorklog w = new JiraWorklog(nextId++, issueId, author, SimSite.now());
    worklogs.put(w.id, w);
    return w;
  }

  public synchronized void delete(long id) {
    if (worklogs.remove(id) != null) {
      deletions.add(new long[] {id, SimSite.now().toEpochMilli()});
    }
  }

  /** Reports a change of a Jira worklog made through Jira's API to the webhooks. */
  public synchronized void changed(String webhookEvent, JiraWorklog w) {
    fire(webhookEvent, copy(w));
  }

  /** The deletions Jira reports, as {@code [worklog id, epoch millis]}. */
  public synchronized List<long[]> deletions() {
    return new ArrayList<>(deletions);
  }

  // ---- the twins of Tempo's worklogs ----

  /** The id the next worklog gets: Tempo's worklogs take their twin's id from the same series. */
  synchronized long nextId() {
    return nextId++;
  }

  /** Records the twin of a new Tempo worklog, made by Tempo's app account. */
  synchronized void twinCreated(SimWorklog w, Instant at) {
    JiraWorklog twin = new JiraWorklog(w.jiraWorklogId, w.issueId, SimSite.TEMPO_APP_ACCOUNT, at);
    twin.tempoWorklogId = w.tempoWorklogId;
    sync(w, twin);
    worklogs.put(twin.id, twin);
  }

  synchronized void twinUpdated(SimWorklog w) {
    JiraWorklog twin = worklogs.get(w.jiraWorklogId);
    if (twin != null) {
      sync(w, twin);
      twin.updated = w.updatedAt;
    }
  }

  synchronized void twinDeleted(SimWorklog w, Instant at) {
    if (worklogs.remove(w.jiraWorklogId) != null) {
      deletions.add(new long[] {w.jiraWorklogId, at.toEpochMilli()});
    }
  }

  /** Jira reports a Tempo worklog's change as its twin's. */
  void twinChanged(String tempoEvent, SimWorklog w) {
    JiraWorklog twin =
        new JiraWorklog(w.jiraWorklogId, w.issueId, SimSite.TEMPO_APP_ACCOUNT, w.createdAt);
    twin.tempoWorklogId = w.tempoWorklogId;
    sync(w, twin);
    twin.updated = w.updatedAt;
    fire("worklog_" + tempoEvent.substring("worklog.".length()), twin);
  }

  synchronized void wipe() {
    worklogs.clear();
  }

  private static void sync(SimWorklog w, JiraWorklog twin) {
    twin.started = w.startDate.atTime(w.startTime).atOffset(ZoneOffset.UTC);
    twin.timeSpentSeconds = w.timeSpentSeconds;
    twin.comment = null;
  }

  private void fire(String webhookEvent, JiraWorklog snapshot) {
    if (listeners.isEmpty()) {
      return;
    }
    JiraWorklogChange change = new JiraWorklogChange(site, webhookEvent, snapshot);
    listeners.forEach(l -> l.accept(change));
  }

  private static JiraWorklog copy(JiraWorklog w) {
    JiraWorklog c = new JiraWorklog(w.id, w.issueId, w.authorAccountId, w.created);
    c.updateAuthorAccountId = w.updateAuthorAccountId;
    c.started = w.started;
    c.timeSpentSeconds = w.timeSpentSeconds;
    c.comment = w.comment == null ? null : w.comment.deepCopy();
    c.updated = w.updated;
    c.tempoWorklogId = w.tempoWorklogId;
    return c;
  }
}
