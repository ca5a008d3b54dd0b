package dev.worklogbridge.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The test resource every service test uses: a real Kafka broker, a fresh database on a real
 * PostgreSQL server and, with {@code @WithTestResource(initArgs = @ResourceArg(name = "simulator",
 * value = "true"))}, the simulator; {@code kafka=false} leaves the broker out. It sets {@code
 * kafka.bootstrap.servers}, the datasource, and {@code wb.simulator.url}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

  private boolean withSimulator;
  private boolean withKafka;

  @Override
  public void init(Map<String, String> initArgs) {
    withSimulator = Boolean.parseBoolean(initArgs.getOrDefault("simulator", "false"));
    withKafka = Boolean.parseBoolean(initArgs.getOrDefault("kafka", "true"));
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>();
    if (withKafka) {
      config.put("kafka.bootstrap.servers", SharedInfrastructure.kafka().bootstrapServers());
    }
    PostgresServer postgres = SharedInfrastructure.postgres();
    String database = postgres.createDatabase("wb");
    config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
    config.put("quarkus.datasource.username", postgres.username());
    config.put("quarkus.datasource.password", postgres.password());
    if (withSimulator) {
      SimulatorProcess simulator = SharedInfrastructure.simulator();
      config.put("wb.simulator.url", simulator.baseUrl());
    }
    return config;
  }

  @Override
  public void stop() {
    // Shared servers outlive one application; they stop with the JVM.
  }
}
