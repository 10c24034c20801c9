package dev.feedloop.triage.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerTraitsTest {
    @Test
    void refuses_recognisesRefusalsAndApologiesThatDecline() {
        assertThat(AnswerTraits.refuses("I'm sorry, but I can't help with changing the name on a booking.")).isTrue();
        assertThat(AnswerTraits.refuses("I am unable to provide legal advice about visas.")).isTrue();
        assertThat(AnswerTraits.refuses("I can’t assist with that request.")).isTrue();
        assertThat(AnswerTraits.refuses("As an AI, I don't have access to your booking.")).isTrue();
    }

    @Test
    void refuses_helpfulAnswersAndLateMentions_areNotRefusals() {
        assertThat(AnswerTraits.refuses("You can change the name on a booking in Manage trip, under Passengers."))
                .isFalse();
        assertThat(AnswerTraits.refuses("Sorry for the wait! Your refund was issued on 3 May.")).isFalse();
        String late = "Here is how it works. ".repeat(20) + "I'm sorry, but I can't do that.";
        assertThat(AnswerTraits.refuses(late)).as("refusals open the answer").isFalse();
    }

    @Test
    void language_tellsTheLanguagesApartByFunctionWords() {
        assertThat(AnswerTraits.language("How much does a checked bag cost on my flight to Lisbon?")).isEqualTo("en");
        assertThat(AnswerTraits.language("El precio de la maleta facturada depende de la tarifa y de la ruta."))
                .isEqualTo("es");
        assertThat(AnswerTraits.language("Le prix du bagage dépend de votre tarif et de la destination."))
                .isEqualTo("fr");
        assertThat(AnswerTraits.language("Die Gebühr für das Gepäck hängt von Ihrem Tarif und der Strecke ab, bitte"
                + " prüfen Sie die Buchung.")).isEqualTo("de");
    }

    @Test
    void language_tooShortToTell_isNull() {
        assertThat(AnswerTraits.language("Lisbon?")).isNull();
        assertThat(AnswerTraits.language("")).isNull();
    }

    @Test
    void languageDiffers_onlyWhenBothAreClear() {
        assertThat(AnswerTraits.languageDiffers("How do I add a bag to my booking?",
                "Puede añadir una maleta en la sección de su reserva, con el precio de la tarifa.")).isTrue();
        assertThat(AnswerTraits.languageDiffers("How do I add a bag to my booking?",
                "You can add a bag in Manage trip, and the price is shown for your fare.")).isFalse();
        assertThat(AnswerTraits.languageDiffers("Bag?", "Puede añadir una maleta en la sección de su reserva."))
                .as("a question too short to tell").isFalse();
    }

    @Test
    void unsupportedLinks_areLinksNeitherTheContextNorTheQuestionHolds() {
        String answer = "See https://help.example.com/bags/fees and https://help.example.com/made-up-page.";
        assertThat(AnswerTraits.unsupportedLinks(answer, "What are the bag fees?",
                List.of("help.example.com/bags"))).containsExactly("help.example.com/made-up-page");
        assertThat(AnswerTraits.unsupportedLinks(answer, "Is https://help.example.com/made-up-page right?",
                List.of("help.example.com/bags"))).isEmpty();
        assertThat(AnswerTraits.unsupportedLinks("No links at all.", "q", List.of())).isEmpty();
    }
}
