package dev.worklogbridge.cloud;

/** How a failed call is handled, decided once in {@link ErrorClassifier}. */
public enum ErrorKind {
  /** I/O, timeout, 429, 5xx, 409: worth another try later. */
  RETRYABLE,
  /** 401: the token is wrong, expired or revoked; nothing works until it is replaced. */
  AUTH,
  /** 400, 403, 404 and the like: the same request will fail the same way. */
  PERMANENT
}
