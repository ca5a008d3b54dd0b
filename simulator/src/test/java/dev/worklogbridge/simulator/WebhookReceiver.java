package dev.worklogbridge.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP endpoint that answers Tempo's verification call and records deliveries. */
final class WebhookReceiver implements AutoCloseable {

  /** One delivery as received. */
  record Received(String body, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  final List<Received> deliveries = new CopyOnWriteArrayList<>();
  final java.util.concurrent.atomic.AtomicInteger challenges =
      new java.util.concurrent.atomic.AtomicInteger();
  volatile int status = 200;
  volatile boolean echoChallenge = true;
  private final HttpServer server;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          byte[] response = new byte[0];
          int code = status;
          if ("GET".equals(exchange.getRequestMethod())
              && query != null
              && query.startsWith("randomString=")) {
            code = 200;
            challenges.incrementAndGet();
            String challenge =
                URLDecoder.decode(
                    query.substring("randomString=".length()), StandardCharsets.UTF_8);
            response = (echoChallenge ? challenge : "wrong").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
          } else {
            deliveries.add(
                new Received(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    Map.copyOf(exchange.getRequestHeaders())));
          }
          exchange.sendResponseHeaders(code, response.length == 0 ? -1 : response.length);
          if (response.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(response);
            }
          }
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/hook";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
