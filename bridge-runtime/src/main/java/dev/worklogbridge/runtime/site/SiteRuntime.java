package dev.worklogbridge.runtime.site;

import dev.worklogbridge.cloud.JiraClient;
import dev.worklogbridge.cloud.TempoClient;
import java.util.Optional;

/** One site as the services use it: its clients and the token sources behind them. */
public record SiteRuntime(
    String name,
    Optional<TempoClient> tempo,
    JiraClient jira,
    SecretSource tempoToken,
    SecretSource jiraToken) {

  public boolean hasTempo() {
    return tempo.isPresent();
  }

  public TempoClient requireTempo() {
    return tempo.orElseThrow(
        () -> new IllegalStateException("site " + name + " has no Tempo configured"));
  }
}
