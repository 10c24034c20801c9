package dev.feedloop.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates one day of traffic: sessions of one or more questions, each answered, dressed and
 * reacted to, with regenerations and re-asks as further responses in the same session.
 */
final class DayGenerator {
    /** Relative traffic per UTC hour: a European customer base, quiet at night. */
    private static final double[] HOURS = {2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 7, 6, 5, 4, 3};
    private static final double WEEKDAY = 1.08, WEEKEND = 0.8;
    private static final String[] CHANNELS = {"web", "web", "web", "web", "web", "web", "ios", "ios", "ios", "android",
        "android"};
    /** Deepest chain of follow-ups (regenerate, then re-ask) behind one question. */
    private static final int MAX_DEPTH = 2;

    private final WorldSpec spec;
    private final Story story;
    private final Catalog catalog;
    private final Ids ids;
    private final Users users;
    private final TruthCollector truth;
    private final double[] hourCumulative = new double[HOURS.length];

    DayGenerator(WorldSpec spec, Story story, Catalog catalog, TruthCollector truth) {
        this.spec = spec;
        this.story = story;
        this.catalog = catalog;
        this.truth = truth;
        this.ids = new Ids(spec.seed());
        this.users = new Users(spec.seed(), Math.max(200, spec.perDay() * 4));
        double sum = 0;
        for (int h = 0; h < HOURS.length; h++) {
            sum += HOURS[h];
            hourCumulative[h] = sum;
        }
    }

    /** A response or a feedback event, ordered by time and then by creation. */
    record Event(long epochSecond, long seq, SimResponse response, SimFeedback feedback) {
    }

    List<Event> day(int day) {
        SplittableRandom rng = new SplittableRandom(Ids.mix(spec.seed() * 0x9E3779B97F4A7C15L + day));
        SplittableRandom answerRng = new SplittableRandom(Ids.mix(spec.seed() * 0xC2B2AE3D27D4EB4FL + day));
        Day d = new Day(day, rng, answerRng, responsesOn(day, rng));
        while (d.left > 0) {
            session(d);
        }
        d.events.sort(Comparator.comparingLong(Event::epochSecond).thenComparingLong(Event::seq));
        return d.events;
    }

    int responsesOn(int day, SplittableRandom rng) {
        DayOfWeek dow = spec.start().plusDays(day).getDayOfWeek();
        double factor = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? WEEKEND : WEEKDAY;
        return Math.max(1, (int) Math.round(spec.perDay() * factor * (0.96 + 0.08 * rng.nextDouble())));
    }

    private final class Day {
        final int index;
        final SplittableRandom rng;
        /** Draws of the answer-side patterns, apart so that they do not shift the other choices of a response. */
        final SplittableRandom answerRng;
        final long startSecond;
        final List<Event> events = new ArrayList<>();
        int left;
        long seq;

        Day(int index, SplittableRandom rng, SplittableRandom answerRng, int target) {
            this.index = index;
            this.rng = rng;
            this.answerRng = answerRng;
            this.left = target;
            this.startSecond = spec.start().plusDays(index).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }

        long clamp(long t) {
            return Math.min(t, startSecond + 86_399);
        }
    }

    /** Who is asking, from where, with which prompt version. */
    private record Visitor(String userId, String sessionId, String channel, double bucket) {
    }

    private void session(Day d) {
        int user = users.draw(d.rng);
        Visitor v = new Visitor(users.id(user), ids.session(), Text.pick(CHANNELS, d.rng), users.bucket(user));
        long t = d.startSecond + startOfSession(d.rng);
        for (int question = 0; question < 3 && d.left > 0; question++) {
            Topic topic = catalog.draw(d.rng);
            Topic.Ask ask = topic.ask(d.rng);
            t = turn(d, v, topic, ask, Phrasing.humanize(ask.text(), d.rng), t, null, 0);
            if (!Text.chance(0.12, d.rng)) {
                return;
            }
            t += 60 + d.rng.nextInt(840);
        }
    }

    private long startOfSession(SplittableRandom rng) {
        double x = rng.nextDouble() * hourCumulative[hourCumulative.length - 1];
        int hour = 0;
        while (hourCumulative[hour] < x) {
            hour++;
        }
        return hour * 3600L + rng.nextInt(3600);
    }

