package dev.worklogbridge.testkit;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@link RealInfrastructure} plus the simulator and the {@link TwoSites} configuration: what a
 * service test needs to run against real Kafka, real PostgreSQL and simulated clouds. Token files
 * live in {@code target/test-tokens}; the simulator URL is also {@code wb.simulator.url}.
 */
public class BridgeTestResource extends RealInfrastructure {

  /** Where this JVM's token files are. */
  public static final Path TOKENS = Path.of("target", "test-tokens").toAbsolutePath();

  @Override
  public void init(Map<String, String> initArgs) {
    java.util.HashMap<String, String> args = new java.util.HashMap<>(initArgs);
    args.put("simulator", "true");
    super.init(args);
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new java.util.HashMap<>(super.start());
    config.putAll(TwoSites.config(config.get("wb.simulator.url"), TOKENS));
    return config;
  }
}
