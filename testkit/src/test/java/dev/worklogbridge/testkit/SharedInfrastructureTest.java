package dev.worklogbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The servers the testkit hands out are real: a record goes through Kafka, SQL runs. */
class SharedInfrastructureTest {

  @Test
  void kafkaCarriesARecordThroughAConsumerGroup() throws Exception {
    String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("testkit-probe", "k", "hello")).get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-probe-group");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("testkit-probe"));
      String value = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (value == null && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          value = records.iterator().next().value();
        }
      }
      assertThat(value).isEqualTo("hello");
    }
  }

  @Test
  void postgresGivesEachCallerAFreshDatabase() throws Exception {
    PostgresServer server = SharedInfrastructure.postgres();
    String first = server.createDatabase("probe");
    String second = server.createDatabase("probe");
    assertThat(first).isNotEqualTo(second);
    try (Connection conn =
            DriverManager.getConnection(
                server.jdbcUrl(first), server.username(), server.password());
        ResultSet rs = conn.createStatement().executeQuery("select current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(first);
    }
  }

  @Test
  void theTestResourceHandsOutKafkaAndADatabase() {
    RealInfrastructure resource = new RealInfrastructure();
    resource.init(Map.of());
    Map<String, String> config = resource.start();
    assertThat(config)
        .containsKeys(
            "kafka.bootstrap.servers",
            "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username",
            "quarkus.datasource.password")
        .doesNotContainKey("wb.simulator.url");
  }
}
