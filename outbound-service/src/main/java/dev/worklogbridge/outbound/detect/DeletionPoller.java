package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.DeletedWorklogEvent;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.store.PollWatermark;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deleted worklogs are simply absent from Tempo's lists; the papertrail feed names them. Read on a
 * schedule from a persisted watermark; a deletion the webhook already reported publishes nothing.
 */
@ApplicationScoped
public class DeletionPoller {

  @Inject BridgeConfig config;
  @Inject Poller poller;
  @Inject Sites sites;
  @Inject SiteHealth health;
  @Inject DeletionPublisher deletions;

  @Scheduled(
      every = "${bridge.outbound.deletion-poll-interval:60s}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Poller.Disabled.class)
  public void pollAll() {
    for (String site : poller.watchedSites()) {
      if (health.isAuthFailed(site, "tempo")) {
        continue;
      }
      try {
        poll(site);
      } catch (CloudException e) {
        if (e.isAuth()) {
          health.authFailed(
              site, "tempo", "Tempo rejected the token (401) while reading deletions: replace it");
        }
        Log.warnf("%s: deletion poll failed, will try again: %s", site, e.getMessage());
      } catch (RuntimeException e) {
        Log.errorf(e, "%s: deletion poll failed, will try again", site);
      }
    }
  }

  public int poll(String site) {
    Instant now = Instant.now();
    Instant watermark =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    PollWatermark.read(site, PollWatermark.DELETIONS)
                        .orElseGet(
                            () -> {
                              Instant start = now.minus(config.outbound().initialLookback());
                              PollWatermark.advance(site, PollWatermark.DELETIONS, start);
                              return start;
                            }));
    List<DeletedWorklogEvent> deleted = new ArrayList<>();
    sites
        .site(site)
        .requireTempo()
        .forEachDeleted(watermark.minus(config.outbound().pollOverlap()), deleted::add);
    for (DeletedWorklogEvent d : deleted) {
      deletions.worklogDeleted(site, d.tempoWorklogId(), d.deletedAt(), "papertrail");
    }
    // Every page was read: everything deleted before this poll began has been seen, whatever the
    // items say of their own time (the papertrail's item schema is undocumented, and a missing
    // deletion time must not freeze the watermark). The overlap re-reads the edge next time.
    QuarkusTransaction.requiringNew()
        .run(() -> PollWatermark.advance(site, PollWatermark.DELETIONS, now));
    return deleted.size();
  }
}
