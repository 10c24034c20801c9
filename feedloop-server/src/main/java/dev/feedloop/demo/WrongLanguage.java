package dev.feedloop.demo;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * P8, wrong language: {@link Simulator#MODEL_B} sometimes answers an English question entirely in
 * Spanish, French or German, on every topic and under every prompt version, which is what makes it
 * a model limitation. {@link Story#V4} adds "always answer in the language of the question" to the
 * prompt, and model-b mostly complies from then on.
 */
final class WrongLanguage extends AnswerFault {
    static final String PATTERN = "p8-wrong-language";
    /** Share of model-b's answers in another language before the prompt asks for the question's language. */
    static final double RATE = 0.09;
    /** The same share once it does: the instruction works, but not perfectly. */
    static final double RATE_AFTER_FIX = 0.01;
    private static final String[] COMMENTS = {"why is this in Spanish?", "English please", "I asked in English",
        "I can't read this", "wrong language??", "can you answer in English"};
    /** How the key term of a topic is written when the model keeps it in English; the rest use the topic id. */
    private static final Map<String, String> TERMS = Map.ofEntries(
            Map.entry("trip_math", "trip total"), Map.entry("online_checkin", "online check-in"),
            Map.entry("seat_selection", "seat selection"), Map.entry("travel_insurance", "Wayfarer Protect"),
            Map.entry("price_lock", "Price Lock"), Map.entry("carry_on", "carry-on bag"),
            Map.entry("miles", "Wayfarer Miles"), Map.entry("two_factor", "two-factor login"),
            Map.entry("wifi", "onboard wifi"), Map.entry("visa", "visa rules"), Map.entry("pets", "pets on board"),
            Map.entry("infants", "infant tickets"), Map.entry("meals", "onboard meals"),
            Map.entry("lounge", "airport lounge"), Map.entry("multi_city", "multi-city booking"));
    private static final List<List<Template>> LANGUAGES = List.of(
            TemplatedTopic.templates(
                    "[Claro. |Por supuesto. |]Sobre «{term}»: [puedes gestionarlo|lo puedes consultar] en Mis viajes; "
                            + "abre tu reserva y sigue los pasos que aparecen allí. [Las condiciones dependen de la tarifa "
                            + "que hayas reservado.|Si algo no funciona, nuestro equipo de atención al cliente te ayudará.]",
                    "Respecto a «{term}», la información exacta está en tu reserva, en la sección Mis viajes. "
                            + "[Las condiciones pueden variar según la tarifa.|Si tienes más preguntas, escríbenos desde "
                            + "la aplicación.]",
                    "Para «{term}», entra en Mis viajes y selecciona tu reserva. Allí verás las opciones disponibles"
                            + "[ y el precio, si lo hay|]. [¡Buen viaje!|Espero que te sirva.|]"),
            TemplatedTopic.templates(
                    "[Bien sûr. |Avec plaisir. |]Pour « {term} », ouvrez Mes voyages, sélectionnez votre réservation "
                            + "et suivez les étapes indiquées. [Les conditions dépendent du tarif réservé.|En cas de "
                            + "problème, notre service client peut vous aider.]",
                    "Concernant « {term} », toutes les informations se trouvent dans votre réservation, rubrique "
                            + "Mes voyages. [Les conditions varient selon le tarif.|N'hésitez pas à nous écrire depuis "
                            + "l'application.]",
                    "Pour « {term} », rendez-vous dans Mes voyages : vous y verrez les options disponibles[ et leur "
                            + "prix éventuel|]. [Bon voyage !|J'espère que cela vous aide.|]"),
            TemplatedTopic.templates(
                    "[Gerne. |Natürlich. |]Für „{term}“ öffnen Sie Meine Reisen, wählen Ihre Buchung aus und folgen "
                            + "den angezeigten Schritten. [Die Bedingungen hängen vom gebuchten Tarif ab.|Bei Problemen "
                            + "hilft Ihnen unser Kundenservice gerne weiter.]",
                    "Zu „{term}“: Alle Details finden Sie in Ihrer Buchung unter Meine Reisen. [Die Bedingungen "
                            + "unterscheiden sich je nach Tarif.|Schreiben Sie uns gerne über die App.]",
                    "Für „{term}“ gehen Sie zu Meine Reisen; dort sehen Sie die verfügbaren Optionen[ und gegebenenfalls "
                            + "den Preis|]. [Gute Reise!|Ich hoffe, das hilft Ihnen weiter.|]"));

    private final Story story;

    WrongLanguage(Story story) {
        this.story = story;
    }

    @Override
    public PatternPlan plan() {
        return new PatternPlan(PATTERN, "Answers in the wrong language from model-b", "model_limitation",
                Simulator.MODEL_B + " answers about " + Math.round(RATE * 100) + " % of English questions, on every "
                        + "topic and under every prompt version, entirely in Spanish, French or German; users "
                        + "regenerate, give up or thumb down.",
                0, new PatternPlan.Fix(story.v4(), Story.V4, false, true,
                        "prompt says: always answer in the language of the question"));
    }

    @Override
    public boolean exposes(Topic topic, String model) {
        return model.equals(Simulator.MODEL_B);
    }

    @Override
    public double noticeRate() {
        // an answer in a language the user did not write in is hard to miss
        return 0.8;
    }

    /** Share of model-b's answers in the wrong language on a day. */
    double rate(int day) {
        return day < story.v4() ? RATE : RATE_AFTER_FIX;
    }

    @Override
    Topic.Reply spoil(Topic topic, Topic.Turn turn, Topic.Reply healthy, SplittableRandom rng) {
        boolean wrong = Text.chance(rate(turn.day()), rng);
        if (!wrong || !exposes(topic, turn.model())) {
            return null;
        }
        Bindings slots = new Bindings(Vocabulary.SHARED);
        slots.put("term", term(topic));
        String output = Text.pick(Text.pick(LANGUAGES, rng), rng).render(rng, slots);
        return faulty(output, healthy.context(), false);
    }

    static String term(Topic topic) {
        return TERMS.getOrDefault(topic.id(), topic.id().replace('_', ' '));
    }

    @Override
    public FeedbackDraft complain(Topic.Turn turn, Topic.Reply reply, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (r < 0.40) {
            return FeedbackDraft.regenerated(null, null);
        }
        if (r < 0.70) {
            return FeedbackDraft.abandoned(null, null, null);
        }
        if (r < 0.92) {
            return FeedbackDraft.judged(null, "down", Text.chance(0.5, rng) ? Text.pick(COMMENTS, rng) : null);
        }
        return FeedbackDraft.reasked();
    }
}
