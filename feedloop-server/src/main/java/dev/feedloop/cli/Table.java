package dev.feedloop.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal table whose columns are as wide as their widest cell, so a long value (a cause, a
 * status) never pushes the columns after it out of line. Columns marked numeric are right-aligned.
 */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    /** A line printed in full under the row before it (index of that row), outside the columns. */
    private final java.util.Map<Integer, List<String>> notes = new java.util.HashMap<>();
    private final boolean[] numeric;
    private final String indent;

    /** @param header column titles; a title starting with '>' marks a right-aligned (numeric) column */
    Table(String indent, String... header) {
        this.indent = indent;
        this.numeric = new boolean[header.length];
        String[] titles = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            numeric[i] = header[i].startsWith(">");
            titles[i] = numeric[i] ? header[i].substring(1) : header[i];
        }
        rows.add(titles);
    }

    /** @throws IllegalArgumentException when the row has another number of cells than the header */
    Table row(Object... cells) {
        if (cells.length != numeric.length) {
            throw new IllegalArgumentException("a row needs " + numeric.length + " cells, got " + cells.length);
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(text);
        return this;
    }

    /** A line of free text under the last row, indented, that does not widen any column. */
    Table note(String text) {
        notes.computeIfAbsent(rows.size() - 1, k -> new ArrayList<>()).add(text);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[numeric.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                boolean last = i == row.length - 1;
                line.append(numeric[i] ? pad + row[i] : last ? row[i] : row[i] + pad);
                if (!last) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
            for (String note : notes.getOrDefault(r, List.of())) {
                out.println(indent + "    " + note);
            }
        }
    }
}
