package dev.worklogbridge.runtime.site;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The clock time-dependent decisions read: UTC by default, replaceable by a test's bean. */
@ApplicationScoped
public class Clocks {

  @Produces
  @DefaultBean
  @jakarta.inject.Singleton
  Clock utc() {
    return Clock.systemUTC();
  }
}
