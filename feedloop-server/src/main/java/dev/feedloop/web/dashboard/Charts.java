package dev.feedloop.web.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts drawn on the server as SVG: no script, no library, no network. Every axis says what it
 * counts and in which unit; series names (prompt versions, which come from clients) go through
 * {@link Html#f} like any other text.
 */
final class Charts {
    static final String[] PALETTE = {"#2563eb", "#d97706", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#be185d",
        "#4d7c0f"};
    private static final int W = 960;
    private static final int H = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 56;

    private Charts() {
    }

    /** A vertical line on the time axis: a fix deployed that day. */
    record Marker(LocalDate day, String label) {
    }

    /** Days on the x axis with one value per series and day (NaN: no value that day). */
    record Series(String name, double[] values) {
    }

    /** Stacked bars per day, one colour per series. */
    static Html stackedBars(String title, String yAxis, String xAxis, List<LocalDate> days, List<Series> series,
            List<Marker> markers) {
        double max = 0;
        for (int d = 0; d < days.size(); d++) {
            double sum = 0;
            for (Series s : series) {
                sum += Double.isNaN(s.values()[d]) ? 0 : s.values()[d];
            }
            max = Math.max(max, sum);
        }
        double top = niceMax(max);
        List<Html> parts = new ArrayList<>(frame(title, yAxis, xAxis, days, top, false));
        double slot = plotWidth() / Math.max(1, days.size());
        for (int d = 0; d < days.size(); d++) {
            double base = 0;
            for (int k = 0; k < series.size(); k++) {
                double v = series.get(k).values()[d];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                double y0 = y(base, top);
                double y1 = y(base + v, top);
                parts.add(Html.f("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {}</title></rect>",
                        fmt(LEFT + d * slot + slot * 0.1), fmt(y1), fmt(slot * 0.8), fmt(y0 - y1), color(k),
                        days.get(d), series.get(k).name(), number(v)));
                base += v;
            }
        }
        parts.addAll(markers(days, markers));
        return svg(title, parts, series);
    }

    /** One line per series over the days; gaps where a value is NaN. */
    static Html lines(String title, String yAxis, String xAxis, List<LocalDate> days, List<Series> series,
            List<Marker> markers) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double top = niceMax(max);
        List<Html> parts = new ArrayList<>(frame(title, yAxis, xAxis, days, top, true));
        double slot = plotWidth() / Math.max(1, days.size());
        for (int k = 0; k < series.size(); k++) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            double[] values = series.get(k).values();
            for (int d = 0; d < days.size(); d++) {
                if (Double.isNaN(values[d])) {
                    pen = false;
                    continue;
                }
                path.append(pen ? " L" : " M").append(fmt(LEFT + d * slot + slot / 2)).append(' ')
                        .append(fmt(y(values[d], top)));
                pen = true;
            }
            if (path.length() > 0) {
                parts.add(Html.f("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"><title>{}</title></path>",
                        path.toString().strip(), color(k), series.get(k).name()));
            }
        }
        parts.addAll(markers(days, markers));
        return svg(title, parts, series);
    }

    /** A small trend line for a table cell: the values' shape, no axes. */
    static Html sparkline(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            double x = values.length == 1 ? 40 : i * 80.0 / (values.length - 1);
            double y = max == 0 ? 18 : 18 - values[i] / max * 16;
            points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        return Html.f("<svg class=\"spark\" viewBox=\"-2 0 84 20\" width=\"84\" height=\"20\" role=\"img\""
                + " aria-label=\"weekly rate, oldest first\"><polyline points=\"{}\" fill=\"none\" stroke=\"#2563eb\""
                + " stroke-width=\"1.5\"/></svg>", points.toString().strip());
    }

    /**
     * A fix's verdict drawn: the pattern's rate per response before and after, each with its 95 %
     * interval, on one axis in percent.
     */
    static Html beforeAfter(String title, List<Bar> bars) {
        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, b.high());
        }
        double top = niceMax(max * 100);
        int width = 520;
        int height = 80 + 56 * bars.size();
        int left = 150;
        double plot = width - left - 24;
        List<Html> parts = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double x = left + plot * i / 4;
            parts.add(Html.f("<line x1=\"{}\" y1=\"24\" x2=\"{}\" y2=\"{}\" class=\"grid\"/>"
                    + "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
                    fmt(x), fmt(x), height - 44, fmt(x), height - 28, number(v)));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = 32 + i * 56;
            double scale = plot / top * 100;
            parts.add(Html.f("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>"
                    + "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"28\" fill=\"{}\"><title>{}: {} % ({} of {})</title></rect>"
                    + "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"2\"/>"
                    + "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"2\"/>"
                    + "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#111\" stroke-width=\"2\"/>",
                    left - 8, fmt(y + 18), b.label(),
                    left, fmt(y), fmt(b.rate() * scale), color(i), b.label(), number(b.rate() * 100),
                    b.occurrences(), b.responses(),
                    fmt(left + b.low() * scale), fmt(y + 14), fmt(left + b.high() * scale), fmt(y + 14),
                    fmt(left + b.low() * scale), fmt(y + 6), fmt(left + b.low() * scale), fmt(y + 22),
                    fmt(left + b.high() * scale), fmt(y + 6), fmt(left + b.high() * scale), fmt(y + 22)));
        }
        parts.add(Html.f("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>",
                fmt(left + plot / 2), height - 8, "rate per response (%), bars: observed, whiskers: 95 % interval"));
        return Html.f("<figure class=\"chart\"><figcaption>{}</figcaption><svg viewBox=\"0 0 {} {}\" role=\"img\""
                + " aria-label=\"{}\">{}</svg></figure>", title, width, height, title, Html.join(parts));
    }

    /** One bar of {@link #beforeAfter}: a window's rate with its interval (fractions, not percent). */
    record Bar(String label, long occurrences, long responses, double rate, double low, double high) {
    }

    /**
     * Wilson's score interval for a proportion (Wilson 1927, JASA 22:209), at 95 %: well behaved at
     * small counts and at zero, unlike the normal approximation.
     */
    static double[] wilson(long successes, long trials) {
        if (trials == 0) {
            return new double[] {0, 0};
        }
        double z = 1.959964;
        double p = (double) successes / trials;
        double denom = 1 + z * z / trials;
        double centre = (p + z * z / (2.0 * trials)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static List<Html> frame(String title, String yAxis, String xAxis, List<LocalDate> days, double top,
            boolean percent) {
        List<Html> parts = new ArrayList<>();
        double slot = plotWidth() / Math.max(1, days.size());
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double yy = y(v, top);
            parts.add(Html.f("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"grid\"/>"
                    + "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"tick\">{}</text>",
                    LEFT, fmt(yy), W - RIGHT, fmt(yy), LEFT - 6, fmt(yy + 4), number(v)));
        }
        for (int d = 0; d < days.size(); d++) {
            if (days.get(d).getDayOfWeek() == java.time.DayOfWeek.MONDAY || days.size() <= 10) {
                double x = LEFT + d * slot + slot / 2;
                parts.add(Html.f("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axisline\"/>"
                        + "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
                        fmt(x), H - BOTTOM, fmt(x), H - BOTTOM + 4, fmt(x), H - BOTTOM + 18,
                        days.get(d).toString().substring(5)));
            }
        }
        parts.add(Html.f("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axisline\"/>", LEFT, H - BOTTOM,
                W - RIGHT, H - BOTTOM));
        parts.add(Html.f("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>",
                fmt(LEFT + plotWidth() / 2), H - 12, xAxis));
        parts.add(Html.f("<text x=\"14\" y=\"{}\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 14 {})\">{}</text>",
                fmt(TOP + plotHeight() / 2), fmt(TOP + plotHeight() / 2), yAxis));
        return parts;
    }

    private static List<Html> markers(List<LocalDate> days, List<Marker> markers) {
        List<Html> parts = new ArrayList<>();
        if (days.isEmpty()) {
            return parts;
        }
        double slot = plotWidth() / days.size();
        for (Marker m : markers) {
            int d = days.indexOf(m.day());
            if (d < 0) {
                continue;
            }
            double x = LEFT + d * slot;
            parts.add(Html.f("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"marker\"/>"
                    + "<text x=\"{}\" y=\"{}\" class=\"markerlabel\">{}</text>",
                    fmt(x), TOP, fmt(x), H - BOTTOM, fmt(x + 3), TOP + 10, m.label()));
        }
        return parts;
    }

    private static Html svg(String title, List<Html> parts, List<Series> series) {
        List<Html> legend = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            legend.add(Html.f("<li><svg class=\"swatch\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"{}\"/></svg>{}</li>", color(k),
                    series.get(k).name()));
        }
        return Html.f("<figure class=\"chart\"><figcaption>{}</figcaption><svg viewBox=\"0 0 {} {}\" role=\"img\""
                + " aria-label=\"{}\">{}</svg><ul class=\"legend\">{}</ul></figure>", title, W, H, title,
                Html.join(parts), Html.join(legend));
    }

    static String color(int k) {
        return PALETTE[k % PALETTE.length];
    }

    private static double plotWidth() {
        return W - LEFT - RIGHT;
    }

    private static double plotHeight() {
        return H - TOP - BOTTOM;
    }

    private static double y(double v, double top) {
        return TOP + plotHeight() * (1 - v / top);
    }

    /** A round axis maximum at or above {@code max}: 1, 2 or 5 times a power of ten. */
    static double niceMax(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%,.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The series of a per-day map (day -> key -> value) over the given days, one per key, keys sorted. */
    static List<Series> series(List<LocalDate> days, Map<String, Map<String, Double>> perDay) {
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        perDay.values().forEach(m -> keys.addAll(m.keySet()));
        List<Series> out = new ArrayList<>();
        for (String key : keys) {
            double[] values = new double[days.size()];
            for (int d = 0; d < days.size(); d++) {
                Map<String, Double> m = perDay.get(days.get(d).toString());
                Double v = m == null ? null : m.get(key);
                values[d] = v == null ? Double.NaN : v;
            }
            out.add(new Series(key, values));
        }
        return out;
    }
}
