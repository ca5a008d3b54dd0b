package dev.worklogbridge.model;

/** Topic names of a connection, and the record headers a consumer reads without decoding. */
public final class Topics {

  public static final String PREFIX = "worklog-replica.";
  public static final String DLQ_SUFFIX = ".dlq";

  /**
   * The CloudEvents extension header ({@code idempotencykey}, binary mode) that carries the event's
   * {@link ReplicaEvent#idempotencyKey()}: a consumer tells a change it has already applied from
   * the record's key (the lineage) and this header, without decoding the record.
   */
  public static final String IDEMPOTENCY_KEY_HEADER = "ce_idempotencykey";

  private Topics() {}

  /** {@code worklog-replica.<connection>}: both directions of the connection share it. */
  public static String replica(String connection) {
    return PREFIX + Names.requireValid("connection", connection);
  }

  /** {@code worklog-replica.<connection>.dlq}: invalid events, with the reason in headers. */
  public static String deadLetter(String connection) {
    return replica(connection) + DLQ_SUFFIX;
  }

  /** The inbound consumer group of one site of a connection. */
  public static String inboundGroup(String connection, String site) {
    return "inbound-" + Names.requireValid("connection", connection) + "-" + site;
  }

  /**
   * The CloudEvents {@code ce_source} header of an event published from {@code site}: consumers can
   * tell a record's source site without decoding it.
   */
  public static String ceSource(String site) {
    return "/worklog-bridge/" + site;
  }
}
