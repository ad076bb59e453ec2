package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console in a real browser: Debian's headless Chromium, driven through chromedriver, against Baton on its
 * random port. People type commands, click buttons and fill in forms, and managers read the dashboards. Each test
 * leaves a screenshot in {@code target/screenshots}.
 *
 * <p>Without Chromium installed the tests are skipped, so a newcomer's {@code ./mvnw verify} still passes; CI
 * installs it and sets {@code BATON_E2E_REQUIRED=true}, which turns a missing browser into a failure.
 */
class ConsoleBrowserTest extends BatonTestSupport {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("BATON_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("BATON_CHROMEDRIVER",
            "/usr/bin/chromedriver"));

    @Autowired
    private JobRunner jobs;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("BATON_E2E_REQUIRED"))) {
            throw new IllegalStateException("BATON_E2E_REQUIRED is set but " + CHROMIUM + " or " + DRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "Chromium is not installed (apt-get install chromium chromium-driver)");
        resetWorld();
        clock.set(Instant.parse("2026-11-16T02:00:00Z"));
        profile = Files.createTempDirectory("baton-chromium");
    }

    private void open(String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // a closed network: nothing of Chromium's own may try to reach out
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000", "--lang=" + language,
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get("http://localhost:" + port + "/console");
    }

    @AfterEach
    void stop(TestInfo test) throws IOException {
        if (browser == null) {
            return;
        }
        try {
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(shot.toPath(), dir.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            browser = null;
        }
    }

    private void as(String name, String channel) {
        WebElement user = browser.findElement(By.id("user"));
        user.clear();
        user.sendKeys(name);
        // the page forgets what the previous person saw when the name changes
        browser.executeScript("document.getElementById('user').dispatchEvent(new Event('change'))");
        WebElement in = browser.findElement(By.id("channel"));
        in.clear();
        in.sendKeys(channel);
    }

    private void type(String text) {
        WebElement box = browser.findElement(By.id("text"));
        box.sendKeys(text);
        browser.findElement(By.cssSelector("#say button")).click();
    }

    /** The newest message showing all of {@code texts}, waiting for it (messages are replaced as they update). */
    private WebElement messageContaining(String... texts) {
        return wait.until(d -> d.findElements(By.cssSelector("#messages .msg")).stream()
                .filter(m -> java.util.Arrays.stream(texts).allMatch(m.getText()::contains))
                .reduce((a, b) -> b).orElse(null));
    }

    @Test
    void aPollIsPostedVotedOnByButtonAndUpdatedInPlace() {
        open("en-US");
        as("tina", "training");
        type("/poll new \"Lunch?\" pizza noodles");
        WebElement poll = messageContaining("#training", "Lunch?");
        assertThat(poll.getText()).contains("pizza").contains("noodles");

        poll.findElements(By.cssSelector(".buttons button")).stream().filter(b -> b.getText().equals("noodles"))
                .findFirst().orElseThrow().click();
        assertThat(messageContaining("noodles").getText()).isNotEmpty();
        wait.until(d -> jdbc.sql("SELECT COUNT(*) FROM poll_ballot").query(Integer.class).single() == 1);

        // the scheduler's refresh a few seconds later replaces the card where it stands
        clock.set(clock.instant().plusSeconds(5));
        jobs.runDue();
        WebElement updated = messageContaining("#training", "1 voter");
        assertThat(updated.getText()).contains("Lunch?").contains("100%");
        assertThat(browser.findElements(By.cssSelector("#messages .msg")).stream()
                .filter(m -> m.getText().startsWith("#training")).count()).isEqualTo(1);
    }

    @Test
    void aFormShowsItsErrorsByFieldAndGoesThroughOnceFixed() {
        open("en-US");
        as("alice", "general");
        type("/poll new");
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages form.form")));
        form.findElement(By.name("question")).sendKeys("Which workshop next?");
        form.findElement(By.name("options")).sendKeys("SEO\nLive streaming");
        form.findElement(By.name("closes")).sendKeys("someday");
        form.findElement(By.cssSelector("button")).click();
        WebElement error = wait.until(d -> d.findElements(By.cssSelector("#messages .error[data-for='closes']")).stream()
                .filter(e -> !e.getText().isBlank()).findFirst().orElse(null));
        assertThat(error.getText()).contains("someday");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM poll").query(Integer.class).single()).isZero();

        WebElement closes = form.findElement(By.name("closes"));
        closes.clear();
        form.findElement(By.cssSelector("button")).click();
        WebElement poll = messageContaining("#general", "Which workshop next?");
        assertThat(poll.getText()).contains("Live streaming");
        assertThat(browser.findElements(By.cssSelector("#messages form.form"))).isEmpty();
    }

    @Test
    void aManagerReadsTheDashboardsAndOthersAreToldWhy() {
        open("en-US");
        // alice is the first person in, so the console's admin
        as("alice", "");
        type("/baton dept add marketing \"Marketing\"");
        messageContaining("Marketing");
        type("/okr objective \"Raise lead quality\" dept marketing");
        messageContaining("O-1");
        type("/okr kr O-1 \"MQL to SQL rate\" from 10 to 30 unit %");
        messageContaining("KR-1");
        type("/okr checkin KR-1 20 confidence 7");
        messageContaining("50%");
        type("/lead new \"Acme Motors\" source webinar");
        messageContaining("Acme Motors");
        type("/lead new \"Nu Pharma\" source expo");
        messageContaining("Nu Pharma");
        type("/content plan \"Spring teaser\" wechat wed 20:00");
        messageContaining("Spring teaser");
        as("alice", "general");
        type("/poll new \"Useful session?\" yes no");
        WebElement poll = messageContaining("#general", "Useful session?");
        poll.findElements(By.cssSelector(".buttons button")).get(0).click();
        wait.until(d -> jdbc.sql("SELECT COUNT(*) FROM poll_ballot").query(Integer.class).single() == 1);

        browser.findElement(By.id("tab-okr")).click();
        WebElement objective = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#board .objective[data-ref='O-1']")));
        assertThat(objective.getText()).contains("Raise lead quality").contains("Marketing").contains("KR-1")
                .contains("MQL to SQL rate").contains("20% / 30%").contains("50%").contains("7/10");

        browser.findElement(By.id("tab-leads")).click();
        WebElement created = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#board .funnel-row[data-stage='created']")));
        assertThat(created.getText()).contains("Came in").contains("2 (100%)");
        assertThat(browser.findElement(By.cssSelector("#board .sources")).getText()).contains("webinar")
                .contains("expo");

        browser.findElement(By.id("tab-content")).click();
        WebElement wednesday = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#board .day[data-date='2026-11-18']")));
        assertThat(wednesday.getText()).contains("Spring teaser").contains("WeChat").contains("20:00");
        browser.findElement(By.id("month-next")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#board .day[data-date='2026-12-31']")));
        assertThat(browser.findElement(By.id("board")).getText()).doesNotContain("Spring teaser");

        browser.findElement(By.id("tab-polls")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#board .poll")));
        assertThat(result.getText()).contains("Useful session?").contains("100% (1)");
        assertThat(result.findElements(By.tagName("img"))).hasSize(1);

        // bob is no manager: the dashboard says so and how to change it
        browser.findElement(By.id("tab-chat")).click();
        as("bob", "");
        type("/baton me");
        messageContaining("bob");
        browser.findElement(By.id("tab-okr")).click();
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#board .error")));
        assertThat(refusal.getText()).contains("managers and admins").contains("/baton role @bob manager");
    }

    @Test
    void aChineseBrowserGetsTheConsoleAndDashboardsInChinese() {
        open("zh-CN");
        assertThat(browser.findElement(By.id("tab-leads")).getText()).isEqualTo("线索漏斗");
        as("gao", "");
        type("/lead new \"华为\" source 展会");
        messageContaining("华为");
        browser.findElement(By.id("tab-leads")).click();
        WebElement created = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#board .funnel-row[data-stage='created']")));
        assertThat(created.getText()).contains("进入").contains("1 (100%)");
        List<String> heads = browser.findElements(By.cssSelector("#board th")).stream().map(WebElement::getText)
                .toList();
        assertThat(heads).contains("来源", "转化率");
    }
}
