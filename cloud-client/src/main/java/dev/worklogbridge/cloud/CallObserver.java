package dev.worklogbridge.cloud;

/**
 * Hears about every answer (or its absence), for metrics and traces. Status 0 means no answer; the
 * path has no query string (and never a token).
 */
@FunctionalInterface
public interface CallObserver {

  CallObserver NONE = (site, api, method, path, status, nanos) -> {};

  void onCall(String site, String api, String method, String path, int status, long nanos);
}
