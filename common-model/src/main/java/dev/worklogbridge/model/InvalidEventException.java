package dev.worklogbridge.model;

import java.util.List;
import java.util.stream.Collectors;

/** An event that is not JSON, or breaks the replica schema. The message names every path. */
public class InvalidEventException extends Exception {

  private final transient List<Violation> violations;

  public InvalidEventException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
