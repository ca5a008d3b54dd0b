package dev.worklogbridge.simulator.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A site's Tempo worklogs: create (one, or all or nothing for the bulk endpoint), update and delete
 * under the site's rules, each with its Jira twin; the papertrail of deletions; the bulk lock per
 * issue; and the listeners Tempo's webhooks hear through. Every method is synchronized; it calls
 * into the directory, the setup and the Jira worklogs, never the other way round.
 */
public final class TempoWorklogs {

  private final String site;
  private final SiteDirectory directory;
  private final TempoSetup setup;
  private final JiraWorklogs jira;
  private final Map<Long, SimWorklog> worklogs = new LinkedHashMap<>();
  private final List<DeletedWorklog> deletions = new ArrayList<>();
  private final Set<Long> bulkInProgress = new HashSet<>();
  private final List<Consumer<WorklogChange>> listeners = new CopyOnWriteArrayList<>();
  private long nextId = 1001;
  private long nextDeletionSeq = 1;

  TempoWorklogs(String site, SiteDirectory directory, TempoSetup setup, JiraWorklogs jira) {
    this.site = site;
    this.directory = directory;
    this.setup = setup;
    this.jira = jira;
  }

  public void onChange(Consumer<WorklogChange> listener) {
    listeners.add(listener);
  }

  public synchronized SimWorklog worklog(long id) {
    return worklogs.get(id);
  }

  public synchronized List<SimWorklog> worklogs(Predicate<SimWorklog> filter) {
    return worklogs.values().stream().filter(filter).toList();
  }

  public synchronized SimWorklog create(WorklogInput in, String updater, boolean mayBypass) {
    SimWorklog w = createQuietly(in, updater, mayBypass);
    fire("worklog.created", w, updater);
    return w;
  }

  /** Creates all or nothing, for the bulk endpoint; fires one webhook per worklog. */
  public List<SimWorklog> createAll(List<WorklogInput> inputs, String updater, boolean mayBypass) {
    List<SimWorklog> created = new ArrayList<>();
    synchronized (this) {
      for (int i = 0; i < inputs.size(); i++) {
        WorklogInput in = inputs.get(i);
        try {
          validate(in, null, mayBypass);
          long earlier = 0;
          for (int j = 0; j < i; j++) {
            WorklogInput o = inputs.get(j);
            if (o.authorAccountId().equals(in.authorAccountId())
                && o.startDate().equals(in.startDate())) {
              earlier += o.timeSpentSeconds();
            }
          }
          setup.rules.check(in, loggedOn(in.authorAccountId(), in.startDate(), -1) + earlier);
        } catch (ApiError e) {
          throw new ApiError(e.status(), "Item " + i + ": " + e.getMessage());
        }
      }
      for (WorklogInput in : inputs) {
        created.add(createQuietly(in, updater, mayBypass));
      }
    }
    created.forEach(w -> fire("worklog.created", w, updater));
    return created;
  }

  private SimWorklog createQuietly(WorklogInput in, String updater, boolean mayBypass) {
    validate(in, null, mayBypass);
    setup.rules.check(in, loggedOn(in.authorAccountId(), in.startDate(), -1));
    Instant now = SimSite.now();
    SimWorklog w = new SimWorklog(nextId++, jira.nextId(), in.issueId(), now);
    apply(w, in);
    w.updaterAccountId = updater;
    worklogs.put(w.tempoWorklogId, w);
    jira.twinCreated(w, now);
    return w;
  }

  public synchronized SimWorklog update(
      long id, WorklogInput in, String updater, boolean mayBypass) {
    SimWorklog w = worklogs.get(id);
    if (w == null) {
      throw ApiError.notFound("Worklog " + id + " not found");
    }
    setup.checkOpen(w.startDate, in.bypassPeriodClosures(), mayBypass);
    validate(in, w.issueId, mayBypass);
    setup.rules.check(in, loggedOn(in.authorAccountId(), in.startDate(), id));
    apply(w, in);
    w.updaterAccountId = updater;
    w.updatedAt = later(w.updatedAt);
    jira.twinUpdated(w);
    fire("worklog.updated", w, updater);
    return w;
  }

