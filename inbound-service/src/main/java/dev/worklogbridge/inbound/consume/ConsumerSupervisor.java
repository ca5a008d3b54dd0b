package dev.worklogbridge.inbound.consume;

import dev.worklogbridge.inbound.apply.ReplicaApplier;
import dev.worklogbridge.inbound.resolve.TargetAttributes;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.kafka.KafkaSettings;
import dev.worklogbridge.runtime.kafka.TopicSetup;
import dev.worklogbridge.runtime.priority.BacklogThreads;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.site.TokenProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/** Starts one consumer per (connection, served target site) and stops them on shutdown. */
@ApplicationScoped
public class ConsumerSupervisor {

  @Inject BridgeConfig config;
  @Inject BacklogThreads backlogThreads;
  @Inject Connections connections;
  @Inject KafkaSettings kafka;

  @Inject
  @Connector("smallrye-kafka")
  InboundConnector kafkaConnector;

  @Inject KafkaClientService kafkaClients;
  @Inject ReplicaApplier applier;
  @Inject DeadLetters deadLetters;
  @Inject SiteHealth health;
  @Inject Sites sites;
  @Inject TokenProbe probe;
  @Inject TargetAttributes attributes;
  @Inject MeterRegistry metrics;
  @Inject dev.worklogbridge.runtime.tracing.BridgeSpans spans;

  private final List<ConnectionConsumer> consumers = new ArrayList<>();
  private ExecutorService executor;

  void start(@Observes @Priority(20) StartupEvent event) {
    if (!config.inbound().enabled()) {
      return;
    }
    for (String site : connections.servedSites()) {
      for (Connections.View c : connections.including(site)) {
        if (!c.flowsFrom(c.other(site))) {
          continue;
        }
        ConnectionConsumer consumer =
            new ConnectionConsumer(
                c,
                site,
                ReplicaChannel.config(
                    c.name(),
                    site,
                    config.inbound().maxPollRecords(),
                    config.inbound().autoOffsetReset(),
                    instanceId(),
                    config.inbound().sessionTimeout()),
                kafkaConnector,
                kafkaClients,
                new ChannelBatches(
                    ReplicaChannel.name(c.name(), site),
                    config.inbound().maxPollRecords(),
                    config.inbound().batchLinger()),
                new BatchHandler(c, site, applier, deadLetters, spans, backlogThreads),
                health);
        consumers.add(consumer);
        metrics.gauge(
            "worklog_bridge_consumer_lag",
            List.of(Tag.of("connection", c.name()), Tag.of("site", site)),
            consumer,
            ConnectionConsumer::totalLag);
      }
    }
    executor =
        Executors.newFixedThreadPool(
            Math.max(1, consumers.size()),
            r -> {
              Thread t = new Thread(r, "inbound-consumer");
              t.setDaemon(true);
              return t;
            });
    // The topics and the targets (token, marker attribute) are prepared by the consumers' threads:
    // start-up (and the HTTP port) does not wait for Kafka or Tempo. A target is checked while its
    // consumer's channel joins the group and fetches, and before the first batch is applied.
    for (ConnectionConsumer consumer : consumers) {
      executor.execute(
          () -> {
            prepareTopicsOnce();
            consumer.run(() -> prepareTargetOnce(consumer.site()));
          });
    }
    Log.infof(
        "inbound: %d consumer(s) started: %s",
        consumers.size(), consumers.stream().map(ConnectionConsumer::name).toList());
  }

  private String instanceId() {
    return config
        .inbound()
        .instanceId()
        .orElseGet(
            () -> {
              String host = System.getenv("HOSTNAME");
              if (host == null || host.isBlank()) {
                try {
                  host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                  host = "inbound";
                }
              }
              return host;
            });
  }

  private boolean topicsPrepared;

  /** Per target, prepared or not; its lock is held only by that target's consumers. */
  private final Map<String, java.util.concurrent.atomic.AtomicBoolean> preparedTargets =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Creates the topics (when configured to), once for all consumers. */
  private synchronized void prepareTopicsOnce() {
    if (topicsPrepared) {
      return;
    }
    try {
      if (config.kafka().createTopics()) {
        TopicSetup.ensure(kafka, connections, config.kafka().replicationFactor());
      }
    } catch (RuntimeException e) {
      Log.errorf(
          "could not create or check the topics (the consumers wait for them): %s", e.getMessage());
    }
    topicsPrepared = true;
  }

  /**
   * Prepares a target once, on the thread of its first consumer: each target's consumers start as
   * soon as their own target is ready, not after every other target's checks.
   */
  private void prepareTargetOnce(String site) {
    java.util.concurrent.atomic.AtomicBoolean prepared =
        preparedTargets.computeIfAbsent(site, k -> new java.util.concurrent.atomic.AtomicBoolean());
    synchronized (prepared) {
      if (prepared.getAndSet(true)) {
        return;
      }
      prepareTarget(site);
    }
  }

  /**
   * Checks the target's token and makes sure it can carry the lineage marker (a site without Tempo
   * gets native Jira worklogs, marked by a worklog property: only its Jira token matters).
   */
  private void prepareTarget(String site) {
    if (!sites.site(site).hasTempo()) {
      probe.probe(site, "jira");
      return;
    }
    if (probe.probe(site, "tempo")) {
      try {
        attributes.ensureMarker(site);
      } catch (RuntimeException e) {
        Log.warnf("%s: could not check the marker attribute now: %s", site, e.getMessage());
      }
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    consumers.forEach(ConnectionConsumer::stop);
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(15, TimeUnit.SECONDS);
    }
  }

  public List<ConnectionConsumer> consumers() {
    return List.copyOf(consumers);
  }

  public Optional<ConnectionConsumer> consumer(String connection, String site) {
    return consumers.stream().filter(c -> c.name().equals(connection + "/" + site)).findFirst();
  }
}
