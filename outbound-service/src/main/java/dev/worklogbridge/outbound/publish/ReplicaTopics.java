package dev.worklogbridge.outbound.publish;

import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.kafka.KafkaSettings;
import dev.worklogbridge.runtime.kafka.TopicSetup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Creates each connection's replica topic at start-up, when the bridge is asked to. */
@ApplicationScoped
public class ReplicaTopics {

  @Inject KafkaSettings kafka;
  @Inject Connections connections;
  @Inject BridgeConfig config;

  void start(@Observes @Priority(10) StartupEvent event) {
    if (config.kafka().createTopics()) {
      TopicSetup.ensure(kafka, connections, config.kafka().replicationFactor());
    }
  }
}
