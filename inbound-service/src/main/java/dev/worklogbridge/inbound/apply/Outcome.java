package dev.worklogbridge.inbound.apply;

/** What applying one event did on the target. */
public record Outcome(Kind kind, String detail) {

  /** The kinds of outcome, as counted in metrics. */
  public enum Kind {
    CREATED,
    UPDATED,
    DELETED,
    SKIPPED,
    PARKED
  }

  public static Outcome skipped(String why) {
    return new Outcome(Kind.SKIPPED, why);
  }

  public boolean wrote() {
    return kind == Kind.CREATED || kind == Kind.UPDATED || kind == Kind.DELETED;
  }
}
