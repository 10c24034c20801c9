package dev.feedloop.routing;

import dev.feedloop.config.ConfigException;
import dev.feedloop.config.Settings;
import dev.feedloop.routing.github.GitHubTracker;
import dev.feedloop.routing.webhook.WebhookTracker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** The tracker the settings name (FEEDLOOP_TRACKER and each tracker's variables). */
public final class Trackers {
    private Trackers() {
    }

    /** @throws ConfigException when the named tracker lacks a setting it needs */
    public static Tracker fromEnv(Map<String, String> env, Clock clock) {
        return fromEnv(env, clock, null);
    }

    /**
     * As {@link #fromEnv(Map, Clock)}; with {@code dryRun} not null, the tracker sends nothing and
     * gives each request it would send to {@code dryRun}, rendered (see {@link HttpCalls}).
     */
    public static Tracker fromEnv(Map<String, String> env, Clock clock, Consumer<String> dryRun) {
        String kind = Settings.get(Settings.TRACKER, env);
        String repo = Settings.get(Settings.GITHUB_REPO, env);
        String webhook = Settings.get(Settings.WEBHOOK_URL, env);
        if (kind.equals("auto")) {
            kind = !repo.isBlank() ? "github" : !Settings.get(Settings.JIRA_URL, env).isBlank() ? "jira"
                    : !Settings.get(Settings.LINEAR_API_KEY, env).isBlank() ? "linear"
                    : !webhook.isBlank() ? "webhook" : "local";
        }
        Duration timeout = Settings.get(Settings.TRACKER_TIMEOUT, env);
        return switch (kind) {
            case "github" -> {
                if (repo.isBlank()) {
                    throw new ConfigException("FEEDLOOP_TRACKER=github needs FEEDLOOP_GITHUB_REPO (owner/name)");
                }
                try {
                    yield new GitHubTracker(new HttpCalls("github", timeout, clock, dryRun),
                            Settings.get(Settings.GITHUB_API, env), repo, Settings.get(Settings.GITHUB_TOKEN, env));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
            }
            case "jira" -> {
                String site = Settings.get(Settings.JIRA_URL, env);
                String project = Settings.get(Settings.JIRA_PROJECT, env);
                if (site.isBlank() || project.isBlank()) {
                    throw new ConfigException("FEEDLOOP_TRACKER=jira needs FEEDLOOP_JIRA_URL and FEEDLOOP_JIRA_PROJECT");
                }
                yield new dev.feedloop.routing.jira.JiraTracker(new HttpCalls("jira", timeout, clock, dryRun), site,
                        Settings.get(Settings.JIRA_EMAIL, env), Settings.get(Settings.JIRA_TOKEN, env), project,
                        Settings.get(Settings.JIRA_ISSUE_TYPE, env), Settings.get(Settings.JIRA_DONE_TRANSITION, env),
                        Settings.get(Settings.JIRA_REOPEN_TRANSITION, env));
            }
            case "linear" -> {
                String key = Settings.get(Settings.LINEAR_API_KEY, env);
                String team = Settings.get(Settings.LINEAR_TEAM, env);
                if (key.isBlank() || team.isBlank()) {
                    throw new ConfigException("FEEDLOOP_TRACKER=linear needs FEEDLOOP_LINEAR_API_KEY and"
                            + " FEEDLOOP_LINEAR_TEAM");
                }
                yield new dev.feedloop.routing.linear.LinearTracker(new HttpCalls("linear", timeout, clock, dryRun),
                        Settings.get(Settings.LINEAR_API, env), key, team);
            }
            case "webhook" -> {
                if (webhook.isBlank()) {
                    throw new ConfigException("FEEDLOOP_TRACKER=webhook needs FEEDLOOP_WEBHOOK_URL");
                }
                URI uri;
                try {
                    uri = URI.create(webhook);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("FEEDLOOP_WEBHOOK_URL is not a URL: " + e.getMessage());
                }
                if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                    throw new ConfigException("FEEDLOOP_WEBHOOK_URL must be an http(s) URL");
                }
                yield new WebhookTracker(new HttpCalls("webhook", timeout, clock, dryRun), uri,
                        Settings.get(Settings.WEBHOOK_SECRET, env), clock);
            }
            default -> new LocalTracker();
        };
    }
}
