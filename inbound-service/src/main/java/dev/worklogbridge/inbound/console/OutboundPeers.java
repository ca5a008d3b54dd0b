package dev.worklogbridge.inbound.console;

import dev.worklogbridge.cloud.SiteAuthorization;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.site.SecretSource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The outbound services of {@code bridge.inbound.console-outbounds}, each as a REST client of its
 * admin API carrying this process's admin API key (only to that URL's origin), so that the console
 * shows the watchers beside the writers and starts backfills without a second address or login.
 */
@ApplicationScoped
public class OutboundPeers {

  @Inject BridgeConfig config;

  private final Map<String, OutboundAdminApi> peers = new TreeMap<>();

  @PostConstruct
  void init() {
    SecretSource key = new SecretSource("bridge.admin.api-key", config.admin().apiKey());
    config
        .inbound()
        .consoleOutbounds()
        .forEach(
            (name, url) -> {
              URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
              peers.put(
                  name,
                  QuarkusRestClientBuilder.newBuilder()
                      .baseUri(base)
                      // Every status comes back as an answer, which the console shows as it is.
                      .property("microprofile.rest.client.disable.default.mapper", true)
                      .connectTimeout(3, TimeUnit.SECONDS)
                      .readTimeout(10, TimeUnit.SECONDS)
                      .followRedirects(false)
                      .register(
                          new SiteAuthorization(
                              "outbound admin", base, () -> "Bearer " + key.get()))
                      .build(OutboundAdminApi.class));
            });
  }

  /** The configured outbounds' names, sorted. */
  public java.util.Set<String> names() {
    return peers.keySet();
  }

  public Optional<OutboundAdminApi> peer(String name) {
    return Optional.ofNullable(peers.get(name));
  }
}
