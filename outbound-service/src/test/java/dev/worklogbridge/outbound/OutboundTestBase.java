package dev.worklogbridge.outbound;

import dev.worklogbridge.model.Topics;
import dev.worklogbridge.store.LineageLink;
import dev.worklogbridge.testkit.SimulatorClient;
import dev.worklogbridge.testkit.TwoSites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh world for each test: seeded simulator, empty sync-store, a reader on the topic. */
abstract class OutboundTestBase {

  @ConfigProperty(name = "wb.simulator.url")
  String simulatorUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  SimulatorClient sim;
  ReplicaTopicReader topic;

  @BeforeEach
  void world() {
    sim = new SimulatorClient(simulatorUrl);
    sim.reset();
    sim.seed(TwoSites.seed());
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                LineageLink.getEntityManager()
                    .createNativeQuery(
                        "TRUNCATE lineage_link, poll_watermark, webhook_subscription, lineage_history")
                    .executeUpdate());
    topic = new ReplicaTopicReader(bootstrap, Topics.replica(TwoSites.CONNECTION));
  }

  @AfterEach
  void close() {
    topic.close();
  }
}
