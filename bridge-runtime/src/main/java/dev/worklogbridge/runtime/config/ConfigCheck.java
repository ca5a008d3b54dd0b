package dev.worklogbridge.runtime.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/** Stops start-up when the configuration is wrong, listing every problem with its key. */
@ApplicationScoped
public class ConfigCheck {

  @Inject BridgeConfig config;

  void onStart(@Observes @Priority(1) StartupEvent event) {
    List<String> problems = ConfigValidator.problems(config, System.getenv());
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
  }

  /** Thrown at start-up; the message lists every problem. */
  public static class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(List<String> problems) {
      super(
          "Invalid worklog-bridge configuration:\n  - " + String.join("\n  - ", problems),
          null,
          false,
          false);
    }
  }
}
