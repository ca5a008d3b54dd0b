package dev.worklogbridge.inbound;

import dev.worklogbridge.testkit.BridgeTestResource;
import dev.worklogbridge.testkit.TcpProxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The {@link BridgeTestResource} world with the service's PostgreSQL behind a {@link TcpProxy}. */
public class DatabaseOutageTestResource extends BridgeTestResource {

  static TcpProxy proxy;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    String url = config.get("quarkus.datasource.jdbc.url");
    URI db = URI.create(url.substring("jdbc:".length()));
    proxy = new TcpProxy(db.getHost(), db.getPort());
    config.put(
        "quarkus.datasource.jdbc.url",
        url.replace(db.getHost() + ":" + db.getPort(), "localhost:" + proxy.port()));
    return config;
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
    super.stop();
  }
}
