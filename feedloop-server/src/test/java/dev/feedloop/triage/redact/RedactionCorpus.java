package dev.feedloop.triage.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A labelled, synthetic corpus: sentences holding one sensitive item of a known kind, and
 * hard negatives (dates, prices, versions, order numbers...) that must survive. Keys are
 * generated from a fixed seed so that no key-shaped literal sits in the repository.
 */
final class RedactionCorpus {
    private RedactionCorpus() {
    }

    /** A positive when {@code kind} is set: {@code item} must disappear from {@code text}. */
    record Sample(PiiKind kind, String category, String text, String item) {
    }

    static List<Sample> positives() {
        List<Sample> s = new ArrayList<>();
        email(s);
        phone(s);
        card(s);
        iban(s);
        account(s);
        secret(s);
        return s;
    }

    private static void email(List<Sample> s) {
        add(s, PiiKind.EMAIL, "Please reply to %s when done", "ana.lopez@example.org");
        add(s, PiiKind.EMAIL, "my email is %s thanks", "JOHN.DOE+billing@Example.CO.UK");
        add(s, PiiKind.EMAIL, "contact: %s.", "support@sub.domain.example.com");
        add(s, PiiKind.EMAIL, "(%s)", "bob_smith99@mail.example.net");
        add(s, PiiKind.EMAIL, "mailto:%s", "jane@example.io");
        add(s, PiiKind.EMAIL, "send it to %s por favor", "josé.garcía@ejemplo.es");
        add(s, PiiKind.EMAIL, "x %s y", "x@y.fr");
        add(s, PiiKind.EMAIL, "%s,second@other.org", "first.last@company-name.com");
        add(s, PiiKind.EMAIL, "Email: %s", "MARIE.CURIE@RADIUM.FR");
        add(s, PiiKind.EMAIL, "write to <%s>", "tom@example.com");
        add(s, PiiKind.EMAIL, "e-mail %s", "o'connor@example.ie");
        add(s, PiiKind.EMAIL, "it's %s", "a.b-c_d%e@x-y.example.museum");
        add(s, PiiKind.EMAIL, "my address is %s", "ana at example dot com");
        add(s, PiiKind.EMAIL, "my address is %s", "ana[at]example.com");
    }

    private static void phone(List<Sample> s) {
        add(s, PiiKind.PHONE, "call me on %s after six", "+44 20 7946 0958");
        add(s, PiiKind.PHONE, "my number is %s", "+1 (415) 555-0132");
        add(s, PiiKind.PHONE, "%s", "+33 6 12 34 56 78");
        add(s, PiiKind.PHONE, "reach me at %s", "+4915112345678");
        add(s, PiiKind.PHONE, "office %s.", "(555) 123-4567");
        add(s, PiiKind.PHONE, "it is %s", "555-123-4567");
        add(s, PiiKind.PHONE, "it is %s", "555.123.4567");
        add(s, PiiKind.PHONE, "toll free %s", "1-800-555-0199");
        add(s, PiiKind.PHONE, "portable %s", "06 12 34 56 78");
        add(s, PiiKind.PHONE, "portable %s", "06.12.34.56.78");
        add(s, PiiKind.PHONE, "London office %s", "020 7946 0958");
        add(s, PiiKind.PHONE, "mobile %s", "07911 123456");
        add(s, PiiKind.PHONE, "Berlin %s", "030 12345678");
        add(s, PiiKind.PHONE, "Handy %s", "0171/1234567");
        add(s, PiiKind.PHONE, "móvil %s", "612 34 56 78");
        add(s, PiiKind.PHONE, "phone: %s", "5551234567");
        add(s, PiiKind.PHONE, "call %s tomorrow", "555-0134");
        add(s, PiiKind.PHONE, "whatsapp %s", "+971 50 123 4567");
        add(s, PiiKind.PHONE, "%s is my cell", "+44 (0)20 7946 0958");
        add(s, PiiKind.PHONE, "numero %s", "+39 347 123 4567");
        add(s, PiiKind.PHONE, "reach me at %s", "5551234567");
        add(s, PiiKind.PHONE, "the number %s works", "5551234567");
        add(s, PiiKind.PHONE, "try %s", "555-0134");
        add(s, PiiKind.PHONE, "reach me at %s", "555 0134");
        add(s, PiiKind.PHONE, "Tel. %s", "089 / 12 34 56");
    }

