package dev.worklogbridge.simulator.model;

import dev.worklogbridge.simulator.gateway.SimClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One simulated Jira Cloud site with its Tempo: users, projects, issues, worklogs and their Jira
 * twins, work attributes, the papertrail of deletions, webhook subscriptions and closed periods.
 * Every method is synchronized: a site is small, and the simulator is never the bottleneck.
 */
public final class SimSite {

  /** The Tempo app user that authors every Tempo worklog's Jira twin. */
  public static final String TEMPO_APP_ACCOUNT = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077";

  public final String name;
  private final Map<String, SimUser> users = new LinkedHashMap<>();
  private final Map<String, SimProject> projects = new LinkedHashMap<>();
  private final Map<Long, SimIssue> issues = new LinkedHashMap<>();
  private final Map<String, SimIssue> issuesByKey = new LinkedHashMap<>();
  private final Map<String, WorkAttribute> attributes = new LinkedHashMap<>();
  private final Map<Long, SimWorklog> worklogs = new LinkedHashMap<>();
  private final Map<Long, JiraWorklog> jiraWorklogs = new LinkedHashMap<>();
  private final List<DeletedWorklog> deletions = new ArrayList<>();
  private final List<long[]> jiraDeletions = new ArrayList<>();
  private final Map<String, WebhookSubscription> subscriptions = new LinkedHashMap<>();
  private final List<ClosedPeriod> closedPeriods = new ArrayList<>();
  private final Set<Long> bulkInProgress = new HashSet<>();
  public final SimFields customFields = new SimFields();
  public volatile TempoRules rules = TempoRules.DEFAULT;
  private final List<Consumer<WorklogChange>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<JiraWorklogChange>> jiraListeners = new CopyOnWriteArrayList<>();
  private final Map<Long, JiraWebhook> jiraWebhooks = new LinkedHashMap<>();
  private long nextJiraWebhookId = 1;
  private final Map<String, String> jiraCredentials = new LinkedHashMap<>();
  private final Map<String, String> jiraCredentialAccounts = new LinkedHashMap<>();

  private long nextTempoId = 1001;
  private long nextJiraWorklogId = 10001;
  private long nextIssueId = 10001;
  private long nextProjectId = 10000;
  private long nextDeletionSeq = 1;

  public SimSite(String name) {
    this.name = name;
    attributes.put(
        "_Account_", new WorkAttribute("_Account_", "Account", "ACCOUNT", false, List.of()));
    users.put(
        TEMPO_APP_ACCOUNT,
        new SimUser(TEMPO_APP_ACCOUNT, "app", "Tempo Timesheets", null, false, "UTC", true));
  }

  /** Listens to Jira worklog changes (Jira's own worklogs and the twins of Tempo's). */
  public void onJiraChange(Consumer<JiraWorklogChange> listener) {
    jiraListeners.add(listener);
  }

  public void onChange(Consumer<WorklogChange> listener) {
    listeners.add(listener);
  }

  // ---- users, projects, issues ----

  public synchronized void putUser(SimUser user) {
    users.put(user.accountId(), user);
  }

  public synchronized SimUser user(String accountId) {
    return users.get(accountId);
  }

  public synchronized List<SimUser> users() {
    return new ArrayList<>(users.values());
  }

  public synchronized SimProject putProject(String key, String name, Long id) {
    SimProject project = new SimProject(id != null ? id : nextProjectId++, key, name);
    projects.put(key, project);
    return project;
  }

  public synchronized SimProject project(String key) {
    return projects.get(key);
  }

  public synchronized SimProject projectById(long id) {
    return projects.values().stream().filter(p -> p.id() == id).findFirst().orElse(null);
  }

  /** Adds an issue; its project is created on first use. */
  public synchronized SimIssue addIssue(
      String key, Long id, String summary, Map<String, String> fields) {
    if (issuesByKey.containsKey(key)) {
      throw ApiError.badRequest("issue " + key + " exists");
    }
    String projectKey = key.substring(0, key.lastIndexOf('-'));
    SimProject project = projects.get(projectKey);
    if (project == null) {
      project = putProject(projectKey, projectKey, null);
    }
    long issueId = id != null ? id : nextIssueId++;
    nextIssueId = Math.max(nextIssueId, issueId + 1);
    SimIssue issue = new SimIssue(issueId, key, project.id(), summary == null ? key : summary);
    if (fields != null) {
      issue.fields.putAll(fields);
    }
    issues.put(issueId, issue);
    issuesByKey.put(key, issue);
    return issue;
  }

