package dev.feedloop.triage.redact;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Detectors for items that identify a person or an account: e-mail addresses, phone numbers,
 * payment cards, bank accounts and IPv4 addresses. Numbers are matched by shape first, then
 * validated (digit counts, Luhn, "not a date"), so that years, prices, times, versions and
 * order numbers survive.
 */
final class PersonalDetectors {
    private PersonalDetectors() {
    }

    // Patterns open with a one-character lookahead: java.util.regex has no first-character
    // skip, and failing on that cheap test spares the lookbehind at most text positions.

    /** Not glued to a preceding letter, digit or number punctuation ("v1.", "#-", "+"). */
    private static final String NB = "(?<![\\p{L}\\p{N}_+.,/-])";
    /** Not followed by a letter or digit, nor by punctuation that continues a number. */
    private static final String NA = "(?![\\p{L}\\p{N}_]|[.,/-]\\d)";

    private static final Pattern DATE = Pattern.compile(
            "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./ ]\\d{1,2}[-./ ]\\d{2,4}");

    static final String EMAIL =
            "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@"
            + "(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.){1,10}"
            + "\\p{L}{2,24}(?![\\p{L}\\p{N}_-])";

    /** "+44 20 7946 0958", "+33 (0)6 12 34 56 78", "+4915112345678": E.164 allows 8-15 digits. */
    static final String PHONE_INTERNATIONAL = "(?=\\+)(?<![\\p{L}\\p{N}_+])\\+\\d{1,3}"
            + "(?:[ .-]?\\(\\d{1,4}\\)|[ .-]?\\d{1,5}){1,8}" + NA;

    /** North American: "(555) 123-4567", "555.123.4567", "1-800-555-1234" (same separator). */
    static final String PHONE_NANP = "(?=[+(\\d])(?:(?<![\\p{L}\\p{N}_+(.,/-])(?:\\+?1[ .-]?)?\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}" + NA
            + "|" + NB + "(?:1([ .-]))?\\d{3}([ .-])\\d{3}\\2\\d{4}" + NA + ")";

    /**
     * European national forms with a trunk 0: "06 12 34 56 78", "020 7946 0958", "0171/1234567",
     * "(030) 1234567", and unseparated "07911123456". The 9-12 digit check excludes dates.
     */
    static final String PHONE_TRUNK = "(?=[0(])" + NB + "(?:0\\d{1,4}([ ./-])\\d{2,8}(?:\\1\\d{2,8}){0,4}"
            + "|\\(0\\d{1,4}\\) ?\\d{2,8}(?:[ -]\\d{2,8}){0,3}"
            + "|0[1-9]\\d{8,9})" + NA;

    /** Spanish-style "612 34 56 78": thousands separators never group digits by two. */
    static final String PHONE_PAIRS = "(?=[6-9])" + NB + "[6-9]\\d{2}([ .])\\d{2}\\1\\d{2}\\1\\d{2}" + NA;

    /** Any 7-15 digit number right after a word that announces a phone number. */
    static final String PHONE_CONTEXT = "(?i)(?=[ptmcswfrd])(?<![\\p{L}])(?:phone|tel|telephone|mobile|cell|cellphone"
            + "|call|text|sms|whatsapp|fax|reach|contact|dial|ring)(?:\\s+(?:me|us))?(?:\\s+(?:at|on))?"
            + "(?:\\s*(?:no\\.?|number|nr\\.?|#))?(?:\\s+is)?\\s*[:.=]?\\s*"
            + "(\\+?\\(?\\d[\\d ()./-]{5,20}\\d)" + NA;

    static final String ACCOUNT_CONTEXT = "(?i)(?=[abkc])(?<![\\p{L}\\p{N}])(?:bank\\s+)?"
            + "(?:account|acct|acc|a/c|konto(?:nummer)?|compte|cuenta|conto)"
            + "(?:\\s*(?:no\\.?|num(?:ber)?|nr\\.?|#))?(?:\\s+is)?\\s*[:#.]?\\s*"
            + "(\\d(?:[ -]?\\d){5,16})" + NA;

