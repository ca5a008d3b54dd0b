package dev.worklogbridge.model;

/**
 * The mark a replica carries on its site: a Tempo work attribute whose value is the lineage id. It
 * lets a retry after a crash find a worklog it already posted, and lets the outbound side know a
 * replica from an origin without asking the database.
 */
public final class LineageMarker {

  /** Key of the work attribute (Tempo keys are wrapped in underscores). */
  public static final String ATTRIBUTE_KEY = "_WorklogBridgeLineage_";

  /** Display name of the work attribute the services create on start-up. */
  public static final String ATTRIBUTE_NAME = "worklog-bridge lineage";

  private LineageMarker() {}
}
