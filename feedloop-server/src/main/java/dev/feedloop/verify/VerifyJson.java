package dev.feedloop.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedloop.stats.FixVerdict;
import java.util.List;

/** The verify JSON of docs/json.md, plus the extras a reader needs to trust the verdict. */
public final class VerifyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private VerifyJson() {
    }

    public static ArrayNode tree(List<VerifyResult> results) {
        ArrayNode list = MAPPER.createArrayNode();
        for (VerifyResult r : results) {
            FixVerdict v = r.verdict();
            ObjectNode node = list.addObject();
            node.put("pattern_id", r.patternId());
            node.put("fix_id", r.fixId());
            node.put("method", r.method());
            node.set("before", window(r.before()));
            node.set("after", window(r.after()));
            boolean comparable = r.comparable();
            number(node, "reduction_pct", comparable ? round(v.reductionPct(), 1) : Double.NaN);
            number(node, "rate_ratio", comparable ? round(v.rateRatio(), 4) : Double.NaN);
            number(node, "ci_low", comparable ? round(v.ciLow(), 4) : Double.NaN);
            number(node, "ci_high", comparable ? round(v.ciHigh(), 4) : Double.NaN);
            number(node, "p_value", comparable ? v.pValue() : Double.NaN);
            node.put("verdict", v.verdict().jsonName());
            node.put("worse", v.worse());
            number(node, "power", round(v.power(), 3));
            if (v.neededAdditionalExposure().isPresent()) {
                node.put("needed_additional_responses", v.neededAdditionalExposure().getAsLong());
            } else {
                node.putNull("needed_additional_responses");
            }
            if (v.neededAdditionalDays().isPresent()) {
                node.put("needed_additional_days", v.neededAdditionalDays().getAsLong());
            } else {
                node.putNull("needed_additional_days");
            }
            node.put("reason", v.reason());
            node.put("pattern_status", r.patternStatus() == null ? null : r.patternStatus().wire());
            if (r.note() != null) {
                node.put("note", r.note());
            }
        }
        return list;
    }

    public static String write(List<VerifyResult> results) {
        return tree(results).toString();
    }

    private static ObjectNode window(VerifyResult.Window w) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("from", w.from().toString());
        node.put("to", w.to().toString());
        if (w.promptVersion() != null) {
            node.put("prompt_version", w.promptVersion());
        }
        node.put("occurrences", w.occurrences());
        node.put("responses", w.responses());
        node.put("rate", round(w.rate(), 6));
        return node;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
