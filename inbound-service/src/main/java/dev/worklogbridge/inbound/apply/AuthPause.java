package dev.worklogbridge.inbound.apply;

/** The target rejected the token (401): stop, keep every event, resume when the token works. */
public class AuthPause extends RuntimeException {
  private final String site;

  public AuthPause(String site, String message) {
    super(message, null, false, false);
    this.site = site;
  }

  public String site() {
    return site;
  }
}
