package dev.worklogbridge.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's built artifacts from wherever a test or the demo runs. */
public final class ProjectLayout {

  private ProjectLayout() {}

  /** The checkout's root: the nearest folder upwards holding {@code mvnw} and {@code pom.xml}. */
  public static Path root() {
    String configured = System.getProperty("wb.project.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("common-model"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the worklog-bridge checkout above " + dir);
  }

  /** The fast-jar launcher of a Quarkus module, with a message saying how to build it. */
  public static Path quarkusApp(String module) {
    Path jar = root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: build it first with ./mvnw -pl "
              + module
              + " -am package -DskipTests");
    }
    return jar;
  }
}
