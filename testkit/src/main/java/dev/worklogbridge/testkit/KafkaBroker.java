package dev.worklogbridge.testkit;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A real Kafka broker for a test: in this JVM (KRaft), in a container, or external. */
public interface KafkaBroker extends AutoCloseable {

  String bootstrapServers();

  /** Where the broker runs, for the test log. */
  String description();

  @Override
  void close();

  default Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(props);
  }

  /** Settings without which a single-node broker never forms a consumer group. */
  Map<String, String> SINGLE_NODE =
      Map.of(
          "offsets.topic.replication.factor", "1",
          "offsets.topic.num.partitions", "4",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "share.coordinator.state.topic.replication.factor", "1",
          "share.coordinator.state.topic.min.isr", "1",
          "group.initial.rebalance.delay.ms", "0",
          "auto.create.topics.enable", "true",
          "num.partitions", "4");

  static KafkaBroker start(InfraMode mode, Map<String, String> env) {
    return switch (mode) {
      case EXTERNAL -> new External(env.get(InfraMode.KAFKA_ENV));
      case CONTAINERS -> Container.start();
      case EMBEDDED -> Embedded.start();
    };
  }

  /** A broker a developer runs. */
  record External(String bootstrapServers) implements KafkaBroker {
    @Override
    public String description() {
      return "external Kafka at " + bootstrapServers;
    }

    @Override
    public void close() {}
  }

  /** One combined broker+controller node in this JVM: about two seconds to start. */
  final class Embedded implements KafkaBroker {
    private final KafkaClusterTestKit cluster;

    private Embedded(KafkaClusterTestKit cluster) {
      this.cluster = cluster;
    }

    static Embedded start() {
      // A fault while the broker stops at JVM exit must not halt the test JVM with a non-zero
      // code (surefire then fails a build whose tests all passed): Kafka's own tests do the same.
      org.apache.kafka.common.utils.Exit.setHaltProcedure(
          (code, message) ->
              System.err.println(
                  "testkit: embedded Kafka asked to halt (" + code + "): " + message));
      org.apache.kafka.common.utils.Exit.setExitProcedure(
          (code, message) ->
              System.err.println(
                  "testkit: embedded Kafka asked to exit (" + code + "): " + message));
      try {
        KafkaClusterTestKit.Builder builder =
            new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
        SINGLE_NODE.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new Embedded(cluster);
      } catch (Exception e) {
        throw new IllegalStateException("could not start the embedded Kafka broker", e);
      }
    }

    @Override
    public String bootstrapServers() {
      return cluster.bootstrapServers();
    }

    @Override
    public String description() {
      return "embedded KRaft broker at " + bootstrapServers();
    }

    @Override
    public void close() {
      try {
        cluster.close();
      } catch (Exception e) {
        // closing at JVM exit: nothing else to do
      }
    }
  }

  /** Testcontainers' Apache Kafka image. */
  final class Container implements KafkaBroker {
    private final KafkaContainer container;

    private Container(KafkaContainer container) {
      this.container = container;
    }

    @SuppressWarnings("resource")
    static Container start() {
      KafkaContainer container =
          new KafkaContainer(DockerImageName.parse("apache/kafka:" + TestVersions.KAFKA));
      SINGLE_NODE.forEach(
          (k, v) -> container.withEnv("KAFKA_" + k.toUpperCase().replace('.', '_'), v));
      container.start();
      return new Container(container);
    }

    @Override
    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    @Override
    public String description() {
      return "Kafka container at " + bootstrapServers();
    }

    @Override
    public void close() {
      container.stop();
    }
  }
}
