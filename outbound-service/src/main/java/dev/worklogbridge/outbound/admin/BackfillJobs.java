package dev.worklogbridge.outbound.admin;

import dev.worklogbridge.cloud.TempoWorklog;
import dev.worklogbridge.outbound.detect.SightingPublisher;
import dev.worklogbridge.runtime.priority.BacklogThreads;
import dev.worklogbridge.runtime.site.Sites;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backfill: publish every in-scope worklog of a site whose date lies in a range. Runs through the
 * same SightingPublisher as live changes, so a repeated backfill publishes nothing already known.
 */
@ApplicationScoped
public class BackfillJobs {

  /** Progress of one backfill. */
  public static final class Job {
    public final String id = UUID.randomUUID().toString();
    public final String site;
    public final LocalDate from;
    public final LocalDate to;
    public final Instant startedAt = Instant.now();
    public volatile String state = "RUNNING";
    public volatile Instant finishedAt;
    public volatile String error;
    public final AtomicInteger seen = new AtomicInteger();
    public final AtomicInteger published = new AtomicInteger();
    public final AtomicInteger skipped = new AtomicInteger();

    Job(String site, LocalDate from, LocalDate to) {
      this.site = site;
      this.from = from;
      this.to = to;
    }

    public Map<String, Object> view() {
      Map<String, Object> v = new java.util.LinkedHashMap<>();
      v.put("id", id);
      v.put("site", site);
      v.put("from", from.toString());
      v.put("to", to.toString());
      v.put("state", state);
      v.put("seen", seen.get());
      v.put("published", published.get());
      v.put("skipped", skipped.get());
      v.put("startedAt", startedAt.toString());
      v.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
      v.put("error", error);
      return v;
    }
  }

  @Inject Sites sites;
  @Inject SightingPublisher sightings;

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  // A backfill is a backlog from its first page: its thread runs at the backlog threads'
  // priority, so the live changes beside it take a core first.
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(BacklogThreads.lowPriority("backfill"));

  public Job start(String site, LocalDate from, LocalDate to) {
    Job job = new Job(site, from, to);
    jobs.put(job.id, job);
    executor.execute(() -> run(job));
    return job;
  }

  public Job get(String id) {
    return jobs.get(id);
  }

  public List<Job> all() {
    return new ArrayList<>(jobs.values());
  }

  private void run(Job job) {
    try {
      List<TempoWorklog> batch = new ArrayList<>();
      sites
          .site(job.site)
          .requireTempo()
          .forEachBetween(
              job.from,
              job.to,
              List.of(),
              w -> {
                job.seen.incrementAndGet();
                batch.add(w);
                if (batch.size() >= 500) {
                  flush(job, batch);
                }
              });
      flush(job, batch);
      job.state = "DONE";
    } catch (RuntimeException e) {
      job.state = "FAILED";
      job.error = e.getMessage();
      Log.errorf(e, "backfill %s of %s failed", job.id, job.site);
    } finally {
      job.finishedAt = Instant.now();
    }
  }

  private void flush(Job job, List<TempoWorklog> batch) {
    if (batch.isEmpty()) {
      return;
    }
    SightingPublisher.Result r = sightings.worklogsSeen(job.site, List.copyOf(batch), "backfill");
    job.published.addAndGet(r.published());
    job.skipped.addAndGet(r.skipped());
    batch.clear();
  }
}
