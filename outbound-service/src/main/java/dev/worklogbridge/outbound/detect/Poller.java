package dev.worklogbridge.outbound.detect;

import dev.worklogbridge.cloud.CloudException;
import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.runtime.config.BridgeConfig;
import dev.worklogbridge.runtime.config.Connections;
import dev.worklogbridge.runtime.priority.BacklogThreads;
import dev.worklogbridge.runtime.site.SiteHealth;
import dev.worklogbridge.runtime.site.SiteRuntime;
import dev.worklogbridge.runtime.site.Sites;
import dev.worklogbridge.runtime.tracing.BridgeSpans;
import dev.worklogbridge.store.PollWatermark;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backstop that never misses: every poll interval, each served site's worklogs updated since
 * its watermark (minus an overlap) are read, oldest update first, and fed to the change sightings.
 * The watermark lives in the database, so a restart resumes where the last poll ended.
 */
@ApplicationScoped
public class Poller {

  static final int BATCH = 500;

  @Inject BridgeConfig config;
  @Inject Connections connections;
  @Inject Sites sites;
  @Inject SiteHealth health;
  @Inject SightingPublisher sightings;
  @Inject MeterRegistry metrics;
  @Inject BridgeSpans spans;
  @Inject BacklogThreads backlogThreads;

  private final Map<String, Instant> watermarks = new ConcurrentHashMap<>();

  @PostConstruct
  void gauges() {
    for (String site : watchedSites()) {
      metrics.gauge(
          "worklog_bridge_poll_lag_seconds",
          List.of(io.micrometer.core.instrument.Tag.of("site", site)),
          watermarks,
          m ->
              m.containsKey(site)
                  ? (Instant.now().toEpochMilli() - m.get(site).toEpochMilli()) / 1000.0
                  : 0);
    }
  }

  /**
   * Sites this process watches: served, with Tempo, and the source of at least one flowing
   * connection.
   */
  public List<String> watchedSites() {
    List<String> out = new ArrayList<>();
    for (String site : connections.servedSites()) {
      boolean source = connections.including(site).stream().anyMatch(c -> c.flowsFrom(site));
      if (source && sites.site(site).hasTempo()) {
        out.add(site);
      }
    }
    return out;
  }

