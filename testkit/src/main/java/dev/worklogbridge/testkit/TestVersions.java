package dev.worklogbridge.testkit;

import org.apache.kafka.common.utils.AppInfoParser;

/** Versions of the servers tests start, matched to what production runs. */
final class TestVersions {

  /** The container image tag: the same Kafka version as the clients on the classpath. */
  static final String KAFKA = AppInfoParser.getVersion();

  static final String POSTGRES = "16-alpine";

  private TestVersions() {}
}
