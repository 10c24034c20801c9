package dev.feedloop.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every environment variable Feedloop reads, with its default and meaning. Flags override them. */
public final class Settings {
    private static final java.util.regex.Pattern PROJECT_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final Setting<String> DB = new Setting<>("FEEDLOOP_DB", "./feedloop.db",
            "Database: a SQLite file path (or a jdbc:sqlite: URL), or a PostgreSQL URL"
            + " (jdbc:postgresql://host:5432/db?user=NAME) shared by several instances. Same as --db.",
            Settings::nonBlank);
    public static final Setting<String> DB_PASSWORD = new Setting<>("FEEDLOOP_DB_PASSWORD", "",
            "Password of the PostgreSQL user in FEEDLOOP_DB (otherwise the URL's password parameter, if any).",
            v -> v);
    public static final Setting<String> PROJECT = new Setting<>("FEEDLOOP_PROJECT", "default",
            "Project the command line works on when --project is not given (the demo's is `wayfarer-assistant`)."
            + " Same as --project.", Settings::projectName);
    public static final Setting<String> HOST = new Setting<>("FEEDLOOP_HOST", "127.0.0.1",
            "Interface `serve` binds to; 0.0.0.0 exposes it to the network. Same as --host.", Settings::nonBlank);
    public static final Setting<Integer> PORT = new Setting<>("FEEDLOOP_PORT", "8080",
            "TCP port of `serve` (0 picks a free one). Same as --port.", v -> range(v, 0, 65535));
    public static final Setting<String> API_KEY = new Setting<>("FEEDLOOP_API_KEY", "",
            "When set, accepted as an admin key of project `default` (scripts, tests, the demo).", v -> v);
    public static final Setting<Long> MAX_BODY_BYTES = new Setting<>("FEEDLOOP_MAX_BODY_BYTES", "1048576",
            "Largest request body accepted; larger ones get 413.", v -> (long) range(v, 1024, 64 << 20));
    public static final Setting<String> DURABILITY = new Setting<>("FEEDLOOP_DURABILITY", "full",
            "`full`: nothing is acknowledged before it is flushed to disk (survives power loss); `normal`: flushed"
                    + " at checkpoints only (survives a process crash, may lose the last second on power loss).",
            v -> oneOf(v, "full", "normal"));
    public static final Setting<String> PSEUDONYM_SECRET = new Setting<>("FEEDLOOP_PSEUDONYM_SECRET", "",
            "Secret for pseudonymising user ids (16+ characters). Unset: a random one kept in the database, "
            + "so anyone with the file could re-identify guessable ids; set it to keep the two apart.",
            v -> {
                if (!v.isEmpty() && v.length() < 16) {
                    throw new IllegalArgumentException("must be at least 16 characters");
                }
                return v;
            });
    public static final Setting<String> EMBEDDING_MODEL = new Setting<>("FEEDLOOP_EMBEDDING_MODEL",
            "bge-small-en-v1.5-q", "Local embedding model (bge-small-en-v1.5-q, all-minilm-l6-v2-q) or "
            + "`openai` to use FEEDLOOP_EMBEDDING_URL.", Settings::nonBlank);
    public static final Setting<String> EMBEDDING_URL = new Setting<>("FEEDLOOP_EMBEDDING_URL", "",
            "Base URL of an OpenAI-compatible embeddings endpoint (used when the model is `openai`).", v -> v);
    public static final Setting<String> EMBEDDING_API_KEY = new Setting<>("FEEDLOOP_EMBEDDING_API_KEY", "",
            "Bearer key for FEEDLOOP_EMBEDDING_URL. Never logged.", v -> v);
    public static final Setting<String> EMBEDDING_REMOTE_MODEL = new Setting<>("FEEDLOOP_EMBEDDING_REMOTE_MODEL",
            "text-embedding-3-small", "Model name sent to FEEDLOOP_EMBEDDING_URL.", Settings::nonBlank);
    public static final Setting<Integer> EMBEDDING_THREADS = new Setting<>("FEEDLOOP_EMBEDDING_THREADS", "0",
            "Threads running the local embedding model. 0: every core, except in `serve`, which uses one so"
            + " ingest keeps the others (each thread also holds its own working memory of the model).",
            v -> range(v, 0, 256));
    public static final Setting<Duration> TRIAGE_EVERY = new Setting<>("FEEDLOOP_TRIAGE_EVERY", "P7D",
            "How often `serve` runs triage over the last period (ISO-8601 duration; PT0S disables).", Duration::parse);
    public static final Setting<Duration> VERIFY_EVERY = new Setting<>("FEEDLOOP_VERIFY_EVERY", "P1D",
            "How often `serve` re-verifies recorded fixes (ISO-8601 duration; PT0S disables).", Duration::parse);

