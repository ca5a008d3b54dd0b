package dev.worklogbridge.runtime.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog's work runs on threads below normal priority and the caller waits for it as if it had
 * run the work itself: same result, same exception, same trace, interrupted with it; anything
 * smaller runs on the caller's thread.
 */
class BacklogThreadsTest {

  private final BacklogThreads threads = new BacklogThreads();

  @AfterEach
  void stop() {
    threads.stop();
  }

  @Test
  void aBacklogRunsOnALowPriorityThreadAndTheRestOnTheCallers() throws Exception {
    AtomicReference<Thread> ran = new AtomicReference<>();
    threads.run(true, () -> ran.set(Thread.currentThread()));
    assertThat(ran.get()).isNotSameAs(Thread.currentThread());
    assertThat(ran.get().getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    threads.run(false, () -> ran.set(Thread.currentThread()));
    assertThat(ran.get()).isSameAs(Thread.currentThread());
    assertThat(Thread.currentThread().getPriority()).isEqualTo(Thread.NORM_PRIORITY);
  }

  @Test
  void theBacklogThresholdIsTheInboundsBatchOfABacklog() {
    assertThat(BacklogThreads.isBacklog(BacklogThreads.BACKLOG - 1)).isFalse();
    assertThat(BacklogThreads.isBacklog(BacklogThreads.BACKLOG)).isTrue();
  }

  @Test
  void whatTheWorkThrowsReachesTheCallerAsThrown() {
    IllegalArgumentException thrown = new IllegalArgumentException("bad record");
    assertThatThrownBy(
            () ->
                threads.run(
                    true,
                    () -> {
                      throw thrown;
                    }))
        .isSameAs(thrown);
    AssertionError error = new AssertionError("an error");
    assertThatThrownBy(
            () ->
                threads.parallel(
                    () -> {
                      throw error;
                    }))
        .isSameAs(error);
  }

  @Test
  void theTraceContextGoesWithTheWork() throws Exception {
    ContextKey<String> key = ContextKey.named("test");
    AtomicReference<String> seen = new AtomicReference<>();
    try (Scope scope = Context.current().with(key, "poll of jca").makeCurrent()) {
      threads.run(true, () -> seen.set(Context.current().get(key)));
    }
    assertThat(seen.get()).isEqualTo("poll of jca");
  }

  @Test
  void aParallelStreamRunsOnTheBacklogsForkJoinThreads() {
    Set<Thread> used = ConcurrentHashMap.newKeySet();
    Thread caller = Thread.currentThread();
    threads.parallel(
        () -> IntStream.range(0, 10_000).parallel().forEach(i -> used.add(Thread.currentThread())));
    assertThat(used).doesNotContain(caller);
    assertThat(used)
        .allSatisfy(
            t -> {
              assertThat(t.getName()).startsWith("backlog-parallel-");
              assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
            });
  }

  @Test
  void aCallerInterruptedWhileWaitingInterruptsTheWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicBoolean callerSaw = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                threads.run(
                    true,
                    () -> {
                      started.countDown();
                      try {
                        new CountDownLatch(1).await();
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                      }
                    });
              } catch (InterruptedException e) {
                callerSaw.set(true);
              }
            });
    caller.start();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
    caller.join();
    assertThat(callerSaw).isTrue();
  }
}
