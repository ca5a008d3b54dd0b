package dev.worklogbridge.runtime.tracing;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Traces are exported over OTLP only when an endpoint is configured ({@code
 * quarkus.otel.exporter.otlp[.traces].endpoint}, e.g. {@code
 * QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}); otherwise the OpenTelemetry SDK stays off, so a
 * process without a collector still makes spans and writes the {@code traceparent} header (the
 * autoconfigured SDK keeps its tracer and propagators) but exports nothing and never tries {@code
 * localhost:4317}. An explicit {@code quarkus.otel.sdk.disabled} anywhere wins over this default.
 */
public final class TracingExport implements ConfigSourceFactory {

  static final String DISABLED = "quarkus.otel.sdk.disabled";
  static final List<String> ENDPOINTS =
      List.of("quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint");

  /** Below every source an operator writes (application.properties is 250, the environment 300). */
  static final int ORDINAL = 50;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    boolean endpoint = ENDPOINTS.stream().anyMatch(key -> isSet(context.getValue(key)));
    return List.of(
        new PropertiesConfigSource(
            Map.of(DISABLED, Boolean.toString(!endpoint)),
            "worklog-bridge tracing export",
            ORDINAL));
  }

  /**
   * Set by someone: a value from a real source, not the extension's default (defaults live in
   * sources of negative ordinal).
   */
  private static boolean isSet(ConfigValue value) {
    return value != null
        && value.getValue() != null
        && !value.getValue().isBlank()
        && value.getConfigSourceOrdinal() > 0;
  }
}