    public static final Setting<Integer> RETAIN_TEXT_DAYS = new Setting<>("FEEDLOOP_RETAIN_TEXT_DAYS", "",
            "Days raw text is kept: `serve` drops, once a day, the input, output, retrieved text, edits and comments"
            + " of older responses and keeps their rows, flags and counts (what verification reads). Unset: forever.",
            v -> v.isBlank() ? 0 : range(v, 1, 36_500));

    public static final Setting<String> PUBLIC_URL = new Setting<>("FEEDLOOP_PUBLIC_URL", "",
            "Base URL people reach the server at; tickets link to their pattern under it.", v -> v);
    public static final Setting<String> TRACKER = new Setting<>("FEEDLOOP_TRACKER", "auto",
            "Where tickets go: `github`, `jira`, `linear`, `webhook`, `local` (the store only), or `auto`: GitHub"
            + " when FEEDLOOP_GITHUB_REPO is set, else Jira when FEEDLOOP_JIRA_URL is set, else Linear when"
            + " FEEDLOOP_LINEAR_API_KEY is set, else the webhook when FEEDLOOP_WEBHOOK_URL is set, else local.",
            v -> oneOf(v, "auto", "local", "github", "jira", "linear", "webhook"));
    public static final Setting<String> GITHUB_REPO = new Setting<>("FEEDLOOP_GITHUB_REPO", "",
            "GitHub repository (owner/name) whose issues hold the tickets.", v -> v);
    public static final Setting<String> GITHUB_TOKEN = new Setting<>("FEEDLOOP_GITHUB_TOKEN", "",
            "GitHub token: fine-grained with Issues read and write on the repository (classic: `repo`). Never"
            + " logged.", v -> v);
    public static final Setting<String> GITHUB_API = new Setting<>("FEEDLOOP_GITHUB_API", "https://api.github.com",
            "GitHub REST API base (a GitHub Enterprise server's: https://HOST/api/v3).", Settings::nonBlank);
    public static final Setting<String> JIRA_URL = new Setting<>("FEEDLOOP_JIRA_URL", "",
            "Jira Cloud site, e.g. https://your-team.atlassian.net.", v -> v);
    public static final Setting<String> JIRA_EMAIL = new Setting<>("FEEDLOOP_JIRA_EMAIL", "",
            "E-mail of the Jira account Feedloop acts as.", v -> v);
    public static final Setting<String> JIRA_TOKEN = new Setting<>("FEEDLOOP_JIRA_TOKEN", "",
            "API token of that account (id.atlassian.com, Security, API tokens). Never logged.", v -> v);
    public static final Setting<String> JIRA_PROJECT = new Setting<>("FEEDLOOP_JIRA_PROJECT", "",
            "Key of the Jira project that holds the tickets, e.g. LLM.", v -> v);
    public static final Setting<String> JIRA_ISSUE_TYPE = new Setting<>("FEEDLOOP_JIRA_ISSUE_TYPE", "Task",
            "Issue type of new tickets.", Settings::nonBlank);
    public static final Setting<String> JIRA_DONE_TRANSITION = new Setting<>("FEEDLOOP_JIRA_DONE_TRANSITION", "Done",
            "Workflow transition (or target status) that closes a ticket.", Settings::nonBlank);
    public static final Setting<String> JIRA_REOPEN_TRANSITION = new Setting<>("FEEDLOOP_JIRA_REOPEN_TRANSITION",
            "To Do", "Workflow transition (or target status) that reopens a ticket.", Settings::nonBlank);
    public static final Setting<String> LINEAR_API_KEY = new Setting<>("FEEDLOOP_LINEAR_API_KEY", "",
            "Linear personal API key (Settings, Security & access). Never logged.", v -> v);
    public static final Setting<String> LINEAR_TEAM = new Setting<>("FEEDLOOP_LINEAR_TEAM", "",
            "Key of the Linear team that holds the tickets, e.g. ENG.", v -> v);
    public static final Setting<String> LINEAR_API = new Setting<>("FEEDLOOP_LINEAR_API",
            "https://api.linear.app/graphql", "Linear GraphQL endpoint.", Settings::nonBlank);
    public static final Setting<String> WEBHOOK_URL = new Setting<>("FEEDLOOP_WEBHOOK_URL", "",
            "URL that receives ticket events as signed JSON POSTs with a Slack-compatible `text` field.", v -> v);
    public static final Setting<String> WEBHOOK_SECRET = new Setting<>("FEEDLOOP_WEBHOOK_SECRET", "",
            "Secret of the webhook's X-Feedloop-Signature (HMAC-SHA256 of timestamp.body). Never logged.", v -> v);
    public static final Setting<Boolean> ESCALATION_TICKETS = new Setting<>("FEEDLOOP_ESCALATION_TICKETS", "false",
            "`true`: a model-limitation pattern also gets a ticket (label `escalation`) besides the escalation"
            + " list.", v -> Boolean.parseBoolean(oneOf(v, "true", "false")));
    public static final Setting<Duration> TRACKER_TIMEOUT = new Setting<>("FEEDLOOP_TRACKER_TIMEOUT", "PT10S",
            "How long one tracker call may take before it counts as failed and is retried later (ISO-8601).",
            Duration::parse);
    public static final Setting<Duration> ROUTE_EVERY = new Setting<>("FEEDLOOP_ROUTE_EVERY", "PT1M",
            "How often `serve` delivers the ticket outbox (ISO-8601 duration; PT0S disables).", Duration::parse);

