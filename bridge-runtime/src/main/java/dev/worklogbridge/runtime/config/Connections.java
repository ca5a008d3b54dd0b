package dev.worklogbridge.runtime.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The connections as the services use them: who is on the other side, which ways sync flows. */
@ApplicationScoped
public class Connections {

  @Inject BridgeConfig config;

  /** A connection by name with its configuration. */
  public record View(String name, BridgeConfig.Connection config) {
    public String siteA() {
      return config.siteA();
    }

    public String siteB() {
      return config.siteB();
    }

    public boolean includes(String site) {
      return siteA().equals(site) || siteB().equals(site);
    }

    public String other(String site) {
      return siteA().equals(site) ? siteB() : siteA();
    }

    /** Whether changes made on {@code site} flow to the other site. */
    public boolean flowsFrom(String site) {
      return switch (config.directions()) {
        case BOTH -> true;
        case A_TO_B -> siteA().equals(site);
        case B_TO_A -> siteB().equals(site);
      };
    }

    /**
     * The one target site whose consumer dead-letters invalid records (every target's consumer
     * reads the same topic; one dead letter per bad record is enough): site-b, unless only site-a
     * receives.
     */
    public String deadLetterSite() {
      return config.directions() == BridgeConfig.Direction.B_TO_A ? siteA() : siteB();
    }

    public Optional<BridgeConfig.Scope> scope(String site) {
      return Optional.ofNullable(config.scope().get(site));
    }
  }

  public List<View> all() {
    List<View> out = new ArrayList<>();
    config.connections().forEach((name, c) -> out.add(new View(name, c)));
    return out;
  }

  public Optional<View> get(String name) {
    return Optional.ofNullable(config.connections().get(name)).map(c -> new View(name, c));
  }

  public List<View> including(String site) {
    return all().stream().filter(v -> v.includes(site)).toList();
  }

  /** The sites this process serves. */
  public List<String> servedSites() {
    return config.serveSites().orElseGet(() -> new ArrayList<>(config.sites().keySet()));
  }
}
