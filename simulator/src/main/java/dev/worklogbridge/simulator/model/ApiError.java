package dev.worklogbridge.simulator.model;

/**
 * A request the simulated API refuses. Each surface renders it its own way: Tempo as {@code
 * {"errors":[{"message"}]}} (401/403 as text/html), Jira as {@code {"errorMessages":[...]}}.
 */
public class ApiError extends RuntimeException {
  private final int status;

  public ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }
}
