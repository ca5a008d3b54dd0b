package dev.worklogbridge.inbound.apply;

/** The target rejected the token (401): stop, keep every event, resume when the token works. */
public class AuthPause extends RuntimeException {
  private final String site;
  private final String api;

  public AuthPause(String site, String api, String message) {
    super(message, null, false, false);
    this.site = site;
    this.api = api;
  }

  public String site() {
    return site;
  }

  /** Which of the site's APIs rejected its token: {@code tempo} or {@code jira}. */
  public String api() {
    return api;
  }

  /** What the operator reads in status and readiness. */
  public String reason() {
    return ("jira".equals(api) ? "Jira" : "Tempo")
        + " rejected the token (401): replace it; every event is kept";
  }
}
