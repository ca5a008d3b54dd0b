package dev.worklogbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by a process and every process below it (PostgreSQL's backends), read from Linux'
 * {@code /proc/<pid>/stat}: user and system time of each live process plus those of the children it
 * has already reaped, so a backend that ends between two readings is still counted.
 */
final class ProcessCpu {

  /** USER_HZ, the unit of those fields: 100 on every Linux the project runs on. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** CPU seconds so far of each named process tree; -1 where /proc cannot tell. */
  static Map<String, Double> seconds(Map<String, Long> processes) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    processes.forEach((name, pid) -> cpu.put(name, treeSeconds(pid)));
    return cpu;
  }

  static double treeSeconds(long pid) {
    long own = ticks(pid);
    if (own < 0) {
      return -1;
    }
    long total =
        own
            + ProcessHandle.of(pid)
                .map(h -> h.descendants().mapToLong(d -> Math.max(0, ticks(d.pid()))).sum())
                .orElse(0L);
    return total / TICKS_PER_SECOND;
  }

  /** utime + stime + cutime + cstime (fields 14 to 17), or -1. */
  static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count after it.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
