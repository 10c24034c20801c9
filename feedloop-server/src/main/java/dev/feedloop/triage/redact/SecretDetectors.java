package dev.feedloop.triage.redact;

import static dev.feedloop.triage.redact.PersonalDetectors.regex;

import java.util.List;
import java.util.function.Predicate;

/**
 * Detectors for credentials: provider keys with a known prefix, JWTs, bearer and basic
 * authorization values, passwords in URLs and in "password: ..." assignments, PEM private
 * keys, and long high-entropy hex or base64 strings.
 *
 * <p>Prefixes follow the providers' documented formats (OpenAI/Anthropic {@code sk-},
 * Stripe {@code sk_live_}, GitHub {@code ghp_}/{@code github_pat_}, AWS access key ids
 * {@code AKIA}/{@code ASIA}, Slack {@code xox?-}, Google {@code AIza}, GitLab {@code glpat-}),
 * as catalogued by secret scanners such as gitleaks.
 */
final class SecretDetectors {
    private SecretDetectors() {
    }

    private static final String KEY_CHARS = "[A-Za-z0-9_-]";
    private static final String NOT_KEY_BEFORE = "(?<![A-Za-z0-9_-])";
    private static final String NOT_KEY_AFTER = "(?![A-Za-z0-9_-])";

    static List<Detector> all() {
        return List.of(
                prefixed("sk-", NOT_KEY_BEFORE + "sk-(?:ant-|proj-|svcacct-|admin-)?" + KEY_CHARS
                        + "{20,}" + NOT_KEY_AFTER, SecretDetectors::hasDigit),
                prefixed("_", NOT_KEY_BEFORE + "(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}" + NOT_KEY_AFTER),
                prefixed("gh", NOT_KEY_BEFORE + "gh[pousr]_[A-Za-z0-9]{30,}" + NOT_KEY_AFTER),
                prefixed("github_pat_", "github_pat_[A-Za-z0-9_]{22,}" + NOT_KEY_AFTER),
                prefixed("A", "(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
                prefixed("xox", NOT_KEY_BEFORE + "xox[abposr]-[A-Za-z0-9-]{10,}" + NOT_KEY_AFTER),
                prefixed("AIza", "AIza[A-Za-z0-9_-]{35}" + NOT_KEY_AFTER),
                prefixed("glpat-", "glpat-[A-Za-z0-9_-]{20,}" + NOT_KEY_AFTER),
                prefixed("eyJ", NOT_KEY_BEFORE + "eyJ" + KEY_CHARS + "{8,}\\.eyJ" + KEY_CHARS + "{8,}\\."
                        + KEY_CHARS + "*"),
                // Unterminated blocks are redacted to the end of the text: fail closed.
                contextual("-----BEGIN", "(-----BEGIN[A-Z ]{0,30}PRIVATE KEY-----"
                        + "(?:[\\s\\S]*?-----END[A-Z ]{0,30}PRIVATE KEY-----|[\\s\\S]*))", s -> true),
                contextual("bearer", "(?i)(?=b)(?<![\\p{L}])bearer\\s+([A-Za-z0-9._~+/-]{16,}=*)",
                        SecretDetectors::hasDigit),
                contextual("basic", "(?i)(?=b)(?<![\\p{L}])basic\\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])",
                        s -> hasDigit(s) || s.endsWith("=")),
                // The whole "user:password@host" goes, or the e-mail detector would claim
                // "password@host" and leave the user name.
                contextual("://", "(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://([^\\s:/@\\[\\]]+:[^\\s@/\\[\\]]+@[^\\s/?#:\\[\\]]+)",
                        s -> true),
                assignment(),
                longRun("(?<![A-Za-z0-9+/_-])[A-Fa-f0-9]{32,}(?![A-Za-z0-9+/_=-])",
                        s -> hasDigit(s) && hasLetter(s)),
                longRun("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_=-])",
                        SecretDetectors::looksRandom));
    }

    /**
     * "password: hunter22", "api_key=...", "token": "...". The value must hold a digit or a
     * symbol, or be long, so that "password: forgotten" stays readable.
     */
    private static Detector assignment() {
        String keys = "api[_-]?key|apikey|api[_-]?token|secret(?:[_-]?key)?|access[_-]?(?:key|token)"
                + "|auth[_-]?token|refresh[_-]?token|token|password|passwd|pwd|passphrase"
                + "|client[_-]?secret|private[_-]?key";
        String regex = "(?i)(?=[aspct])(?<![\\p{L}])(?:" + keys + ")[\"']?\\s*[:=]\\s*[\"']?([^\\s\"',;\\[\\]]{6,})";
        Predicate<String> valid = s -> s.length() >= 16 || hasDigit(s) || hasSymbol(s);
        return regex(PiiKind.SECRET, regex, 1, valid, f -> f.hasAssign
                && f.containsIgnoreCase("key", "token", "secret", "pass", "pwd"));
    }

    /**
     * A long token is taken for a key when it mixes upper case, lower case and digits, has at
     * least 3.5 bits of Shannon entropy per character, and holds a run of 16+ characters free
     * of separators (/ + _ -) that changes character class often (random base64: ~64 % of
     * adjacent pairs; CamelCase words: ~30-40 %). The run rule keeps URL paths such as
     * "homes/United-States/CA/Los-Angeles-CA/land_value/1", found in real chat text, readable.
     */
    static boolean looksRandom(String s) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit && Checksums.shannonEntropy(s) >= 3.5 && hasRandomRun(s);
    }

    private static boolean hasRandomRun(String s) {
        for (String run : s.split("[/+_=-]+")) {
            if (run.length() >= 16 && Checksums.classChangeRatio(run) >= 0.45) {
                return true;
            }
        }
        return false;
    }

    private static Detector prefixed(String literal, String regex) {
        return prefixed(literal, regex, s -> true);
    }

    private static Detector prefixed(String literal, String regex, Predicate<String> valid) {
        // Every prefixed key is at least 16 token characters long.
        return regex(PiiKind.SECRET, regex, 0, valid, f -> f.longestTokenRun >= 16 && f.contains(literal));
    }

    private static Detector contextual(String literal, String regex, Predicate<String> valid) {
        String lower = literal.toLowerCase(java.util.Locale.ROOT);
        return regex(PiiKind.SECRET, regex, 1, valid, f -> f.containsIgnoreCase(lower));
    }

    private static Detector longRun(String regex, Predicate<String> valid) {
        return regex(PiiKind.SECRET, regex, 0, valid, f -> f.longestTokenRun >= 32);
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSymbol(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isLetterOrDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