    /** Emits one response and its reaction (and any follow-up); returns the time of the last event. */
    private long turn(Day d, Visitor v, Topic topic, Topic.Ask ask, String input, long t, String parent, int depth) {
        d.left--;
        SplittableRandom rng = d.rng;
        String version = story.promptVersion(d.index, v.bucket());
        String model = Text.chance(Simulator.MODEL_B_SHARE, rng) ? Simulator.MODEL_B : Simulator.MODEL_A;
        Topic.Turn turn = new Topic.Turn(d.index, version, model, ask);
        Topic.Reply reply = spoil(topic, turn, topic.reply(turn, rng), d.answerRng);
        if (reply.dress()) {
            reply = reply.withOutput(Style.dress(reply.output(), model, version, rng));
        }
        String requestId = ids.request();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("channel", v.channel());
        if (parent != null) {
            tags.put("regenerated_from", parent);
        }
        emit(d, t, new SimResponse(requestId, Instant.ofEpochSecond(d.clamp(t)), spec.project(), version, model, input,
                reply.output(), reply.context(), v.sessionId(), v.userId(), tags), null);
        truth.response(d.index, version, model, topic);

        FeedbackDraft draft = react(turn, topic, reply, rng);
        if (draft != null && draft.followUp() != FeedbackDraft.FollowUp.NONE && (depth >= MAX_DEPTH || d.left <= 0)) {
            draft = draft.withoutFollowUp();
        }
        truth.reaction(d.index, version, requestId, reply, draft);
        if (draft == null) {
            return t;
        }
        return switch (draft.followUp()) {
            case REGENERATE -> {
                long next = t + 5 + rng.nextInt(36);
                emitFeedback(d, next - 1, requestId, draft);
                yield turn(d, v, topic, ask, input, next, requestId, depth + 1);
            }
            case REASK -> {
                long next = t + 40 + rng.nextInt(501);
                emitFeedback(d, next, requestId, draft);
                Topic.Ask again = topic.rephrase(ask, rng);
                yield turn(d, v, topic, again, Phrasing.reask(again.text(), rng), next, null, depth + 1);
            }
            case NONE -> {
                long at = t + delay(draft, rng);
                emitFeedback(d, at, requestId, draft);
                yield at;
            }
        };
    }

    /**
     * Gives every answer-side pattern its chance at a correct reply, in order; the first that hits
     * makes it wrong. A reply that is already wrong keeps its one cause.
     */
    private Topic.Reply spoil(Topic topic, Topic.Turn turn, Topic.Reply reply, SplittableRandom rng) {
        Topic.Reply out = reply;
        for (AnswerFault fault : catalog.answerFaults()) {
            Topic.Reply spoiled = fault.spoil(topic, turn, reply, rng);
            if (spoiled != null && out.fault() == null) {
                out = spoiled;
            }
        }
        return out;
    }

    private FeedbackDraft react(Topic.Turn turn, Topic topic, Topic.Reply reply, SplittableRandom rng) {
        if (reply.fault() != null) {
            return Text.chance(reply.fault().noticeRate(), rng) ? reply.fault().complain(turn, reply, rng)
                    : FeedbackDraft.accepted(null, null);
        }
        return Text.chance(spec.noiseRate(), rng) ? Reactions.noise(reply.output(), rng)
                : Reactions.healthy(reply.output(), rng);
    }

    /** Seconds between a response and the feedback about it, by kind of reaction. */
    private static long delay(FeedbackDraft draft, SplittableRandom rng) {
        String signal = draft.signal() == null ? "" : draft.signal();
        return switch (signal) {
            case "accepted" -> 8 + rng.nextInt(173);
            case "edited" -> 30 + rng.nextInt(571);
            case "abandoned" -> 60 + rng.nextInt(841);
            default -> 10 + rng.nextInt(291);
        };
    }

    private void emitFeedback(Day d, long t, String requestId, FeedbackDraft draft) {
        emit(d, t, null, new SimFeedback(ids.event(), requestId, Instant.ofEpochSecond(d.clamp(t)), draft.signal(),
                draft.rating(), draft.thumbs(), draft.editedOutput(), draft.comment()));
    }

    private void emit(Day d, long t, SimResponse response, SimFeedback feedback) {
        d.events.add(new Event(d.clamp(t), d.seq++, response, feedback));
    }
}
