package dev.worklogbridge.cloud;

/** The one place that decides whether a failed call is retried, pauses the connection, or parks. */
public final class ErrorClassifier {

  private ErrorClassifier() {}

  /** {@code status} 0 means no answer (I/O error, timeout, dropped connection). */
  public static ErrorKind classify(int status) {
    if (status == 0
        || status == 408
        || status == 409
        || status == 425
        || status == 429
        || status >= 500) {
      return ErrorKind.RETRYABLE;
    }
    if (status == 401) {
      return ErrorKind.AUTH;
    }
    return ErrorKind.PERMANENT;
  }
}
