package dev.feedloop.routing;

import dev.feedloop.store.Cause;
import dev.feedloop.triage.FixSuggestions;
import dev.feedloop.store.CaptureStore;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.triage.redact.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A ticket's text in Markdown: what the pattern is, how often and how it trends, why we think it
 * has the cause it has, a fix to start from, redacted examples, and how to record the fix. Every
 * piece of user or model text goes through the {@link Redactor} and sits in a code fence, so it can
 * neither leak personal data nor mention people or break the layout.
 */
public final class TicketBody {
    static final int EXAMPLES = 5;
    static final int EXAMPLE_CHARS = 600;
    private final CaptureStore store;
    private final Redactor redactor;
    private final String publicUrl;

    /** @param publicUrl the server's public base URL (FEEDLOOP_PUBLIC_URL), or blank for none */
    public TicketBody(CaptureStore store, Redactor redactor, String publicUrl) {
        this.store = store;
        this.redactor = redactor;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    /** A ticket's title on its route, the pattern's name redacted. */
    public String title(Route route, PatternRecord p) {
        return route.title(p.patternId(), redactor.redact(p.name() == null ? "" : p.name()).replaceAll("\\s+", " "));
    }

    /**
     * The body of a new ticket.
     *
     * @param suggestedFix the LLM analyst's suggested fix (validated model text), or null for the
     *     per-cause template
     */
    public String create(PatternRecord p, Facts facts, double lift, List<String> exampleIds, String marker,
            String suggestedFix) {
        StringBuilder b = new StringBuilder();
        b.append("**Feedloop failure pattern ").append(p.patternId()).append(": ").append(text(p.name()))
                .append("**\n\n");
        if (p.description() != null && !p.description().isBlank()) {
            b.append(text(p.description())).append("\n\n");
        }
        if (!p.keywords().isEmpty()) {
            b.append("Keywords: ").append(text(String.join(", ", p.keywords()))).append("\n\n");
        }
        b.append("## How often\n\n");
        b.append("- ").append(facts.from()).append(" .. ").append(facts.to()).append(": ").append(facts.sentence())
                .append("\n");
        if (lift > 0) {
            b.append(String.format(Locale.ROOT, "- Lift: %.1fx (how much more often this kind of response fails than"
                    + " similar traffic)%n", lift));
        }
        b.append("- Negatives assigned so far: ").append(p.memberCount()).append("\n\n");
        b.append("## Cause: ").append(p.effectiveCause().wire());
        if (p.causeOverride() != null) {
            b.append(" (set by a reviewer)");
        } else {
            b.append(String.format(Locale.ROOT, " (confidence %.2f)", p.causeConfidence()));
        }
        b.append("\n\n");
        evidence(p).forEach(line -> b.append("- ").append(line).append("\n"));
        b.append("\n## Suggested fix\n\n");
        if (suggestedFix != null && p.causeOverride() == null) {
            b.append(text(suggestedFix)).append("\n\n_(suggested by the LLM analyst from the examples and the"
                    + " numbers above)_\n\n");
        } else {
            b.append(suggestion(p.effectiveCause(), p.patternId())).append("\n\n");
        }
        b.append(examples(p.project(), exampleIds));
        b.append("## Record the fix\n\n");
        b.append("When the fix is live, record it so Feedloop verifies it against the pattern's rate per response:\n\n");
        b.append("```\nfeedloop fix add --project ").append(p.project()).append(" --pattern ").append(p.patternId())
                .append(" --deployed-at <time> --prompt-version <version> --note \"what changed\"\n```\n\n");
        link(p).ifPresent(url -> b.append("Pattern: ").append(url).append("\n\n"));
        b.append(Marker.hiddenLine(marker)).append("\n");
        return b.toString();
    }

    /** The weekly update comment: this window's numbers and trend, and new examples. */
    public String update(PatternRecord p, Facts facts, String runId, List<String> exampleIds) {
        StringBuilder b = new StringBuilder();
        b.append("**Weekly update** (triage ").append(runId).append("): ").append(p.patternId()).append(" ")
                .append(facts.sentence()).append(". Status: ").append(p.status().wire()).append(".\n\n");
        b.append(examples(p.project(), exampleIds.subList(0, Math.min(3, exampleIds.size()))));
        link(p).ifPresent(url -> b.append("Pattern: ").append(url).append("\n"));
        return b.toString();
    }

    Optional<String> link(PatternRecord p) {
        return publicUrl.isEmpty() ? Optional.empty()
                : Optional.of(publicUrl + "/v1/patterns/" + p.patternId() + "?project=" + p.project());
    }

    /** The cause's evidence in words. */
    static List<String> evidence(PatternRecord p) {
        List<String> out = new ArrayList<>();
        Map<String, Object> ev = p.evidenceJson() == null ? Map.of() : JsonText.read(p.evidenceJson());
        if (ev.get("retrieval") instanceof Map<?, ?> r) {
            if (r.get("reasons") instanceof List<?> reasons && !reasons.isEmpty()) {
                out.add("Retrieval looks at fault: " + String.join(", ", reasons.stream()
                        .map(x -> String.valueOf(x).replace('_', ' ')).toList())
                        + (r.get("top_doc") != null ? " (most cited document: " + r.get("top_doc") + ")" : "") + ".");
            }
            if (r.get("score_median") != null) {
                out.add("Median retrieval score " + r.get("score_median") + " against " + r.get("score_median_baseline")
                        + " for similar traffic; responses without context " + r.get("no_context_share") + " against "
                        + r.get("no_context_share_baseline") + ".");
            }
        }
        if (ev.get("prompt_versions") instanceof Map<?, ?> v && v.get("rates") instanceof Map<?, ?> rates
                && !rates.isEmpty()) {
            out.add("Across prompt versions the rate spreads " + v.get("spread") + "x (highest " + v.get("highest")
                    + ", lowest " + v.get("lowest") + ").");
        }
        if (ev.get("models") instanceof Map<?, ?> m && m.get("rates") instanceof Map<?, ?> rates && !rates.isEmpty()) {
            out.add("Across models the rate spreads " + m.get("spread") + "x (" + rates.size() + " models compared).");
        }
        if (ev.get("signals") instanceof Map<?, ?> s && !s.isEmpty()) {
            out.add("What users did: " + String.join(", ", s.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).toList()) + ".");
        }
        if (out.isEmpty()) {
            out.add("No evidence recorded yet.");
        }
        return out;
    }

