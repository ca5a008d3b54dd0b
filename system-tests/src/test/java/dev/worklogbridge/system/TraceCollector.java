package dev.worklogbridge.system;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver that keeps every span in memory: the services export to it as they
 * would to a collector, and a test reads whole traces across both of them.
 */
final class TraceCollector implements AutoCloseable {

  /** One received span, flattened: which service, which trace, what it says. */
  record Received(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Map<String, String> attributes) {}

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();

  TraceCollector() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream raw = exchange.getRequestBody()) {
            InputStream body =
                "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(raw)
                    : raw;
            receive(ExportTraceServiceRequest.parseFrom(body));
            byte[] ok = new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
          } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** The endpoint for {@code quarkus.otel.exporter.otlp.traces.endpoint} (http/protobuf). */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The settings that make a service export here, quickly. */
  Map<String, String> serviceConfig() {
    return Map.of(
        "quarkus.otel.exporter.otlp.traces.endpoint", endpoint(),
        "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
        "quarkus.otel.bsp.schedule.delay", "200ms");
  }

  List<Received> spans() {
    return List.copyOf(spans);
  }

  /** Every span of one trace. */
  List<Received> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private void receive(ExportTraceServiceRequest request) {
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service =
          resource.getResource().getAttributesList().stream()
              .filter(a -> a.getKey().equals("service.name"))
              .map(a -> a.getValue().getStringValue())
              .findFirst()
              .orElse("?");
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        List<Received> batch = new ArrayList<>();
        for (io.opentelemetry.proto.trace.v1.Span s : scope.getSpansList()) {
          Map<String, String> attributes = new TreeMap<>();
          for (KeyValue kv : s.getAttributesList()) {
            attributes.put(
                kv.getKey(),
                kv.getValue().hasStringValue()
                    ? kv.getValue().getStringValue()
                    : kv.getValue().toString().trim());
          }
          batch.add(
              new Received(
                  service,
                  hex(s.getTraceId().toByteArray()),
                  hex(s.getSpanId().toByteArray()),
                  hex(s.getParentSpanId().toByteArray()),
                  s.getName(),
                  attributes));
        }
        spans.addAll(batch);
      }
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
