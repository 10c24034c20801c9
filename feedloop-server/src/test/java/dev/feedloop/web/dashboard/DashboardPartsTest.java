package dev.feedloop.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.store.ApiKeyRecord.Scope;
import dev.feedloop.web.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The dashboard's small parts: escaping, sessions and their expiry, weeks, the sign-in redirect. */
class DashboardPartsTest {

    @Test
    void html_escapesEveryHoleButHtml() {
        Html h = Html.f("<p title=\"{}\">{}{}</p>", "\"><script>", "<b>&'", Html.f("<i>{}</i>", "x"));
        assertThat(h.toString()).isEqualTo("<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;&#39;<i>x</i></p>");
        assertThatThrownBy(() -> Html.f("{}{}", "one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void session_endsWhenIdle_afterItsLifetime_andOnSignOut() {
        MovingClock clock = new MovingClock(Instant.parse("2026-11-20T09:00:00Z"));
        Sessions sessions = new Sessions(clock);
        ApiKeys.Principal who = new ApiKeys.Principal("shop", Scope.ADMIN, "0123456789ab");
        String idle = sessions.start(who);
        clock.now = clock.now.plus(Sessions.IDLE).minusSeconds(1);
        assertThat(sessions.find(idle)).isPresent();
        clock.now = clock.now.plus(Sessions.IDLE);
        assertThat(sessions.find(idle)).as("unused for the idle time").isEmpty();

        String busy = sessions.start(who);
        Instant started = clock.now;
        while (clock.now.isBefore(started.plus(Sessions.LIFETIME).minusSeconds(60))) {
            assertThat(sessions.find(busy)).isPresent();
            clock.now = clock.now.plus(Duration.ofMinutes(30));
        }
        clock.now = started.plus(Sessions.LIFETIME);
        assertThat(sessions.find(busy)).as("used, but past its lifetime").isEmpty();

        String out = sessions.start(who);
        sessions.end(out);
        assertThat(sessions.find(out)).isEmpty();
        assertThat(sessions.find("not-a-token")).isEmpty();
    }

    @Test
    void csrf_mustMatchTheSessionsToken() {
        Sessions sessions = new Sessions(Clock.systemUTC());
        Sessions.Session s = sessions.find(sessions.start(new ApiKeys.Principal("shop", Scope.ADMIN, null))).orElseThrow();
        assertThat(Sessions.csrfMatches(s, s.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(s, null)).isFalse();
        assertThat(Sessions.csrfMatches(s, s.csrf().substring(1))).isFalse();
    }

    @Test
    void week_parsesIsoWeeks_andRefusesOthers() {
        assertThat(Week.parse("2026-W47").monday()).hasToString("2026-11-16");
        assertThat(Week.parse("2026-W01").monday()).hasToString("2025-12-29");
        assertThat(Week.parse("2026-W47").label()).isEqualTo("2026-W47");
        assertThat(Week.of(Instant.parse("2026-11-22T23:59:59Z")).label()).isEqualTo("2026-W47");
        assertThatThrownBy(() -> Week.parse("2026-W54")).hasMessageContaining("no week 54");
        assertThatThrownBy(() -> Week.parse("47")).hasMessageContaining("2026-W47");
    }

    @Test
    void signInRedirect_staysOnThisServer() {
        assertThat(Dashboard.safeNext("/patterns/P-3")).isEqualTo("/patterns/P-3");
        assertThat(Dashboard.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(Dashboard.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(Dashboard.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(Dashboard.safeNext(null)).isEqualTo("/");
    }

    @Test
    void wilsonInterval_holdsTheRate_andStaysInZeroOne() {
        double[] ci = Charts.wilson(10, 100);
        assertThat(ci[0]).isBetween(0.05, 0.1);
        assertThat(ci[1]).isBetween(0.1, 0.18);
        assertThat(Charts.wilson(0, 50)[0]).isZero();
        assertThat(Charts.wilson(0, 0)).containsExactly(0, 0);
    }

    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