    /** The per-cause template fix (the LLM analyst's, where configured, is on the pattern's analysis). */
    static String suggestion(Cause cause, String patternId) {
        return FixSuggestions.offline(cause, patternId);
    }

    String examples(String project, List<String> requestIds) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String id : requestIds) {
            if (shown == EXAMPLES) {
                break;
            }
            Optional<StoredResponse> r = store.response(project, id);
            if (r.isEmpty()) {
                continue;
            }
            if (shown == 0) {
                b.append("## Examples (redacted)\n\n");
            }
            shown++;
            b.append("### ").append(shown).append(". ").append(id).append("\n\n");
            b.append("Input:\n").append(fence(r.get().record().userInput()));
            b.append("Output:\n").append(fence(r.get().record().llmOutput()));
            Reaction reaction = Reaction.of(store, r.get());
            List<String> did = reaction.words("re-asked", "rated", c -> "commented \"" + oneLine(c) + "\"");
            String edit = reaction.lastEdit();
            b.append("What the user did: ").append(did.isEmpty() ? "-" : String.join(", ", did)).append("\n\n");
            if (edit != null) {
                b.append("The user's edit:\n").append(fence(edit));
            }
        }
        return b.toString();
    }

    private String text(String s) {
        return redactor.redact(s).replace("@", "@\u200b");
    }

    private String oneLine(String s) {
        String r = redactor.redact(s).replaceAll("\\s+", " ").replace("\"", "'").replace("@", "@\u200b");
        return r.length() > 200 ? r.substring(0, 200) + "..." : r;
    }

    /** Redacted text in a fence longer than any run of backticks inside it. */
    String fence(String raw) {
        String s = redactor.redact(raw == null ? "" : raw);
        if (s.length() > EXAMPLE_CHARS) {
            s = s.substring(0, EXAMPLE_CHARS) + " [...]";
        }
        int longest = 0;
        int run = 0;
        for (char c : s.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String f = "`".repeat(Math.max(3, longest + 1));
        return f + "\n" + s + "\n" + f + "\n\n";
    }
}