    private static void card(List<Sample> s) {
        add(s, PiiKind.CARD, "my card %s was declined", "4111 1111 1111 1111");
        add(s, PiiKind.CARD, "card: %s", "4111-1111-1111-1111");
        add(s, PiiKind.CARD, "%s exp 12/27", "4111111111111111");
        add(s, PiiKind.CARD, "mastercard %s", "5555 5555 5555 4444");
        add(s, PiiKind.CARD, "2-series %s", "2223 0031 2200 3222");
        add(s, PiiKind.CARD, "amex %s", "3782 822463 10005");
        add(s, PiiKind.CARD, "amex %s", "378282246310005");
        add(s, PiiKind.CARD, "discover %s", "6011 1111 1111 1117");
        add(s, PiiKind.CARD, "diners %s", "3056 930902 5904");
        add(s, PiiKind.CARD, "jcb %s", "3530 1113 3330 0000");
        add(s, PiiKind.CARD, "unionpay %s", "6200 0000 0000 0005");
        add(s, PiiKind.CARD, "old visa %s", "4222222222222");
        add(s, PiiKind.CARD, "charged to %s.", "5105 1051 0510 5100");
        add(s, PiiKind.CARD, "typo %s", "4111 1111 1111 1112");
        add(s, PiiKind.CARD, "odd grouping %s", "4111 11111111 1111");
        add(s, PiiKind.CARD, "dots %s", "4111.1111.1111.1111");
    }

    private static void iban(List<Sample> s) {
        add(s, PiiKind.IBAN, "IBAN %s thanks", "GB82 WEST 1234 5698 7654 32");
        add(s, PiiKind.IBAN, "%s", "GB82WEST12345698765432");
        add(s, PiiKind.IBAN, "pay to %s.", "DE89 3704 0044 0532 0130 00");
        add(s, PiiKind.IBAN, "iban: %s", "de89370400440532013000");
        add(s, PiiKind.IBAN, "compte %s", "FR14 2004 1010 0505 0001 3M02 606");
        add(s, PiiKind.IBAN, "cuenta %s", "ES91 2100 0418 4502 0005 1332");
        add(s, PiiKind.IBAN, "conto %s", "IT60 X054 2811 1010 0000 0123 456");
        add(s, PiiKind.IBAN, "rekening %s", "NL91ABNA0417164300");
        add(s, PiiKind.IBAN, "%s", "BE68 5390 0754 7034");
        add(s, PiiKind.IBAN, "%s", "CH93 0076 2011 6238 5295 7");
        add(s, PiiKind.IBAN, "%s", "AT61 1904 3002 3457 3201");
        add(s, PiiKind.IBAN, "%s", "PL61 1090 1014 0000 0712 1981 2874");
        add(s, PiiKind.IBAN, "%s", "NO93 8601 1117 947");
        add(s, PiiKind.IBAN, "konto %s", "SE45 5000 0000 0583 9825 7466");
        add(s, PiiKind.IBAN, "%s", "IE29-AIBK-9311-5212-3456-78");
    }

    private static void account(List<Sample> s) {
        add(s, PiiKind.ACCOUNT, "account %s", "12345678");
        add(s, PiiKind.ACCOUNT, "account number: %s", "12345678");
        add(s, PiiKind.ACCOUNT, "acct #%s", "00123456");
        add(s, PiiKind.ACCOUNT, "a/c no. %s", "4455667788");
        add(s, PiiKind.ACCOUNT, "my bank account is %s", "98765432");
        add(s, PiiKind.ACCOUNT, "Kontonummer %s", "1234567890");
        add(s, PiiKind.ACCOUNT, "sort code %s", "12-34-56");
        add(s, PiiKind.ACCOUNT, "routing number %s", "021000021");
        add(s, PiiKind.ACCOUNT, "BSB %s", "062-000");
        add(s, PiiKind.ACCOUNT, "account no %s", "12 3456 78");
        add(s, PiiKind.ACCOUNT, "Account No. %s", "0012-3456-7890");
        add(s, PiiKind.ACCOUNT, "my number at the bank is %s", "12345678");
    }

