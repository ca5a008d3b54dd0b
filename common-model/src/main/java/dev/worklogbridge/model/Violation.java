package dev.worklogbridge.model;

/** One way an event breaks the schema: the JSON path of the offending value, and why. */
public record Violation(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