    /** UK sort code (2-2-2), Australian BSB (3-3), US ABA routing number (9 digits). */
    static final String BANK_CODE_CONTEXT = "(?i)(?=[sbra])(?<![\\p{L}])(?:sort\\s*code|bsb|routing|aba|rtn)"
            + "(?:\\s*(?:no\\.?|num(?:ber)?|#))?(?:\\s+is)?\\s*[:#]?\\s*"
            + "(\\d{2}[- ]?\\d{2}[- ]?\\d{2}|\\d{3}[- ]?\\d{3}|\\d{9})" + NA;

    static final String IPV4 = "(?=\\d)(?<![\\p{L}\\p{N}_.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?![\\p{L}\\p{N}_]|\\.\\d)";

    static List<Detector> email() {
        return List.of(regex(PiiKind.EMAIL, EMAIL, 0, s -> true, f -> f.hasAt));
    }

    static List<Detector> phone() {
        Predicate<TextFeatures> gate = f -> f.digitCount >= 7;
        return List.of(
                shrinking(PiiKind.PHONE, PHONE_INTERNATIONAL, 0, digitsBetween(8, 16), gate),
                regex(PiiKind.PHONE, PHONE_NANP, 0, s -> true, gate),
                shrinking(PiiKind.PHONE, PHONE_TRUNK, 0, digitsBetween(9, 12), gate),
                regex(PiiKind.PHONE, PHONE_PAIRS, 0, s -> true, gate),
                shrinking(PiiKind.PHONE, PHONE_CONTEXT, 1, digitsBetween(7, 15).and(notDate()),
                        gate.and(f -> f.containsIgnoreCase("phone", "tel", "mobile", "cell", "call", "text",
                                "sms", "whatsapp", "fax", "reach", "contact", "dial", "ring"))));
    }

    static List<Detector> card() {
        return List.of(new CardDetector());
    }

    static List<Detector> account() {
        Predicate<TextFeatures> gate = f -> f.digitCount >= 6;
        return List.of(
                shrinking(PiiKind.ACCOUNT, ACCOUNT_CONTEXT, 1, digitsBetween(6, 17).and(notDate()),
                        gate.and(f -> f.containsIgnoreCase("acc", "a/c", "konto", "compte", "cuenta", "conto"))),
                // "12-34-56" is date-shaped, but after "sort code" it is not a date.
                regex(PiiKind.ACCOUNT, BANK_CODE_CONTEXT, 1, s -> true,
                        gate.and(f -> f.containsIgnoreCase("sort", "bsb", "routing", "aba", "rtn"))));
    }

    static List<Detector> ipv4() {
        return List.of(regex(PiiKind.IPV4, IPV4, 0, s -> true, f -> f.digitCount >= 4));
    }

    /**
     * Issuer ranges of the major networks start with 2-6 (Mastercard 2-series, Amex/Diners/JCB
     * 3, Visa 4, Mastercard/Maestro 5, Discover/UnionPay/Maestro 6; ISO/IEC 7812 MII 2-6);
     * together with Luhn this rejects nine in ten random 16-digit order numbers.
     */
    static boolean isCard(String s) {
        int n = Checksums.digits(s);
        char first = s.charAt(0);
        return n >= 13 && n <= 19 && first >= '2' && first <= '6' && Checksums.luhn(s);
    }

    private static Predicate<String> digitsBetween(int min, int max) {
        return s -> {
            int n = Checksums.digits(s);
            return n >= min && n <= max;
        };
    }

    private static Predicate<String> notDate() {
        return s -> !DATE.matcher(s.trim()).matches();
    }

    static RegexDetector regex(PiiKind kind, String regex, int group, Predicate<String> valid,
                               Predicate<TextFeatures> gate) {
        return new RegexDetector(kind, Pattern.compile(regex), group, valid, gate, false);
    }

    /** A detector whose failing matches are retried without their trailing digit groups. */
    static RegexDetector shrinking(PiiKind kind, String regex, int group, Predicate<String> valid,
                                   Predicate<TextFeatures> gate) {
        return new RegexDetector(kind, Pattern.compile(regex), group, valid, gate, true);
    }
}
