package dev.worklogbridge.inbound;

import dev.worklogbridge.testkit.BridgeTestResource;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link BridgeTestResource} world with a misconfigured target remote-key field (jcb has no
 * customfield_99999) and a working source one (jca's customfield_10070 names the vendor's issue).
 */
public class PairingRulesTestResource extends BridgeTestResource {
  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    config.put("bridge.connections.acme.pairing.remote-key-field.jcb", "customfield_99999");
    config.put("bridge.connections.acme.pairing.remote-key-field.jca", "customfield_10070");
    return config;
  }
}
