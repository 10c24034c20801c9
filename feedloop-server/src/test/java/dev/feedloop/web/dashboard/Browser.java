package dev.feedloop.web.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, with a fresh profile and nothing that
 * reaches the network by itself. Missing browser: the test fails saying how to install it, unless
 * FEEDLOOP_SKIP_BROWSER_TESTS=1 says to skip (then it is reported as skipped, never silently).
 */
final class Browser implements AutoCloseable {
    static final String SKIP = "FEEDLOOP_SKIP_BROWSER_TESTS";
    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start(int width, int height) throws IOException {
        String binary = System.getenv().getOrDefault("FEEDLOOP_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("FEEDLOOP_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(binary)) || !Files.isExecutable(Path.of(chromedriver))) {
            String why = "the dashboard's browser tests need Chromium and its driver (" + binary + ", " + chromedriver
                    + "): apt-get install chromium chromium-driver (.ci/run does), or point FEEDLOOP_CHROMIUM and"
                    + " FEEDLOOP_CHROMEDRIVER at them; set " + SKIP + "=1 to skip these tests";
            Assumptions.assumeFalse("1".equals(System.getenv(SKIP)), "skipped by " + SKIP + "=1: " + why);
            throw new AssertionError(why);
        }
        Path profile = Files.createTempDirectory("feedloop-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(binary).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-quic", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /** Saves a screenshot of the viewport as a PNG. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Resizes the window so the whole page fits, then saves it: a full-page screenshot. */
    void fullPage(Path file, int width) throws IOException {
        long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, (int) Math.min(4000, height + 120)));
        screenshot(file);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
