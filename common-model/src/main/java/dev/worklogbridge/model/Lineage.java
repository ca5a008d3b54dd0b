package dev.worklogbridge.model;

/**
 * Names a worklog and all its replicas by the worklog a person logged first: {@code jca:126}. The
 * lineage id is the Kafka key, so every change of one lineage keeps its order.
 */
public record Lineage(String originSite, long originWorklogId) {

  public Lineage {
    Names.requireValid("lineage.originSite", originSite);
    if (originWorklogId < 1) {
      throw new IllegalArgumentException("lineage.originWorklogId must be positive");
    }
  }

  /** The lineage id, {@code <originSite>:<originWorklogId>}. */
  public String id() {
    return originSite + ":" + originWorklogId;
  }

  /** Parses {@code jca:126}. */
  public static Lineage parse(String id) {
    int colon = id == null ? -1 : id.lastIndexOf(':');
    if (colon <= 0 || colon == id.length() - 1) {
      throw new IllegalArgumentException("not a lineage id (site:worklogId): " + id);
    }
    try {
      return new Lineage(id.substring(0, colon), Long.parseLong(id.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a lineage id (site:worklogId): " + id, e);
    }
  }

  @Override
  public String toString() {
    return id();
  }
}
