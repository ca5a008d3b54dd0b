package dev.worklogbridge.inbound.resolve;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.WorkAttributeDef;
import dev.worklogbridge.model.LineageMarker;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.site.WorkAttributeCatalog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;

/**
 * The work attributes a target site knows (only those are copied: Tempo rejects unknown keys), and
 * whether it carries the lineage marker. The marker attribute is created when the token may;
 * otherwise the bridge recognises its own worklogs by their content (fingerprint mode).
 */
@ApplicationScoped
public class TargetAttributes {

  @Inject Sites sites;
  @Inject BridgeConfig config;

  @Inject WorkAttributeCatalog catalog;

  /** The attribute keys of a site's Tempo; none on a site without Tempo. */
  public Set<String> keys(String site) {
    return catalog.of(site).keySet();
  }

  /** The attribute definitions of a site's Tempo, by key. */
  public Map<String, WorkAttributeDef> definitions(String site) {
    return catalog.of(site);
  }

  /** Forgets what was read, e.g. after an attribute was created or removed on a site. */
  public void forget() {
    catalog.forgetAll();
  }

  public boolean hasMarker(String site) {
    return keys(site).contains(LineageMarker.ATTRIBUTE_KEY);
  }

  /** Creates the marker attribute on a target that lacks it, when allowed. */
  public void ensureMarker(String site) {
    if (!sites.site(site).hasTempo()
        || hasMarker(site)
        || !config.inbound().createMarkerAttribute()) {
      return;
    }
    try {
      sites
          .site(site)
          .requireTempo()
          .createWorkAttribute(
              LineageMarker.ATTRIBUTE_KEY, LineageMarker.ATTRIBUTE_NAME, "INPUT_FIELD");
      Log.infof(
          "%s: created the work attribute %s that marks replicas",
          site, LineageMarker.ATTRIBUTE_KEY);
    } catch (CloudException e) {
      if (e.isAuth()) {
        throw e;
      }
      Log.warnf(
          "%s: cannot create the marker attribute (%s); replicas are recognised by their content instead",
          site, e.getMessage());
    }
    catalog.forget(site);
  }
}