    private static void secret(List<Sample> s) {
        Random r = new Random(42);
        add(s, PiiKind.SECRET, "my key %s does not work", "sk-proj-" + key(r, 48));
        add(s, PiiKind.SECRET, "ANTHROPIC_API_KEY %s", "sk-ant-api03-" + key(r, 80));
        add(s, PiiKind.SECRET, "token %s", "ghp_" + key(r, 36));
        add(s, PiiKind.SECRET, "%s", "github_pat_" + key(r, 22) + "_" + key(r, 59));
        add(s, PiiKind.SECRET, "aws %s", "AKIAIOSFODNN7EXAMPLE");
        add(s, PiiKind.SECRET, "slack %s", "xoxb-" + digits(r, 12) + "-" + digits(r, 12) + "-" + key(r, 24));
        add(s, PiiKind.SECRET, "stripe %s", "sk_live_" + key(r, 24));
        add(s, PiiKind.SECRET, "maps %s", "AIza" + key(r, 35));
        add(s, PiiKind.SECRET, "jwt %s", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + key(r, 43));
        add(s, PiiKind.SECRET, "Authorization: Bearer %s", key(r, 40));
        add(s, PiiKind.SECRET, "api_key=%s", key(r, 20));
        add(s, PiiKind.SECRET, "password: %s", "hunter22");
        add(s, PiiKind.SECRET, "postgres://admin:%s@db.internal/app", "pa55word");
        add(s, PiiKind.SECRET, "sha %s", hex(r, 40));
        add(s, PiiKind.SECRET, "secret %s", hex(r, 64));
        add(s, PiiKind.SECRET, "blob %s", key(r, 44));
        add(s, PiiKind.SECRET, "%s", "-----BEGIN RSA PRIVATE KEY-----\n" + key(r, 64) + "\n-----END RSA PRIVATE KEY-----");
        add(s, PiiKind.SECRET, "token: %s", "abcdEFGH1234");
        add(s, PiiKind.SECRET, "password: %s", "correcthorse");
        add(s, PiiKind.SECRET, "my key is %s", "Zx81QpL0");
    }

    static List<Sample> negatives() {
        List<Sample> s = new ArrayList<>();
        neg(s, "order", "Order #123456 has not arrived", "order number 1234567890 still pending",
                "Invoice INV-2024-000123 is wrong", "ref 2024/11/05-0042", "SKU 12-3456-789",
                "tracking 1Z999AA10123456784",
                "order 4929123412341234", "order 5412750011112222", "order 3312345678901234",
                "shipment 6234567890123456", "ticket 4000000000000001");
        neg(s, "price", "It costs $1,299.99 now", "Price: €49.90 / month", "1 299 € TTC",
                "population 8,045,311,447", "1,000,000 tokens", "paid 12,345,678.90 in total");
        neg(s, "time", "Meeting at 10:30 or 14:45", "on 2024-01-15T10:30:00Z", "01/15/2024",
                "15.01.2024", "between 2019 and 2023", "timestamp 1700000000",
                "epoch ms 1700000000000", "20240115103000", "build 20241022153045", "it took 00:01:23.456", "Mon 12.03.2024 10:15");
        neg(s, "version", "version v2.3.1 broke it", "Java 17.0.15", "iPhone 15 Pro",
                "the model gpt-4o-2024-08-06", "claude-3-5-sonnet-20241022", "node 18.19.0 and npm 10.2.3");
        neg(s, "code", "HTTP 404 error", "UUID 550e8400-e29b-41d4-a716-446655440000",
                "ISBN 978-3-16-148410-0", "ZIP 90210", "postcode SW1A 1AA", "commit a1b2c3d",
                "error code 0x80070005", "room 101, floor 3");
        neg(s, "number", "3.14159265358979", "+100 points", "2+2=4", "12345",
                "coordinates 48.8566, 2.3522", "score 0.87 0.91 0.78", "3x 250ml bottles",
                "token limit 4096", "call me tomorrow", "I called 3 times in 24 hours");
        neg(s, "words", "the account was created in 2019", "my account has 12 items",
                "password: forgotten", "Bearer token expired", "camelCaseIdentifierThatIsVeryLongIndeed2",
                "/usr/local/lib/python3.11/site-packages/numpy",
                "https://docs.example.com/Guides/GettingStarted/Install2024",
                "AbstractSingletonProxyFactoryBean2Configuration", "see section 4.2.1 of RFC 5322",
                "TheQuickBrownFoxJumpsOverTheLazyDog1234567", "card ending in 4242", "OTP 482913");
        return s;
    }

    private static void add(List<Sample> s, PiiKind kind, String template, String item) {
        s.add(new Sample(kind, kind.name(), template.replace("%s", item), item));
    }

    private static void neg(List<Sample> s, String category, String... texts) {
        for (String t : texts) {
            s.add(new Sample(null, category, t, null));
        }
    }

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    static String key(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    private static String hex(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return b.toString();
    }

    private static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }
}
