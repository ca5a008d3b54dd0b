package dev.worklogbridge.runtime.kafka;

import dev.worklogbridge.model.Topics;
import dev.worklogbridge.runtime.config.Connections;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates each connection's topic and its dead-letter topic (same partitions) when they are
 * missing. On Kubernetes Strimzi creates them first; then this finds them and does nothing.
 */
public final class TopicSetup {

  private TopicSetup() {}

  public static void ensure(KafkaSettings kafka, Connections connections, int replication) {
    try (Admin admin = Admin.create(kafka.with(Map.of()))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Connections.View c : connections.all()) {
        for (String topic : List.of(Topics.replica(c.name()), Topics.deadLetter(c.name()))) {
          if (!existing.contains(topic)) {
            missing.add(new NewTopic(topic, c.config().partitions(), (short) replication));
          }
        }
      }
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          Log.infof("created topic %s with %d partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not create the connections' topics: " + e.getMessage(), e);
    }
  }
}
