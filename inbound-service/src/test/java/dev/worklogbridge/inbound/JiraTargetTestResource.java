package dev.worklogbridge.inbound;

import dev.worklogbridge.testkit.BridgeTestResource;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link BridgeTestResource} world with jcb configured without Tempo: the vendor's site only
 * receives, as native Jira worklogs, so the connection flows from jca to jcb only.
 */
public class JiraTargetTestResource extends BridgeTestResource {
  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    config.remove("bridge.sites.jcb.tempo-url");
    config.remove("bridge.sites.jcb.tempo-token.file");
    config.put("bridge.connections.acme.directions", "A_TO_B");
    config.put("bridge.connections.acme.sync-remaining-estimate", "true");
    return config;
  }
}
