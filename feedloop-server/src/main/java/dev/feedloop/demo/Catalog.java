package dev.feedloop.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * All topics of the fictional product, with a long-tailed popularity: the topic at rank r is
 * asked with probability proportional to r^-s. Request popularity on the web is Zipf-like with
 * s between 0.64 and 0.83 (Breslau, Cao, Fan, Phillips, Shenker, "Web Caching and Zipf-like
 * Distributions", INFOCOM 1999); we take s = 0.8.
 */
final class Catalog {
    static final double ZIPF_EXPONENT = 0.8;

    /**
     * Popularity order. Question-side planted patterns sit at ranks 3-12 so that each has enough traffic to
     * stand out, while the two most popular topics are healthy: a popular topic gathers many
     * background negatives without being a failure pattern.
     */
    static final List<String> RANKING = List.of(
            "refund_status", "change_flight", "bag_fees", "cancel_booking", "online_checkin", "seat_selection",
            "trip_math", "name_correction", "flight_status", "travel_insurance", "confirmation_email", "price_lock",
            "boarding_pass", "delay_compensation", "carry_on", "payment_declined", "lost_luggage", "password_reset",
            "hotel_cancel", "invoice", "miles", "promo_code", "hotel_change", "payment_methods", "missed_connection",
            "pets", "infants", "special_assistance", "car_deposit", "travel_credit", "hotel_checkin_time",
            "update_email", "two_factor", "meals", "gift_card", "multi_city", "hotel_breakfast", "sports_equipment",
            "status_tiers", "price_alerts", "young_driver", "group_booking", "delete_account", "airport_transfer",
            "visa", "notifications", "lounge", "wifi", "student_discount", "currency_display");

    private final List<Topic> topics;
    private final List<Fault> patterns;
    private final List<AnswerFault> answerFaults;
    private final double[] cumulative;

    private Catalog(List<Topic> topics, List<Fault> patterns, List<AnswerFault> answerFaults) {
        this.topics = List.copyOf(topics);
        this.patterns = List.copyOf(patterns);
        this.answerFaults = List.copyOf(answerFaults);
        this.cumulative = new double[topics.size()];
        double sum = 0;
        for (int r = 0; r < topics.size(); r++) {
            sum += Math.pow(r + 1, -ZIPF_EXPONENT);
            cumulative[r] = sum;
        }
        for (int r = 0; r < cumulative.length; r++) {
            cumulative[r] /= sum;
        }
    }

    /**
     * The Wayfarer catalogue with the eight planted patterns timed by {@code story}: six tied to one
     * topic each (P1-P6) and two that spoil answers on every topic (P7 invented links, P8 wrong language).
     */
    static Catalog wayfarer(Story story) {
        Library library = new Library();
        Map<String, Topic> byId = new HashMap<>();
        for (String text : List.of(TopicsFlights.TEXT, TopicsStays.TEXT, TopicsAccount.TEXT)) {
            CatalogParser.parse(text, library).forEach(t -> put(byId, t));
        }
        List<PatternTopic> patterns = List.of(new PriceLockTopic(library), new BagFeeTopic(story, library),
                new CheckinTopic(story, library), new NameFixTopic(story, library), new CostMathTopic(story, library),
                new InsuranceTopic(story, library));
        patterns.forEach(t -> put(byId, t));
        if (byId.size() != RANKING.size() || !byId.keySet().containsAll(RANKING)) {
            throw new IllegalStateException("ranking and topics differ: " + byId.keySet());
        }
        List<Topic> ranked = new ArrayList<>();
        RANKING.forEach(id -> ranked.add(byId.get(id)));
        List<AnswerFault> answerFaults = List.of(new InventedLinks(story), new WrongLanguage(story));
        List<Fault> byPatternId = new ArrayList<>(patterns);
        byPatternId.addAll(answerFaults);
        byPatternId.sort((a, b) -> a.plan().id().compareTo(b.plan().id()));
        return new Catalog(ranked, byPatternId, answerFaults);
    }

    private static void put(Map<String, Topic> byId, Topic topic) {
        if (byId.put(topic.id(), topic) != null) {
            throw new IllegalStateException("duplicate topic id: " + topic.id());
        }
    }

    Topic draw(SplittableRandom rng) {
        int i = Arrays.binarySearch(cumulative, rng.nextDouble());
        return topics.get(i >= 0 ? i : Math.min(-i - 1, topics.size() - 1));
    }

    List<Topic> topics() {
        return topics;
    }

    /** The planted patterns, question- and answer-side, ordered by pattern id. */
    List<Fault> patterns() {
        return patterns;
    }

    /** The answer-side patterns, in the order in which they get a chance to spoil a correct answer. */
    List<AnswerFault> answerFaults() {
        return answerFaults;
    }

    /** Expected share of traffic of the topic at a 0-based rank. */
    double share(int rank) {
        return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
    }
}
