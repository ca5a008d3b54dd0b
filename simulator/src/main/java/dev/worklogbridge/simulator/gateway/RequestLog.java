package dev.worklogbridge.simulator.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every request the simulated APIs answered: which site, which token (by label, never the token),
 * what status. Bounded; counters keep the totals.
 */
@ApplicationScoped
public class RequestLog {

  /** How many entries are kept. */
  static final int CAPACITY = 500_000;

  /**
   * One request: {@code receivedAt} when it arrived (rate limits count arrivals), {@code at} when
   * it was answered. {@code status} 0 means the connection was dropped or never answered; {@code
   * injectedDelayMs} is the latency a fault rule added to it (so tests assert on what the simulator
   * did, not on how fast the machine was).
   */
  public record Entry(
      long seq,
      String receivedAt,
      String at,
      String site,
      String api,
      String method,
      String path,
      String query,
      int status,
      String tokenLabel,
      String tokenSite,
      long durationMs,
      long injectedDelayMs) {}

  private final AtomicLong sequence = new AtomicLong();
  private final Deque<Entry> entries = new ArrayDeque<>();
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  public long nextSeq() {
    return sequence.incrementAndGet();
  }

  public void add(Entry entry) {
    synchronized (entries) {
      entries.addLast(entry);
      if (entries.size() > CAPACITY) {
        entries.removeFirst();
      }
    }
    counters
        .computeIfAbsent(
            entry.site() + "." + entry.api() + "." + entry.status(), k -> new LongAdder())
        .increment();
    counters
        .computeIfAbsent(entry.site() + "." + entry.api() + ".total", k -> new LongAdder())
        .increment();
  }

  public List<Entry> after(long seq, String site, int limit) {
    List<Entry> out = new ArrayList<>();
    synchronized (entries) {
      for (Entry e : entries) {
        if (e.seq() > seq && (site == null || site.equals(e.site()))) {
          out.add(e);
          if (out.size() >= limit) {
            break;
          }
        }
      }
    }
    return out;
  }

  public long lastSeq() {
    return sequence.get();
  }

  public Map<String, Long> counters() {
    Map<String, Long> out = new java.util.TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
    counters.clear();
  }
}
