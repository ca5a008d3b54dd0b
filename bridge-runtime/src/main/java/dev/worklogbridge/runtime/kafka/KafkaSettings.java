package dev.worklogbridge.runtime.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code kafka.*} settings of the process (bootstrap servers, TLS, SASL for Strimzi users), as
 * Quarkus collects them, for the producers, consumers and admin clients the services build.
 */
@ApplicationScoped
public class KafkaSettings {

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> defaults;

  /** A fresh copy with {@code overrides} applied. */
  public Map<String, Object> with(Map<String, Object> overrides) {
    Map<String, Object> out = new HashMap<>();
    defaults.forEach(
        (k, v) -> {
          // Quarkus also passes its own keys (e.g. health settings); clients warn about unknown
          // ones.
          if (!k.startsWith("health") && !k.startsWith("devservices") && !k.startsWith("snappy")) {
            out.put(k, v);
          }
        });
    out.putAll(overrides);
    return out;
  }
}
