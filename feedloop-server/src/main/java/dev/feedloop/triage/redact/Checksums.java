package dev.feedloop.triage.redact;

import java.util.Map;

/** Check-digit and randomness tests that keep the detectors from redacting look-alikes. */
final class Checksums {
    private Checksums() {
    }

    /**
     * IBAN lengths per country, from the SWIFT IBAN Registry (ISO 13616), release 2024.
     * A country missing here is still accepted when the mod-97 check passes (see
     * {@link IbanDetector}).
     */
    static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20),
            Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22),
            Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("BY", 28), Map.entry("CH", 21),
            Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27),
            Map.entry("GB", 22), Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18),
            Map.entry("GR", 27), Map.entry("GT", 28), Map.entry("HR", 21), Map.entry("HU", 28),
            Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23), Map.entry("IS", 26),
            Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
            Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20),
            Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
            Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MR", 27), Map.entry("MT", 31),
            Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24),
            Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
            Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31),
            Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27),
            Map.entry("ST", 25), Map.entry("SV", 28), Map.entry("TL", 23), Map.entry("TN", 24),
            Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22), Map.entry("VG", 24),
            Map.entry("XK", 20));

    /** Luhn (ISO/IEC 7812-1 annex B) over the digits of {@code s}; other characters are ignored. */
    static boolean luhn(CharSequence s) {
        int sum = 0;
        int n = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (n++ % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return n > 0 && sum % 10 == 0;
    }

    /**
     * ISO 13616 / ISO 7064 MOD 97-10 check of a compact, upper-case IBAN: move the first four
     * characters to the end, read letters as 10..35, and the number mod 97 must be 1.
     */
    static boolean ibanMod97(String iban) {
        if (iban.length() < 5) {
            return false;
        }
        int rem = 0;
        for (int i = 0; i < iban.length(); i++) {
            char c = iban.charAt((i + 4) % iban.length());
            if (c >= '0' && c <= '9') {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    /** Shannon entropy of the characters of {@code s}, in bits per character. */
    static double shannonEntropy(CharSequence s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                h -= c / n * (Math.log(c / n) / Math.log(2));
            }
        }
        if (other > 0) {
            h -= other / n * (Math.log(other / n) / Math.log(2));
        }
        return h;
    }

    /**
     * Share of adjacent character pairs that change class (upper, lower, digit, other). Random
     * base64 changes class about 64 % of the time; CamelCase words and paths far less, which
     * is what separates a key from a long identifier.
     */
    static double classChangeRatio(CharSequence s) {
        if (s.length() < 2) {
            return 0;
        }
        int changes = 0;
        for (int i = 1; i < s.length(); i++) {
            if (charClass(s.charAt(i)) != charClass(s.charAt(i - 1))) {
                changes++;
            }
        }
        return changes / (double) (s.length() - 1);
    }

    private static int charClass(char c) {
        if (c >= 'A' && c <= 'Z') {
            return 0;
        }
        if (c >= 'a' && c <= 'z') {
            return 1;
        }
        if (c >= '0' && c <= '9') {
            return 2;
        }
        return 3;
    }

    /** Number of ASCII digits in {@code s}. */
    static int digits(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }
}