  public synchronized void delete(long id, boolean bypass, String updater, boolean mayBypass) {
    SimWorklog w = worklogs.get(id);
    if (w == null) {
      throw ApiError.notFound("Worklog " + id + " not found");
    }
    setup.checkOpen(w.startDate, bypass, mayBypass);
    worklogs.remove(id);
    Instant now = SimSite.now();
    deletions.add(new DeletedWorklog(nextDeletionSeq++, id, w.jiraWorklogId, w.issueId, now));
    jira.twinDeleted(w, now);
    fire("worklog.deleted", w, updater);
  }

  /** Seconds the author has logged on the date, other than worklog {@code except}. */
  private long loggedOn(String author, LocalDate date, long except) {
    long sum = 0;
    for (SimWorklog w : worklogs.values()) {
      if (w.tempoWorklogId != except
          && author.equals(w.authorAccountId)
          && date.equals(w.startDate)) {
        sum += w.timeSpentSeconds;
      }
    }
    return sum;
  }

  /** Removes every worklog without a trace (no papertrail, no webhook): a data-loss drill. */
  public synchronized void wipe() {
    worklogs.clear();
    jira.wipe();
  }

  private void validate(WorklogInput in, Long existingIssueId, boolean mayBypass) {
    long issueId = existingIssueId != null ? existingIssueId : in.issueId();
    if (directory.issue(issueId) == null) {
      throw ApiError.badRequest("Issue with id " + issueId + " does not exist");
    }
    SimUser author = directory.user(in.authorAccountId());
    if (author == null || !author.active()) {
      throw ApiError.badRequest(
          "Worklog cannot be created: user " + in.authorAccountId() + " not found or inactive");
    }
    setup.checkAttributes(in.attributes());
    setup.checkOpen(in.startDate(), in.bypassPeriodClosures(), mayBypass);
  }

  private void apply(SimWorklog w, WorklogInput in) {
    w.authorAccountId = in.authorAccountId();
    w.startDate = in.startDate();
    w.startTime = in.startTime() == null ? LocalTime.MIDNIGHT : in.startTime();
    w.timeSpentSeconds = in.timeSpentSeconds();
    w.billableSeconds = in.billableSeconds() == null ? in.timeSpentSeconds() : in.billableSeconds();
    w.description = in.description() == null ? "" : in.description();
    w.attributes.clear();
    w.attributes.putAll(in.attributes());
    if (in.remainingEstimateSeconds() != null) {
      directory.issue(w.issueId).remainingEstimateSeconds = in.remainingEstimateSeconds();
    }
  }

  /** The start instant in UTC, through the author's Jira time zone (the UNCERTAIN link). */
  public Instant startUtc(SimWorklog w) {
    SimUser author = directory.user(w.authorAccountId);
    String zone = author == null || author.timeZone() == null ? "UTC" : author.timeZone();
    return w.startDate.atTime(w.startTime).atZone(ZoneId.of(zone)).toInstant();
  }

  // ---- bulk lock ----

  public synchronized boolean tryStartBulk(long issueId) {
    return bulkInProgress.add(issueId);
  }

  /** The issues a bulk create is running on now. */
  public synchronized List<Long> bulksRunning() {
    return new ArrayList<>(bulkInProgress);
  }

  public synchronized void endBulk(long issueId) {
    bulkInProgress.remove(issueId);
  }

  // ---- papertrail ----

  public synchronized List<DeletedWorklog> deletionsSince(Instant from, long afterSequence) {
    return deletions.stream()
        .filter(d -> !d.deletedAt().isBefore(from) && d.sequence() > afterSequence)
        .toList();
  }

  private static Instant later(Instant previous) {
    Instant now = SimSite.now();
    return now.isAfter(previous) ? now : previous;
  }

  private void fire(String eventType, SimWorklog w, String updater) {
    WorklogChange change = new WorklogChange(site, eventType, copy(w), updater);
    listeners.forEach(l -> l.accept(change));
    // Every Tempo worklog has a Jira twin, and Jira reports the twin's changes too.
    jira.twinChanged(eventType, w);
  }

  private static SimWorklog copy(SimWorklog w) {
    SimWorklog c = new SimWorklog(w.tempoWorklogId, w.jiraWorklogId, w.issueId, w.createdAt);
    c.authorAccountId = w.authorAccountId;
    c.updaterAccountId = w.updaterAccountId;
    c.startDate = w.startDate;
    c.startTime = w.startTime;
    c.timeSpentSeconds = w.timeSpentSeconds;
    c.billableSeconds = w.billableSeconds;
    c.description = w.description;
    c.attributes.putAll(w.attributes);
    c.updatedAt = w.updatedAt;
    return c;
  }
}