  public synchronized SimIssue issue(long id) {
    return issues.get(id);
  }

  public synchronized SimIssue issueByIdOrKey(String idOrKey) {
    if (idOrKey.chars().allMatch(Character::isDigit)) {
      return issues.get(Long.parseLong(idOrKey));
    }
    return issuesByKey.get(idOrKey);
  }

  public synchronized List<SimIssue> issues(Predicate<SimIssue> filter) {
    return issues.values().stream().filter(filter).toList();
  }

  public synchronized void setIssueFields(String key, Map<String, String> fields) {
    SimIssue issue = issuesByKey.get(key);
    if (issue == null) {
      throw ApiError.notFound("no issue " + key);
    }
    issue.fields.putAll(fields);
  }

  // ---- Jira credentials ----

  public synchronized void putJiraCredential(String email, String apiToken, String accountId) {
    jiraCredentials.put(email, apiToken);
    jiraCredentialAccounts.put(email, accountId);
  }

  /** The account behind an email + API token, or null when they do not match. */
  public synchronized String jiraAccountFor(String email, String apiToken) {
    String expected = jiraCredentials.get(email);
    return expected != null && expected.equals(apiToken) ? jiraCredentialAccounts.get(email) : null;
  }

  // ---- work attributes ----

  public synchronized List<WorkAttribute> attributes() {
    return new ArrayList<>(attributes.values());
  }

  public synchronized WorkAttribute addAttribute(WorkAttribute attribute) {
    if (attributes.containsKey(attribute.key())) {
      throw ApiError.badRequest("Work attribute with key '" + attribute.key() + "' already exists");
    }
    attributes.put(attribute.key(), attribute);
    return attribute;
  }

  // ---- closed periods ----

  public synchronized void setClosedPeriods(List<ClosedPeriod> periods) {
    closedPeriods.clear();
    closedPeriods.addAll(periods);
  }

  private boolean closed(LocalDate date) {
    return closedPeriods.stream().anyMatch(p -> p.contains(date));
  }

  private void checkOpen(LocalDate date, boolean bypass, boolean mayBypass) {
    if (closed(date) && !(bypass && mayBypass)) {
      throw ApiError.badRequest(
          "Worklog cannot be changed: the period containing " + date + " is closed");
    }
  }