  @Scheduled(
      every = "${bridge.outbound.poll-interval:30s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Disabled.class)
  public void pollAll() {
    for (String site : watchedSites()) {
      if (stopping) {
        return;
      }
      pollSafely(site);
    }
  }

  /**
   * Set when the process stops: a periodic round still going through the sites leaves the rest (the
   * watermarks are in the database, the next process resumes them) instead of polling into a closed
   * persistence unit and logging an error per site.
   */
  private volatile boolean stopping;

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /**
   * A webhook said something changed on {@code site} at {@code receivedNanos}: make sure a poll
   * that started after that has run (one request per page of changes instead of one per change).
   * Many webhooks arriving during a poll are served by the one poll that follows it.
   */
  public void pollAfter(String site, long receivedNanos) {
    pollSafely(site, receivedNanos);
  }

  private void pollSafely(String site) {
    pollSafely(site, Long.MIN_VALUE);
  }

  /**
   * How far before the watermark a poll re-reads: the whole overlap for the periodic poll (the
   * backstop for changes Tempo showed late), a short one for a webhook's poll, which looks for the
   * news the webhook announced. During a burst of ten thousand creates every webhook poll re-read
   * the whole two-minute overlap, ten pages each time, recognised as published one by one; the
   * periodic poll still re-reads it, from a watermark no webhook poll moved further than before.
   */
  private Duration overlap(long notBefore) {
    return notBefore == Long.MIN_VALUE
        ? config.outbound().pollOverlap()
        : config.outbound().webhookPollOverlap();
  }

  private final Map<String, Long> lastStart = new ConcurrentHashMap<>();

  private void pollSafely(String site, long notBefore) {
    if (stopping || health.isAuthFailed(site, "tempo")) {
      return;
    }
    Object lock = locks.computeIfAbsent(site, k -> new Object());
    synchronized (lock) {
      if (lastStart.getOrDefault(site, Long.MIN_VALUE) > notBefore && notBefore != Long.MIN_VALUE) {
        return;
      }
      lastStart.put(site, System.nanoTime());
      try {
        poll(site, overlap(notBefore));
      } catch (CloudException e) {
        if (e.isAuth()) {
          health.authFailed(
              site, "tempo", "Tempo rejected the token (401) while polling: replace it");
        }
        Log.warnf("%s: poll failed, will try again next interval: %s", site, e.getMessage());
      } catch (RuntimeException e) {
        if (stopping) {
          // A poll under way when the process stops meets a closed persistence unit: nothing is
          // lost (the watermark only moves with what was published), the next process resumes.
          Log.infof("%s: poll stopped by the shutdown, resumed by the next start", site);
        } else {
          Log.errorf(e, "%s: poll failed, will try again next interval", site);
        }
      }
    }
  }

  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** One poll of one site, re-reading the whole overlap; returns the number of worklogs read. */
  public int poll(String site) {
    return poll(site, config.outbound().pollOverlap());
  }

  private int poll(String site, Duration overlap) {
    Span span = spans.poll(site);
    try (Scope scope = span.makeCurrent()) {
      return pollTraced(site, overlap);
    } catch (RuntimeException e) {
      BridgeSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  private int pollTraced(String site, Duration overlap) {
    SiteRuntime s = sites.site(site);
    Instant now = Instant.now();
    Instant watermark =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    PollWatermark.read(site, PollWatermark.WORKLOGS)
                        .orElseGet(
                            () -> {
                              Instant start = now.minus(config.outbound().initialLookback());
                              PollWatermark.advance(site, PollWatermark.WORKLOGS, start);
                              return start;
                            }));
    Instant from = watermark.minus(overlap);
    int batchSize = Math.min(BATCH, config.outbound().pageSize());
    ReadSoFar read = new ReadSoFar(batchSize);
    s.requireTempo()
        .forEachUpdated(
            from,
            List.of(),
            config.outbound().pageSize(),
            w -> {
              read.add(w);
              if (read.batch.size() >= batchSize) {
                flush(site, read, now, false);
              }
            });
    flush(site, read, now, true);
    Log.debugf("%s: polled %d worklog(s) updated since %s", site, read.count, from);
    return read.count;
  }

  /** What one poll has read: the batch not yet processed and the newest update seen. */
  private static final class ReadSoFar {
    final List<TempoWorklog> batch;
    Instant newest;
    int count;

    ReadSoFar(int batchSize) {
      batch = new ArrayList<>(batchSize);
    }

    void add(TempoWorklog w) {
      batch.add(w);
      count++;
      Instant at = w.updatedAt();
      if (at != null && (newest == null || at.isAfter(newest))) {
        newest = at;
      }
    }
  }

  /**
   * Processes the batch. The watermark moves to the newest update read only at the end of a
   * complete read ({@code complete}): Tempo documents {@code orderBy=UPDATED} as descending, so the
   * older worklogs are on the later pages, and other implementations may answer in another order
   * (equal timestamps cannot tell). A read that fails on a later page leaves the watermark where it
   * was, so the next poll reads those pages; what it reads again is recognised by its content and
   * published once. Never beyond the time the poll started: a worklog updated during this poll is
   * read next time.
   */
  private void flush(String site, ReadSoFar read, Instant pollStart, boolean complete) {
    if (!read.batch.isEmpty()) {
      List<TempoWorklog> batch = List.copyOf(read.batch);
      // A page of a burst (a backfill's writes, read back) on the backlog threads: the quiet
      // sites' polls beside it take a core first.
      try {
        backlogThreads.run(batch.size(), () -> sightings.worklogsSeen(site, batch, "poll"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a poll's page was processed", e);
      }
      read.batch.clear();
    }
    if (read.newest == null || !complete) {
      return;
    }
    Instant next = read.newest.isAfter(pollStart) ? pollStart : read.newest;
    QuarkusTransaction.requiringNew()
        .run(() -> PollWatermark.advance(site, PollWatermark.WORKLOGS, next));
    watermarks.merge(site, next, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Skips scheduled polls when outbound is disabled. */
  @ApplicationScoped
  public static class Disabled implements Scheduled.SkipPredicate {
    @Inject BridgeConfig config;

    @Override
    public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
      return !config.outbound().enabled();
    }
  }
}
