package dev.worklogbridge.runtime.priority;

import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a backlog's work runs on, below the normal priority: on a busy machine the live
 * changes of the other connections (a lone webhook, a small poll, a batch of a few records, all on
 * threads of normal priority) take a core before the next thousand records of a backfill. A batch
 * of {@link #BACKLOG} or more changes is a backlog's.
 *
 * <p>The JVM hands Java priorities to Linux only with {@code -XX:ThreadPriorityPolicy=1} (the chart
 * and the benchmarks set it, with {@code -XX:JavaPriority1_To_OSPriority=10}: these threads run at
 * nice 10). Without it they run as any other thread. A process without privileges may raise a
 * thread's niceness but never lower it again, so the work is handed to threads that stay low, never
 * run by lowering and raising the caller's own. The caller waits; the trace context goes with the
 * work, and what it throws is thrown to the caller.
 */
@ApplicationScoped
public class BacklogThreads {

  /** A batch this big is a backlog's (the inbound's collection uses the same threshold). */
  public static final int BACKLOG = 256;

  private final ExecutorService workers = Executors.newCachedThreadPool(lowPriority("backlog"));

  private final ForkJoinPool parallel =
      new ForkJoinPool(
          Runtime.getRuntime().availableProcessors(),
          pool -> {
            ForkJoinWorkerThread t =
                ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("backlog-parallel-" + t.getPoolIndex());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          },
          null,
          false);

  /**
   * Daemon threads named {@code name-1}, {@code name-2}, ... at the backlog's priority, for a pool
   * whose every task is a backlog's (a backfill job).
   */
  public static ThreadFactory lowPriority(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    };
  }

  /** Whether {@code changes} changes handled together are a backlog's. */
  public static boolean isBacklog(int changes) {
    return changes >= BACKLOG;
  }

  /** Runs the work of {@code changes} changes handled together: {@link #run(boolean, Runnable)}. */
  public void run(int changes, Runnable work) throws InterruptedException {
    run(isBacklog(changes), work);
  }

  /**
   * Runs {@code work} on a backlog thread when {@code backlog}, else on the caller's thread, and
   * returns when it is done. Interrupted while waiting, the work is interrupted too.
   */
  public void run(boolean backlog, Runnable work) throws InterruptedException {
    if (!backlog) {
      work.run();
      return;
    }
    Future<?> done = workers.submit(Context.current().wrap(work));
    try {
      done.get();
    } catch (InterruptedException e) {
      done.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  /**
   * Runs a parallel stream's work ({@code work} calls {@code .parallel()}) on the backlog's
   * fork-join threads, not on the common pool's threads of normal priority.
   */
  public void parallel(Runnable work) {
    try {
      parallel.submit(Context.current().wrap(work)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a backlog's batch was processed", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      // Fork-join hands over a copy made in the caller's thread (no message), the original as its
      // cause: the original is what the caller gets.
      if (c != null && c.getCause() != null && c.getCause().getClass() == c.getClass()) {
        c = c.getCause();
      }
      throw rethrown(c);
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }

  @PreDestroy
  void stop() {
    workers.shutdownNow();
    parallel.shutdownNow();
  }
}