    public static final Setting<String> LLM_PROVIDER = new Setting<>("FEEDLOOP_LLM_PROVIDER", "",
            "LLM analyst that names, describes and suggests fixes for patterns: `anthropic`, `openai` (any"
            + " OpenAI-compatible chat-completions endpoint: OpenAI, Ollama, vLLM, LM Studio) or unset (offline labels"
            + " only; nothing leaves the process).", v -> v.isEmpty() ? v : oneOf(v, "anthropic", "openai"));
    public static final Setting<String> ANTHROPIC_API_KEY = new Setting<>("ANTHROPIC_API_KEY", "",
            "Anthropic API key, for FEEDLOOP_LLM_PROVIDER=anthropic. Never logged.", v -> v);
    public static final Setting<String> ANTHROPIC_BASE_URL = new Setting<>("ANTHROPIC_BASE_URL",
            "https://api.anthropic.com", "Anthropic API base (a proxy or gateway in front of it).", Settings::httpUrl);
    public static final Setting<String> LLM_BASE_URL = new Setting<>("FEEDLOOP_LLM_BASE_URL", "https://api.openai.com/v1",
            "Base URL of the OpenAI-compatible endpoint; `/chat/completions` is appended (Ollama:"
            + " http://localhost:11434/v1).", Settings::httpUrl);
    public static final Setting<String> LLM_API_KEY = new Setting<>("FEEDLOOP_LLM_API_KEY", "",
            "Bearer key for FEEDLOOP_LLM_BASE_URL (a local server may need none). Never logged.", v -> v);
    public static final Setting<String> LLM_MODEL = new Setting<>("FEEDLOOP_LLM_MODEL", "",
            "Model the analyst asks. Unset: `claude-sonnet-4-6` for anthropic; required for openai (e.g. gpt-4o-mini,"
            + " llama3.1).", v -> v.trim());
    public static final Setting<Integer> LLM_MAX_CALLS = new Setting<>("FEEDLOOP_LLM_MAX_CALLS", "200",
            "Most LLM requests one triage run sends (retries included); past it the rest keep their offline labels.",
            v -> range(v, 0, 1_000_000));
    public static final Setting<Long> LLM_MAX_TOKENS = new Setting<>("FEEDLOOP_LLM_MAX_TOKENS", "500000",
            "Most tokens (input plus output) one triage run spends; a call that could pass it is not sent.",
            v -> (long) range(v, 0, Integer.MAX_VALUE));
    public static final Setting<Integer> LLM_CONCURRENCY = new Setting<>("FEEDLOOP_LLM_CONCURRENCY", "2",
            "Most LLM requests in flight at once.", v -> range(v, 1, 64));
    public static final Setting<Duration> LLM_TIMEOUT = new Setting<>("FEEDLOOP_LLM_TIMEOUT", "PT60S",
            "How long one LLM request may take before it counts as failed (ISO-8601).", Settings::positive);
    public static final Setting<Integer> LLM_RETRIES = new Setting<>("FEEDLOOP_LLM_RETRIES", "2",
            "Retries of a request that met a timeout, 429, 529 or 5xx (after Retry-After when given, else with"
            + " exponential backoff); when they fail too, the rest of the run keeps its offline labels.",
            v -> range(v, 0, 10));
    public static final Setting<Integer> LLM_EXAMPLES = new Setting<>("FEEDLOOP_LLM_EXAMPLES", "8",
            "Most representative examples (redacted) sent per pattern.", v -> range(v, 1, 50));

