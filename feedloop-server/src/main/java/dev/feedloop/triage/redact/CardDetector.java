package dev.feedloop.triage.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds payment card numbers: 13-19 digits written contiguously or in the printed groupings
 * (4-4-4-4, 4-4-4-4-3, 4-6-5 Amex, 4-6-4 Diners) with one separator kind, that start with 2-6
 * and pass Luhn.
 *
 * <p>A single regex cannot do this: "order 1234 4111 1111 1111 1111" or a card followed by
 * " 0" would be read as one 17-20 digit number and fail Luhn, leaking the card. So the regex
 * finds runs of digit groups and every window of consecutive groups is tried, longest first.
 */
final class CardDetector implements Detector {
    private static final Pattern RUN = Pattern.compile(
            "(?=\\d)(?<![\\p{L}\\p{N}_.,-])\\d{1,19}(?:[ -]\\d{1,19}){0,12}(?![\\p{L}\\p{N}_]|[.,-]\\d)");

    @Override
    public boolean applies(TextFeatures features) {
        return features.digitCount >= 13;
    }

    @Override
    public void find(String text, List<Span> out) {
        Matcher m = RUN.matcher(text);
        List<int[]> groups = new ArrayList<>();
        while (m.find()) {
            groups.clear();
            collectGroups(text, m.start(), m.end(), groups);
            findInRun(text, groups, out);
        }
    }

    private static void collectGroups(String text, int start, int end, List<int[]> groups) {
        int i = start;
        while (i < end) {
            int g = i;
            while (i < end && Character.isDigit(text.charAt(i))) {
                i++;
            }
            groups.add(new int[] {g, i});
            i++; // the separator
        }
    }

    private static void findInRun(String text, List<int[]> groups, List<Span> out) {
        int i = 0;
        while (i < groups.size()) {
            int accepted = -1;
            for (int j = Math.min(groups.size() - 1, i + 4); j >= i && accepted < 0; j--) {
                if (plausible(text, groups, i, j)) {
                    accepted = j;
                }
            }
            if (accepted >= 0) {
                out.add(new Span(groups.get(i)[0], groups.get(accepted)[1], PiiKind.CARD));
                i = accepted + 1;
            } else {
                i++;
            }
        }
    }

    /** Groups i..j (inclusive) form a printed card number that passes the checks. */
    private static boolean plausible(String text, List<int[]> groups, int i, int j) {
        int digits = 0;
        char separator = 0;
        for (int k = i; k <= j; k++) {
            digits += groups.get(k)[1] - groups.get(k)[0];
            if (k > i) {
                char sep = text.charAt(groups.get(k)[0] - 1);
                if (separator != 0 && sep != separator) {
                    return false;
                }
                separator = sep;
            }
        }
        if (digits < 13 || digits > 19 || !shaped(groups, i, j)) {
            return false;
        }
        String candidate = text.substring(groups.get(i)[0], groups.get(j)[1]);
        return PersonalDetectors.isCard(candidate);
    }

    private static boolean shaped(List<int[]> groups, int i, int j) {
        int n = j - i + 1;
        if (n == 1) {
            return true;
        }
        int[] len = new int[n];
        for (int k = 0; k < n; k++) {
            len[k] = groups.get(i + k)[1] - groups.get(i + k)[0];
        }
        if (n == 3 && len[0] == 4 && len[1] == 6 && (len[2] == 4 || len[2] == 5)) {
            return true;
        }
        if (n < 4) {
            return false;
        }
        for (int k = 0; k < 4 - 1; k++) {
            if (len[k] != 4) {
                return false;
            }
        }
        // 4-4-4-(1..4) or 4-4-4-4-(1..3)
        return n == 4 ? len[3] <= 4 : len[3] == 4 && len[4] <= 3;
    }
}
