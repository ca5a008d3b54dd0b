package dev.worklogbridge.cloud;

/**
 * A call to Tempo or Jira that failed for good (after its bounded retries). The message names the
 * site, the call and the answer; it never contains a token.
 */
public class CloudException extends RuntimeException {

  private final ErrorKind kind;
  private final int status;
  private final String site;
  private final String api;
  private final boolean outcomeUnknown;

  public CloudException(ErrorKind kind, int status, String site, String message, Throwable cause) {
    this(kind, status, site, "", message, cause);
  }

  /** {@code api}: {@code tempo} or {@code jira}, whichever answered. */
  public CloudException(
      ErrorKind kind, int status, String site, String api, String message, Throwable cause) {
    this(kind, status, site, api, message, cause, false);
  }

  /** {@code outcomeUnknown}: a call that must not happen twice may or may not have been done. */
  public CloudException(
      ErrorKind kind,
      int status,
      String site,
      String api,
      String message,
      Throwable cause,
      boolean outcomeUnknown) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.site = site;
    this.api = api;
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * True when a create was sent and its answer lost (timeout, dropped connection, 408, 5xx): it may
   * have been stored, so it is never re-sent blind.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  /** {@code tempo} or {@code jira}; empty when not known. */
  public String api() {
    return api;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  public String site() {
    return site;
  }

  public boolean isAuth() {
    return kind == ErrorKind.AUTH;
  }
}
