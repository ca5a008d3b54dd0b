package dev.worklogbridge.runtime.tracing;

import dev.worklogbridge.model.ReplicaEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The bridge's spans: one trace per change, from the poll or webhook that saw it (outbound), over
 * the Kafka hop (the connector writes the {@code traceparent} header), to the apply and the target
 * write (inbound). Every span names the lineage and the connection. Without a configured OTLP
 * endpoint the SDK is off ({@link TracingExport}) and these are no-ops.
 */
@ApplicationScoped
public class BridgeSpans {

  public static final AttributeKey<String> LINEAGE =
      AttributeKey.stringKey("worklog_bridge.lineage");
  public static final AttributeKey<String> CONNECTION =
      AttributeKey.stringKey("worklog_bridge.connection");
  public static final AttributeKey<String> SITE = AttributeKey.stringKey("worklog_bridge.site");
  public static final AttributeKey<String> EVENT = AttributeKey.stringKey("worklog_bridge.event");
  public static final AttributeKey<Long> EVENTS = AttributeKey.longKey("worklog_bridge.events");

  private static final TextMapGetter<Headers> KAFKA_HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
          List<String> keys = new ArrayList<>();
          headers.forEach(h -> keys.add(h.key()));
          return keys;
        }

        @Override
        public String get(Headers headers, String key) {
          Header h = headers == null ? null : headers.lastHeader(key);
          return h == null || h.value() == null
              ? null
              : new String(h.value(), StandardCharsets.UTF_8);
        }
      };

  @Inject OpenTelemetry telemetry;

  private Tracer tracer() {
    return telemetry.getTracer("worklog-bridge");
  }

  /** A poll of one site's Tempo (outbound); current while the poll runs. */
  public Span poll(String site) {
    return tracer().spanBuilder("poll " + site).setAttribute(SITE, site).startSpan();
  }

  /** A batch of webhook deliveries of one site, linked to the requests that brought them. */
  public Span webhooks(String site, List<Context> deliveries) {
    SpanBuilder b =
        tracer()
            .spanBuilder("webhooks " + site)
            .setAttribute(SITE, site)
            .setAttribute(EVENTS, (long) deliveries.size());
    deliveries.forEach(d -> b.addLink(Span.fromContext(d).getSpanContext()));
    return b.startSpan();
  }

  /**
   * The root of one change's trace (outbound): a worklog seen changed, about to be published. The
   * poll or webhook batch that saw it (the current span) is its parent when it saw only this one,
   * its link otherwise, so that every change has a trace of its own.
   */
  public Span change(ReplicaEvent e) {
    SpanBuilder b =
        tracer()
            .spanBuilder("worklog " + e.type().wireName())
            .setSpanKind(SpanKind.INTERNAL)
            .setNoParent()
            .setAttribute(LINEAGE, e.lineage().id())
            .setAttribute(CONNECTION, e.connection())
            .setAttribute(SITE, e.source().site())
            .setAttribute(EVENT, e.eventId());
    Span seenBy = Span.current();
    if (seenBy.getSpanContext().isValid()) {
      b.addLink(seenBy.getSpanContext());
    }
    return b.startSpan();
  }

  /** The trace context a record carries (the connector's {@code traceparent}), or none. */
  public Context extract(Headers headers) {
    return telemetry
        .getPropagators()
        .getTextMapPropagator()
        .extract(Context.root(), headers, KAFKA_HEADERS);
  }

  /** The apply of one event on the target (inbound), child of the change's trace. */
  public Span apply(Context parent, String connection, String site, ReplicaEvent e) {
    return tracer()
        .spanBuilder("apply " + e.type().wireName())
        .setParent(parent == null ? Context.root() : parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(LINEAGE, e.lineage().id())
        .setAttribute(CONNECTION, connection)
        .setAttribute(SITE, site)
        .setAttribute(EVENT, e.eventId())
        .startSpan();
  }

  /** One bulk create for many events: child of the first one's trace, linked to all. */
  public Span bulk(String connection, String site, List<Context> events) {
    SpanBuilder b =
        tracer()
            .spanBuilder("bulk create")
            .setParent(events.isEmpty() ? Context.root() : events.get(0))
            .setAttribute(CONNECTION, connection)
            .setAttribute(SITE, site)
            .setAttribute(EVENTS, (long) events.size());
    events.forEach(c -> b.addLink(Span.fromContext(c).getSpanContext()));
    return b.startSpan();
  }

  /**
   * A finished call to a site's API, recorded as a client span of whatever is current (the apply,
   * the poll): method, API and path, never a header or a token.
   */
  public void call(String site, String api, String method, String path, int status, long nanos) {
    if (!Span.current().getSpanContext().isValid()) {
      return;
    }
    Instant end = Instant.now();
    Span s =
        tracer()
            .spanBuilder(method + " " + api)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(end.minusNanos(nanos))
            .setAttribute(SITE, site)
            .setAttribute("http.request.method", method)
            .setAttribute("url.template", path)
            .setAttribute("http.response.status_code", (long) status)
            .startSpan();
    if (status == 0 || status >= 400) {
      s.setStatus(StatusCode.ERROR);
    }
    s.end(end.toEpochMilli() * 1000, TimeUnit.MICROSECONDS);
  }

  /** Marks a span failed with the reason (no token ever reaches an exception message). */
  public static void failed(Span span, Throwable t) {
    span.setStatus(
        StatusCode.ERROR, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }
}
