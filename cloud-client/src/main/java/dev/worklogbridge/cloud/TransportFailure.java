package dev.worklogbridge.cloud;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Reads a failure that came instead of an answer. The one question that matters for a create is
 * whether the request surely never reached the server (the connection was never made): only then
 * may it be sent again. Everything else (a timeout, a dropped connection) may come after the write
 * was stored. The cause chain is searched, since HTTP clients wrap these (the JDK's client throws
 * them itself; the Quarkus REST Client wraps Netty's {@link ConnectException} subclasses in a
 * {@code ProcessingException}).
 */
public final class TransportFailure {

  private TransportFailure() {}

  /** Whether {@code failure} proves that the request was never sent. */
  public static boolean neverSent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
