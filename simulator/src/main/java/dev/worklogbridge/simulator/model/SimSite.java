package dev.worklogbridge.simulator.model;

import dev.worklogbridge.simulator.gateway.SimClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One simulated Jira Cloud site with its Tempo, in parts the way the APIs are: the Jira directory
 * (users, projects, issues), Jira's worklogs (its own and the twins of Tempo's), Tempo's setup
 * (work attributes, closed periods, rules), Tempo's worklogs (with the papertrail of deletions) and
 * the webhooks registered on the site. Each part is synchronized on its own; Tempo's worklogs call
 * into the others, never the other way round. A site is small, and the simulator is never the
 * bottleneck.
 */
public final class SimSite {

  /** The account Tempo's app writes Jira's twins of Tempo worklogs as. */
  public static final String TEMPO_APP_ACCOUNT = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077";

  public final String name;
  public final SimFields customFields = new SimFields();
  private final SiteDirectory directory = new SiteDirectory();
  private final TempoSetup tempoSetup = new TempoSetup();
  private final JiraWorklogs jiraWorklogs;
  private final TempoWorklogs tempoWorklogs;
  private final SiteWebhooks webhooks = new SiteWebhooks();

  public SimSite(String name) {
    this.name = name;
    this.jiraWorklogs = new JiraWorklogs(name);
    this.tempoWorklogs = new TempoWorklogs(name, directory, tempoSetup, jiraWorklogs);
    directory.putUser(
        new SimUser(TEMPO_APP_ACCOUNT, "app", "Tempo Timesheets", null, false, "UTC", true));
  }

  public SiteDirectory directory() {
    return directory;
  }

  public TempoSetup tempoSetup() {
    return tempoSetup;
  }

  public TempoWorklogs tempo() {
    return tempoWorklogs;
  }

  public JiraWorklogs jira() {
    return jiraWorklogs;
  }

  public SiteWebhooks webhooks() {
    return webhooks;
  }

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
}
