package dev.worklogbridge.cloud;

/** Hears about every answer (or its absence), for metrics. Status 0 means no answer. */
@FunctionalInterface
public interface CallObserver {

  CallObserver NONE = (site, api, method, status, nanos) -> {};

  void onCall(String site, String api, String method, int status, long nanos);
}
