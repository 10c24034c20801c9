package dev.feedloop.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Named value lists and generators for template slots. Topic-local lists are layered over the
 * shared ones. All names, places and identifiers are invented for this demo; e-mail domains
 * are the RFC 2606 reserved ones and phone numbers come from ranges reserved for fiction
 * (Ofcom's 07700 900xxx drama range, the NANP 555-01xx range).
 */
final class Vocabulary {
    private static final String REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final String[] FIRST = {"Anna", "Ben", "Chloe", "Daniel", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas",
        "Katarzyna", "Liam", "Maya", "Nikolai", "Olivia", "Pedro", "Rosa", "Sven", "Tomasz", "Yuki"};
    static final String[] LAST = {"Andersen", "Baptiste", "Castellano", "Dimitriou", "Eriksen", "Fontaine", "Gallagher",
        "Horvath", "Ivanova", "Jankowski", "Kowalczyk", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrakis",
        "Quintero", "Rasmussen", "Schreiber", "Van der Berg"};

    static final Vocabulary SHARED = new Vocabulary(null, lists());

    private final Vocabulary parent;
    private final Map<String, Function<SplittableRandom, String>> generators;

    private Vocabulary(Vocabulary parent, Map<String, Function<SplittableRandom, String>> generators) {
        this.parent = parent;
        this.generators = generators;
    }

    /** A vocabulary that looks up {@code local} first, then this one. */
    Vocabulary with(Map<String, List<String>> local) {
        if (local.isEmpty()) {
            return this;
        }
        Map<String, Function<SplittableRandom, String>> own = new HashMap<>();
        local.forEach((name, values) -> own.put(name, rng -> Text.pick(values, rng)));
        return new Vocabulary(this, own);
    }

    String draw(String name, SplittableRandom rng) {
        for (Vocabulary v = this; v != null; v = v.parent) {
            Function<SplittableRandom, String> generator = v.generators.get(name);
            if (generator != null) {
                return generator.apply(rng);
            }
        }
        throw new IllegalArgumentException("no values for slot {" + name + "}");
    }

    boolean knows(String name) {
        for (Vocabulary v = this; v != null; v = v.parent) {
            if (v.generators.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Function<SplittableRandom, String>> lists() {
        Map<String, Function<SplittableRandom, String>> m = new HashMap<>();
        list(m, "city", "Lisbon", "Barcelona", "Rome", "Athens", "Oslo", "Berlin", "Prague", "Vienna", "Dublin",
                "Edinburgh", "Copenhagen", "Porto", "Seville", "Nice", "Split", "Krakow", "Budapest", "Amsterdam",
                "Reykjavik", "Istanbul", "Marrakech", "New York", "Toronto", "Bangkok", "Tenerife", "Malaga", "Milan",
                "Zurich", "Stockholm", "Helsinki", "Palermo", "Valencia");
        list(m, "airline", "Nordwind Air", "Azura Airways", "Pelican Jet", "Brightwing", "Corvus Airlines", "Solano Air");
        list(m, "trip", "flight", "trip", "booking");
        list(m, "when", "tomorrow", "next week", "on Friday", "next month", "this weekend", "on the 12th",
                "in December", "on Monday", "in two weeks");
        list(m, "hotel", "the Harbour View", "Hotel Alba", "the Linden Suites", "Casa Mirador", "the Old Mill Inn",
                "Hotel Nordlys", "the Riverside Lodge");
        list(m, "someone", "my son", "my daughter", "my mum", "my dad", "my partner", "a friend", "my colleague",
                "my wife", "my husband");
        m.put("booking_ref", Vocabulary::bookingRef);
        m.put("fullname", rng -> Text.pick(FIRST, rng) + " " + Text.pick(LAST, rng));
        m.put("email", Vocabulary::email);
        m.put("phone", rng -> rng.nextBoolean()
                ? String.format("+44 7700 900%03d", rng.nextInt(1000))
                : String.format("+1 555 01%02d", rng.nextInt(100)));
        m.put("card_end", rng -> String.format("%04d", rng.nextInt(10000)));
        return m;
    }

    private static void list(Map<String, Function<SplittableRandom, String>> m, String name, String... values) {
        List<String> copy = List.of(values);
        m.put(name, rng -> Text.pick(copy, rng));
    }

    static String bookingRef(SplittableRandom rng) {
        StringBuilder ref = new StringBuilder("WF");
        for (int i = 0; i < 6; i++) {
            ref.append(REF_CHARS.charAt(rng.nextInt(REF_CHARS.length())));
        }
        return ref.toString();
    }

    private static String email(SplittableRandom rng) {
        String[] domains = {"example.com", "example.org", "example.net"};
        String first = Text.pick(FIRST, rng).toLowerCase(java.util.Locale.ROOT);
        String last = Text.pick(LAST, rng).toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        String sep = rng.nextBoolean() ? "." : "_";
        String digits = rng.nextInt(3) == 0 ? Integer.toString(10 + rng.nextInt(90)) : "";
        return first + sep + last + digits + "@" + Text.pick(domains, rng);
    }
}
