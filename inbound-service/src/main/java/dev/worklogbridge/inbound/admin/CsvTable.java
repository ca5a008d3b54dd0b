package dev.worklogbridge.inbound.admin;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.worklogbridge.runtime.admin.AdminErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A mapping table sent as CSV (RFC 4180: quoted values may hold commas): at most {@link #MAX_ROWS}
 * rows, each with exactly the columns of its header. Every bad row is reported with its line number
 * in one 400 answer, and nothing is imported unless all rows are good.
 */
final class CsvTable {

  /** The most rows one import takes (a mapping table, not a data load). */
  static final int MAX_ROWS = 10_000;

  /** How many bad rows one answer lists. */
  static final int MAX_REPORTED = 20;

  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.TRIM_SPACES)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .build();

  /** One row and the line it started on. */
  record Row(long line, String[] cells) {}

  private CsvTable() {}

  /**
   * The rows of {@code text}, each checked by {@code check}; {@code header} names the columns
   * ({@code a,b,c}). Any bad row (wrong shape, or refused by the check) is a 400 naming every bad
   * line, and then nothing is imported.
   */
  static List<String[]> rows(String text, String header, Consumer<String[]> check) {
    if (text == null || text.isBlank()) {
      throw new AdminErrors.BadInput("the body is empty; expected CSV lines " + header);
    }
    int columns = header.split(",").length;
    List<Row> rows = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(text)) {
      while (it.hasNextValue()) {
        long line = it.getCurrentLocation().getLineNr();
        String[] cells = it.nextValue();
        if (isHeader(cells, header)) {
          continue;
        }
        if (rows.size() + bad.size() >= MAX_ROWS) {
          throw new AdminErrors.BadInput(
              "more than " + MAX_ROWS + " rows; split the file (nothing was imported)");
        }
        if (cells.length != columns) {
          bad.add(
              "line "
                  + line
                  + ": expected "
                  + columns
                  + " values ("
                  + header
                  + "), found "
                  + cells.length);
          continue;
        }
        try {
          check.accept(cells);
          rows.add(new Row(line, cells));
        } catch (AdminErrors.BadInput e) {
          bad.add("line " + line + ": " + e.getMessage());
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof AdminErrors.BadInput b) {
        throw b;
      }
      throw new AdminErrors.BadInput("not CSV: " + e.getMessage().lines().findFirst().orElse(""));
    }
    refuse(bad);
    return rows.stream().map(Row::cells).toList();
  }

  private static void refuse(List<String> bad) {
    if (bad.isEmpty()) {
      return;
    }
    List<String> shown = bad.subList(0, Math.min(bad.size(), MAX_REPORTED));
    throw new AdminErrors.BadInput(
        bad.size()
            + " bad row(s), nothing was imported: "
            + String.join("; ", shown)
            + (bad.size() > shown.size() ? "; ..." : ""));
  }

  private static boolean isHeader(String[] cells, String header) {
    return String.join(",", cells).replace(" ", "").equalsIgnoreCase(header);
  }
}