  // ---- Tempo worklogs ----

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
          rules.check(in, loggedOn(in.authorAccountId(), in.startDate(), -1) + earlier);
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
    rules.check(in, loggedOn(in.authorAccountId(), in.startDate(), -1));
    Instant now = now();
    SimWorklog w = new SimWorklog(nextTempoId++, nextJiraWorklogId++, in.issueId(), now);
    apply(w, in);
    w.updaterAccountId = updater;
    worklogs.put(w.tempoWorklogId, w);
    JiraWorklog twin = new JiraWorklog(w.jiraWorklogId, w.issueId, TEMPO_APP_ACCOUNT, now);
    twin.tempoWorklogId = w.tempoWorklogId;
    syncTwin(w, twin);
    jiraWorklogs.put(twin.id, twin);
    return w;
  }

  public synchronized SimWorklog update(
      long id, WorklogInput in, String updater, boolean mayBypass) {
    SimWorklog w = worklogs.get(id);
    if (w == null) {
      throw ApiError.notFound("Worklog " + id + " not found");
    }
    checkOpen(w.startDate, in.bypassPeriodClosures(), mayBypass);
    validate(in, w.issueId, mayBypass);
    rules.check(in, loggedOn(in.authorAccountId(), in.startDate(), id));
    apply(w, in);
    w.updaterAccountId = updater;
    w.updatedAt = later(w.updatedAt);
    JiraWorklog twin = jiraWorklogs.get(w.jiraWorklogId);
    if (twin != null) {
      syncTwin(w, twin);
      twin.updated = w.updatedAt;
    }
    fire("worklog.updated", w, updater);
    return w;
  }

  public synchronized void delete(long id, boolean bypass, String updater, boolean mayBypass) {
    SimWorklog w = worklogs.get(id);
    if (w == null) {
      throw ApiError.notFound("Worklog " + id + " not found");
    }
    checkOpen(w.startDate, bypass, mayBypass);
    worklogs.remove(id);
    Instant now = now();
    deletions.add(new DeletedWorklog(nextDeletionSeq++, id, w.jiraWorklogId, w.issueId, now));
    if (jiraWorklogs.remove(w.jiraWorklogId) != null) {
      jiraDeletions.add(new long[] {w.jiraWorklogId, now.toEpochMilli()});
    }
    fire("worklog.deleted", w, updater);
  }

  /** Seconds the author has logged on the date, other than worklog {@code except}. */
  private long loggedOn(String author, java.time.LocalDate date, long except) {
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
  public synchronized void wipeWorklogs() {
    worklogs.clear();
    jiraWorklogs.clear();
  }

  private void validate(WorklogInput in, Long existingIssueId, boolean mayBypass) {
    long issueId = existingIssueId != null ? existingIssueId : in.issueId();
    if (!issues.containsKey(issueId)) {
      throw ApiError.badRequest("Issue with id " + issueId + " does not exist");
    }
    SimUser author = users.get(in.authorAccountId());
    if (author == null || !author.active()) {
      throw ApiError.badRequest(
          "Worklog cannot be created: user " + in.authorAccountId() + " not found or inactive");
    }
    for (Map.Entry<String, String> a : in.attributes().entrySet()) {
      WorkAttribute def = attributes.get(a.getKey());
      if (def == null) {
        throw ApiError.badRequest("Work attribute '" + a.getKey() + "' does not exist");
      }
      if ("STATIC_LIST".equals(def.type()) && !def.values().contains(a.getValue())) {
        throw ApiError.badRequest(
            "Value '" + a.getValue() + "' is not allowed for work attribute '" + a.getKey() + "'");
      }
    }
    for (WorkAttribute def : attributes.values()) {
      if (def.required() && !in.attributes().containsKey(def.key())) {
        throw ApiError.badRequest("Work attribute '" + def.key() + "' is required");
      }
    }
    checkOpen(in.startDate(), in.bypassPeriodClosures(), mayBypass);
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
      issues.get(w.issueId).remainingEstimateSeconds = in.remainingEstimateSeconds();
    }
  }

  private void syncTwin(SimWorklog w, JiraWorklog twin) {
    twin.started = w.startDate.atTime(w.startTime).atOffset(ZoneOffset.UTC);
    twin.timeSpentSeconds = w.timeSpentSeconds;
    twin.comment = null;
  }

  /** The start instant in UTC, through the author's Jira time zone (the UNCERTAIN link). */
  public synchronized Instant startUtc(SimWorklog w) {
    SimUser author = users.get(w.authorAccountId);
    String zone = author == null || author.timeZone() == null ? "UTC" : author.timeZone();
    return w.startDate.atTime(w.startTime).atZone(java.time.ZoneId.of(zone)).toInstant();
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

  // ---- Jira worklogs ----

  public synchronized JiraWorklog jiraWorklog(long id) {
    return jiraWorklogs.get(id);
  }

  public synchronized List<JiraWorklog> jiraWorklogs(Predicate<JiraWorklog> filter) {
    return jiraWorklogs.values().stream().filter(filter).toList();
  }

  public synchronized JiraWorklog addJiraWorklog(long issueId, String author) {
    JiraWorklog w = new JiraWorklog(nextJiraWorklogId++, issueId, author, now());
    jiraWorklogs.put(w.id, w);
    return w;
  }

  public synchronized void deleteJiraWorklog(long id) {
    if (jiraWorklogs.remove(id) != null) {
      jiraDeletions.add(new long[] {id, now().toEpochMilli()});
    }
  }

  /** Reports a change of a Jira worklog made through Jira's API to the webhooks. */
  public synchronized void jiraWorklogChanged(String webhookEvent, JiraWorklog w) {
    fireJira(webhookEvent, copy(w));
  }

  private void fireJira(String webhookEvent, JiraWorklog snapshot) {
    if (jiraListeners.isEmpty()) {
      return;
    }
    JiraWorklogChange change = new JiraWorklogChange(name, webhookEvent, snapshot);
    jiraListeners.forEach(l -> l.accept(change));
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

  /** The twin a Tempo worklog has (or had) in Jira, as the webhooks report it. */
  private JiraWorklog twinOf(SimWorklog w) {
    JiraWorklog twin = new JiraWorklog(w.jiraWorklogId, w.issueId, TEMPO_APP_ACCOUNT, w.createdAt);
    twin.tempoWorklogId = w.tempoWorklogId;
    syncTwin(w, twin);
    twin.updated = w.updatedAt;
    return twin;
  }

  // ---- Jira webhooks ----

  public synchronized List<JiraWebhook> registerJiraWebhooks(
      String url, List<List<String>> events, List<String> jqlFilters) {
    if (jiraWebhooks.size() + events.size() > 100) {
      throw ApiError.badRequest("At most 100 webhooks can be registered per app");
    }
    List<JiraWebhook> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JiraWebhook h =
          new JiraWebhook(
              nextJiraWebhookId++,
              url,
              List.copyOf(events.get(i)),
              jqlFilters.get(i),
              now().plus(java.time.Duration.ofDays(30)));
      jiraWebhooks.put(h.id(), h);
      out.add(h);
    }
    return out;
  }

  public synchronized List<JiraWebhook> jiraWebhooks() {
    return new ArrayList<>(jiraWebhooks.values());
  }

  public synchronized void deleteJiraWebhooks(Collection<Long> ids) {
    ids.forEach(jiraWebhooks::remove);
  }

  public synchronized List<long[]> jiraDeletions() {
    return new ArrayList<>(jiraDeletions);
  }

  // ---- webhook subscriptions ----

  public synchronized WebhookSubscription subscribe(
      String url, String event, String name, String secret) {
    boolean duplicate =
        subscriptions.values().stream().anyMatch(s -> s.event.equals(event) && s.url.equals(url));
    if (duplicate) {
      throw new ApiError(409, "A subscription for " + event + " to this URL exists");
    }
    if (subscriptions.size() >= 10) {
      throw ApiError.badRequest("At most 10 webhook subscriptions are allowed");
    }
    WebhookSubscription s =
        new WebhookSubscription(
            java.util.UUID.randomUUID().toString(), url, event, name, secret, now());
    subscriptions.put(s.id, s);
    return s;
  }

  public synchronized Collection<WebhookSubscription> subscriptions() {
    return new ArrayList<>(subscriptions.values());
  }

  public synchronized boolean unsubscribe(String id) {
    return subscriptions.remove(id) != null;
  }

  public synchronized WebhookSubscription subscription(String id) {
    return subscriptions.get(id);
  }

  // ---- time and events ----

  /**
   * Tempo's timestamps come with or without milliseconds; the simulator stamps whole seconds like
   * the documented examples unless {@code PUT /_sim/settings {"timestampMillis": true}} says
   * otherwise. The time itself is {@link SimClock}'s.
   */
  public static Instant now() {
    Instant now = SimClock.instant();
    return stampMillis ? now : now.truncatedTo(ChronoUnit.SECONDS);
  }

  private static volatile boolean stampMillis;

  /** Whether new timestamps keep their milliseconds (a simulator-wide setting). */
  public static void stampMillis(boolean on) {
    stampMillis = on;
  }

  private static Instant later(Instant previous) {
    Instant now = now();
    return now.isAfter(previous) ? now : previous;
  }

  private void fire(String eventType, SimWorklog w, String updater) {
    WorklogChange change = new WorklogChange(name, eventType, copy(w), updater);
    listeners.forEach(l -> l.accept(change));
    // Every Tempo worklog has a Jira twin, and Jira reports the twin's changes too.
    fireJira("worklog_" + eventType.substring("worklog.".length()), twinOf(w));
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
