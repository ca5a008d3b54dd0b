package dev.worklogbridge.runtime.site;

import dev.worklogbridge.cloud.Answer;
import dev.worklogbridge.cloud.CallGuard;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A circuit breaker (SmallRye Fault Tolerance) around every attempt at one site's API: when at
 * least four in five of the last {@code window} attempts found the site down (no answer, a timeout,
 * a 5xx or a 408), attempts stop for {@code openFor}; the events that needed the site park at once
 * with the reason and are retried with the parked ones. Then one attempt probes it; an answer
 * closes the circuit. A 4xx is the request's problem, a 429 the rate limit's: neither counts.
 */
public final class SiteCircuit implements CallGuard {

  /** An answer that says the site is down; carries it to the caller, who reads it as usual. */
  private static final class Down extends Exception {
    final transient Answer answer;

    Down(Answer answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  private final String name;
  private final Duration openFor;
  private final Guard guard;

  public SiteCircuit(
      String site,
      String api,
      int window,
      Duration openFor,
      Consumer<CircuitBreakerState> onChange) {
    this.name = site + " " + api;
    this.openFor = openFor;
    this.guard =
        Guard.create()
            .withDescription(name)
            .withCircuitBreaker()
            .requestVolumeThreshold(window)
            .failureRatio(0.8)
            .successThreshold(1)
            .delay(openFor.toMillis(), ChronoUnit.MILLIS)
            .when(t -> t instanceof Down || t instanceof ProcessingException)
            .onStateChange(onChange)
            .done()
            .build();
  }

  /** Whether an answer says that the site itself is down (not this request's fault). */
  static boolean down(int status) {
    return status >= 500 || status == 408;
  }

  @Override
  public Answer send(Attempt attempt) {
    try {
      return guard.call(
          () -> {
            Answer a = attempt.send();
            if (down(a.status())) {
              throw new Down(a);
            }
            return a;
          },
          Answer.class);
    } catch (Down d) {
      return d.answer;
    } catch (CircuitBreakerOpenException e) {
      throw new Open(
          "the circuit to "
              + name
              + " is open (most of its recent calls found it down); it is tried again"
              + " within "
              + openFor.toSeconds()
              + " s");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