    /** All settings, in README order. */
    public static final List<Setting<?>> ALL = List.of(DB, DB_PASSWORD, PROJECT, HOST, PORT, API_KEY, MAX_BODY_BYTES, DURABILITY,
            PSEUDONYM_SECRET, EMBEDDING_MODEL, EMBEDDING_URL, EMBEDDING_API_KEY, EMBEDDING_REMOTE_MODEL,
            EMBEDDING_THREADS, TRIAGE_EVERY, VERIFY_EVERY, RETAIN_TEXT_DAYS, PUBLIC_URL, TRACKER, GITHUB_REPO, GITHUB_TOKEN, GITHUB_API,
            JIRA_URL, JIRA_EMAIL, JIRA_TOKEN, JIRA_PROJECT, JIRA_ISSUE_TYPE, JIRA_DONE_TRANSITION, JIRA_REOPEN_TRANSITION,
            LINEAR_API_KEY, LINEAR_TEAM, LINEAR_API, WEBHOOK_URL, WEBHOOK_SECRET, ESCALATION_TICKETS, TRACKER_TIMEOUT, ROUTE_EVERY,
            LLM_PROVIDER, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, LLM_BASE_URL, LLM_API_KEY, LLM_MODEL, LLM_MAX_CALLS,
            LLM_MAX_TOKENS, LLM_CONCURRENCY, LLM_TIMEOUT, LLM_RETRIES, LLM_EXAMPLES);

    private Settings() {
    }

    /** Help text listing every setting with its default (picocli format: {@code %n} ends a line). */
    public static String helpFooter() {
        StringBuilder out = new StringBuilder("%nEnvironment, with defaults (flags override it; what each does: README, Configuration):%n");
        for (Setting<?> s : ALL) {
            String value = s.defaultValue().isEmpty() ? " (unset)" : "=" + s.defaultValue();
            out.append("  ").append(s.env()).append(value.replace("%", "%%")).append("%n");
        }
        return out.toString();
    }

    /** The value from {@code env}, or the default. */
    public static <T> T get(Setting<T> setting, Map<String, String> env) {
        String raw = env.get(setting.env());
        return setting.parse(raw == null || raw.isEmpty() ? setting.defaultValue() : raw);
    }

    /** Whether a project name is valid: the one rule every door (HTTP, import, keys, CLI) applies. */
    public static boolean isValidProject(String project) {
        return project != null && PROJECT_NAME.matcher(project).matches();
    }

    private static String projectName(String v) {
        if (!isValidProject(v)) {
            throw new IllegalArgumentException("must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or"
                    + " digit");
        }
        return v;
    }

    private static String nonBlank(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return v;
    }

    private static String httpUrl(String v) {
        String trimmed = v.trim();
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        java.net.URI.create(trimmed);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static Duration positive(String v) {
        Duration d = Duration.parse(v.trim());
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return d;
    }

    private static int range(String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return n;
    }

    private static String oneOf(String v, String... allowed) {
        String lower = v.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }
}
