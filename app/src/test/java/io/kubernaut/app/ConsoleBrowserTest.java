package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.http.verification.harness.GaugeExporter;
import io.kubernaut.http.verification.harness.RealPrometheus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's headless chromium, driven through its chromedriver,
 * against the embedded operator. It signs in with the admin token, sees a posted alert appear in
 * the list without a reload, opens its page, approves it from the keyboard with a reason and sees
 * it move on; once its verification fails (a real Prometheus scrapes a restart count of 4 for the
 * crash-looping pod from a {@link GaugeExporter}), it keeps the change from the rollback panel, and
 * signs out. It measures the contrast of the main colours (WCAG AA: 4.5:1) and saves screenshots
 * under {@code target/console-screenshots/}.
 *
 * <p>Skipped where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing, or
 * {@code prometheus} is, except when {@code CI} is set: there it fails ({@code .ci/browser.sh} and
 * {@code .ci/observability.sh} install them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dataDir;
  @TempDir
  static Path profileDir;

  /**
   * The check the production crash loop's workflow measures: the restarts of the workload's pods, as
   * kube-state-metrics counts them. The exporter keeps serving 4 for the crash-looping pod, whatever
   * the restart did, so real Prometheus answers 4 and the check fails.
   */
  private static final String CHECK = "restarts-stopped";
  private static final String RESTARTS = "sum by (namespace) (kube_pod_container_status_restarts_total"
      + "{namespace=\"%s\",pod=~\"%s-.*\"})";
  private static final String VERIFICATION = """
      alerts:
        KubePodCrashLooping:
          - name: restarts-stopped
            query: %s
            successCondition: "== 0"
            interval: 1s
            count: 2
            failureLimit: 1
      """.formatted(RESTARTS.formatted("${namespace}", "${workload}"));

  private static EmbeddedApp app;
  /** Plays kube-state-metrics for Prometheus: the crash-looping pod's container has restarted 4 times. */
  private static GaugeExporter exporter;
  /** The operator's Prometheus: Debian's binary, scraping the exporter every second. */
  private static RealPrometheus prometheus;
  private static ChromeDriverService service;
  private static WebDriver browser;
  private static String remediation;

  @BeforeAll
  static void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && System.getenv("CI") != null) {
      throw new IllegalStateException("CI is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing; "
          + ".ci/browser.sh installs them (Debian packages chromium and chromium-driver).");
    }
    Assumptions.assumeTrue(installed, "Debian's chromium and chromium-driver are not installed; skipping the browser test.");
    exporter = GaugeExporter.start().set("kube_pod_container_status_restarts_total{namespace=\"shop-prod\","
        + "pod=\"checkout-7d9f8b6c4-x2x9q\",container=\"checkout\"}", 4);
    prometheus = RealPrometheus.scraping(exporter); // skips without the binary, fails when CI is set
    app = EmbeddedApp.start(dataDir, Map.of("KUBERNAUT_PROMETHEUS_URL", prometheus.url().toString()));
    // The production crash loop (rule confidence 0.85) then waits for approval; once approved and acted on,
    // its verification fails, and in production the rollback waits for a person's decision.
    app.kube.resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
        .withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("gates.yaml", "minConfidence: 0.7\nproductionApprovalConfidence: 0.9\n")
        .addToData("verification.yaml", VERIFICATION).build()).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", """
        {"action_type": "rollout_restart", "target": "Deployment/shop-prod/checkout", "confidence": 0.85}""").body())
        .path("approvalRequired").asBoolean());
    // The driver path is explicit, so Selenium Manager never looks for (or downloads) a driver.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--user-data-dir=" + profileDir.toAbsolutePath());
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
    // Prometheus' first scrape comes some 5 s after its start (its scrape manager applies new targets every
    // 5 s): the operator and the browser start meanwhile, and the alert is posted only once it has scraped.
    awaitRestartsInPrometheus();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (app != null) {
      app.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  /** Waits until Prometheus has scraped the restarts and its query for the check answers 4 (before the operator asks). */
  private static void awaitRestartsInPrometheus() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI query = URI.create(prometheus.url() + "/api/v1/query?query="
        + URLEncoder.encode(RESTARTS.formatted("shop-prod", "checkout"), StandardCharsets.UTF_8));
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode result = EmbeddedApp.JSON.readTree(answer.body()).path("data").path("result");
      return result.size() == 1 && result.get(0).path("value").path(1).asText().equals("4");
    });
  }

  @Test
  @Order(1)
  void signingInWithTheTokenShowsTheLiveListAndAPostedAlertAppearsWithoutAReload() throws Exception {
    browser.get(url("/ui/"));
    WebElement token = waitFor(By.id("token"));
    assertThat(browser.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("API token");
    token.sendKeys("not-the-token", Keys.ENTER);
    assertThat(waitFor(By.id("signin-error")).getText()).contains("refused");
    token.clear();
    token.sendKeys(app.kubernaut.apiToken(), Keys.ENTER);
    waitFor(By.id("remediations"));
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElement(By.id("live")).getText().equals("Live updates on"));
    js("window.kubernautPageMarker = 'same page';");

    remediation = app.postFixture("crashlooping-firing.json");

    WebElement phase = waiting().until(d -> {
      List<WebElement> cells = d.findElements(By.cssSelector("tr[data-name='" + remediation + "'] td[data-label=Phase]"));
      return !cells.isEmpty() && cells.get(0).getText().equals("AwaitingApproval") ? cells.get(0) : null;
    });
    assertThat(phase.isDisplayed()).isTrue();
    assertThat(js("return window.kubernautPageMarker;")).as("the row arrived without a reload").isEqualTo("same page");
    WebElement row = browser.findElement(By.cssSelector("tr[data-name='" + remediation + "']"));
    assertThat(row.findElement(By.cssSelector("td[data-label=Environment]")).getText()).isEqualTo("production");
    assertThat(row.findElement(By.cssSelector("td[data-label=Alert]")).getText()).isEqualTo("KubePodCrashLooping");
    assertThat(row.findElement(By.cssSelector("td[data-label=Target]")).getText()).contains("shop-prod");
    assertThat(row.findElement(By.cssSelector("td[data-label=Duplicates]")).getText()).isEqualTo("1");
    assertThat(sessionToken()).isEqualTo(app.kubernaut.apiToken());
    screenshot("list.png");
  }

  @Test
  @Order(2)
  void theListFiltersByPhase() {
    new org.openqa.selenium.support.ui.Select(waitFor(By.id("phase"))).selectByValue("Completed");
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("tr[data-name='" + remediation + "']")).isEmpty());
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("phase"))).selectByValue("AwaitingApproval");
    waitFor(By.cssSelector("tr[data-name='" + remediation + "']"));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("phase"))).selectByValue("");
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("tr[data-name]")).size() == 1);
  }

  @Test
  @Order(3)
  void theMainColoursMeetTheWcagAaContrastOfFourAndAHalfToOne() {
    Map<String, String> selectors = Map.of("body text", "main h1", "muted text", "#count", "link",
        "tr[data-name] a", "table header", "th", "button", "#sign-out", "phase badge", "td[data-label=Phase] .badge");
    selectors.forEach((what, selector) -> {
      double ratio = ((Number) js(CONTRAST, browser.findElement(By.cssSelector(selector)))).doubleValue();
      assertThat(ratio).as("contrast of the %s (%s)", what, selector).isGreaterThanOrEqualTo(4.5);
    });
  }

  @Test
  @Order(4)
  void theTimelineShowsThePhasesAndTheAnalysisAndTheApproveButtonWorksFromTheKeyboard() throws Exception {
    browser.findElement(By.cssSelector("tr[data-name='" + remediation + "'] a")).click();
    waitFor(By.id("phase-timeline"));
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElement(By.id("phase-timeline")).getText().contains("AwaitingApproval"));
    assertThat(browser.findElement(By.id("phase-timeline")).getText()).contains("Processing").contains("Analyzing");
    String page = browser.findElement(By.id("main")).getText();
    assertThat(page).contains("Root cause").contains("Recommendations").contains("Gate decision")
        .contains("Approval required");
    fullPageScreenshot("timeline.png");

    WebElement reason = waitFor(By.id("reason"));
    assertThat(browser.findElement(By.cssSelector("label[for=reason]")).getText()).startsWith("Reason");
    reason.click();
    reason.sendKeys("Checked the crash loop with the on-call team");
    reason.sendKeys(Keys.TAB);
    WebElement focused = browser.switchTo().activeElement();
    assertThat(focused.getAttribute("id")).as("Tab from the reason reaches the approve button").isEqualTo("approve");
    assertThat((String) js("return getComputedStyle(arguments[0]).outlineStyle;", focused))
        .as("the focused button shows a focus outline").isNotEqualTo("none");
    for (String selector : List.of("#approve", "#reject", ".approval label", "#reason-help")) {
      double ratio = ((Number) js(CONTRAST, browser.findElement(By.cssSelector(selector)))).doubleValue();
      assertThat(ratio).as("contrast of %s", selector).isGreaterThanOrEqualTo(4.5);
    }
    focused.sendKeys(Keys.ENTER);

    assertThat(waitForText(By.id("decision-result"), "Approved by admin-token")).isTrue();
    AlertRemediation ar = await().atMost(WAIT).until(() -> app.remediation(remediation),
        r -> r.getStatus() != null && r.getStatus().getPhase() != RemediationPhase.AwaitingApproval);
    assertThat(ar.getMetadata().getAnnotations())
        .containsEntry(KubernautLabels.APPROVAL_REASON, "Checked the crash loop with the on-call team");
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElement(By.id("phase-timeline")).getText().contains("Executing"));
    assertThat(browser.findElements(By.id("approval"))).as("the approval panel is gone once decided").isEmpty();
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElement(By.id("main")).getText().contains("Decided by"));
    fullPageScreenshot("timeline-approved.png");
  }

  @Test
  @Order(5)
  void whenItsVerificationFailsTheRollbackPanelAsksAndKeepTheChangeRecordsTheDecisionOnTheWorkflow() throws Exception {
    await().ignoreExceptions().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          List<WebElement> found = browser.findElements(By.id("rollback-decision"));
          if (found.isEmpty()) {
            browser.navigate().refresh(); // in case no live update names it when its workflow asks
          }
          return found.isEmpty() ? null : found.get(0);
        }, java.util.Objects::nonNull);
    // The live page re-renders the panel on its workflow's watch events: every check reads it afresh.
    await().atMost(WAIT).ignoreExceptionsInstanceOf(StaleElementReferenceException.class).untilAsserted(() -> {
      WebElement shown = browser.findElement(By.id("rollback-decision"));
      assertThat(shown.findElement(By.tagName("h2")).getText()).isEqualTo("Rollback awaits your decision");
      assertThat(shown.getText()).contains("Failed check").contains(CHECK).contains("Last value")
          .contains("Value 4.0 of {namespace=shop-prod} is not == 0.0.")
          .contains("Expires");
      assertThat(browser.findElement(By.id("approve")).getText()).isEqualTo("Roll back");
      assertThat(browser.findElement(By.id("reject")).getText()).isEqualTo("Keep the change");
    });
    fullPageScreenshot("timeline-rollback.png");

    String why = "The restart helped; the restarts are the old pods";
    // The live page may re-render the panel under the test (a watch event of its workflow): type and
    // click again on the fresh panel until the click lands on one that holds the reason typed (a panel caught
    // mid-render is stale or not yet interactable).
    await().atMost(WAIT).ignoreExceptionsMatching(e -> e instanceof StaleElementReferenceException
        || e instanceof ElementNotInteractableException).until(() -> {
      WebElement reason = browser.findElement(By.id("reason"));
      reason.clear();
      reason.sendKeys(why);
      WebElement reject = browser.findElement(By.id("reject"));
      if (!why.equals(browser.findElement(By.id("reason")).getAttribute("value"))) {
        return false;
      }
      reject.click();
      return true;
    });

    assertThat(waitForText(By.id("decision-result"), "Rollback rejected by admin-token")).isTrue();
    AlertRemediation ar = app.remediation(remediation);
    assertThat(ar.getMetadata().getAnnotations()).containsEntry(KubernautLabels.ROLLBACK_APPROVAL, "rejected")
        .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_BY, "admin-token")
        .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_VIA, "api")
        .containsEntry(KubernautLabels.ROLLBACK_APPROVAL_REASON, why);
    WorkflowExecution wfe = await().atMost(WAIT).until(() -> app.kube.resources(WorkflowExecution.class)
        .inNamespace(EmbeddedApp.NAMESPACE).withName(remediation + "-workflow").get(),
        w -> w.getStatus().getPhase() == WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getRollbackApproval()).as("the decision reached the workflow").satisfies(d -> {
      assertThat(d.getDecision()).isEqualTo("rejected");
      assertThat(d.getDecidedBy()).isEqualTo("admin-token");
      assertThat(d.getReason()).isEqualTo(why);
    });
    assertThat(wfe.getStatus().getOutcome()).as("the change is kept").isEqualTo("NotRemediated");
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElements(By.id("rollback-decision")).isEmpty()
        && browser.findElement(By.id("main")).getText().contains("Rollback after the failed verification"));
    assertThat(browser.findElements(By.id("reject"))).as("no decision is asked any more").isEmpty();
    fullPageScreenshot("timeline-rollback-kept.png");
  }

  @Test
  @Order(6)
  void stormsAndBlocksPageAnswers() {
    browser.findElement(By.linkText("Storms and blocks")).click();
    await().ignoreExceptions().atMost(WAIT).until(() -> browser.findElement(By.id("main")).getText().contains("Storms in progress"));
  }

  @Test
  @Order(7)
  void onAPhoneWideScreenTheListNeedsNoSidewaysScrolling() throws Exception {
    browser.findElement(By.linkText("Remediations")).click();
    waitFor(By.cssSelector("tr[data-name='" + remediation + "']"));
    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      await().atMost(WAIT).until(() -> (Boolean) js(
          "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"));
      screenshot("list-phone.png");
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(8)
  void theSkipLinkIsTheFirstTabStopAndMovesFocusToTheContentWithoutLeavingThePage() {
    browser.findElement(By.linkText("Remediations")).click();
    browser.navigate().refresh();
    waitFor(By.id("remediations"));
    String before = browser.getCurrentUrl();
    new Actions(browser).sendKeys(Keys.TAB).perform();
    WebElement first = browser.switchTo().activeElement();
    assertThat(first.getText()).isEqualTo("Skip to content");
    first.sendKeys(Keys.ENTER);
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("main");
    assertThat(browser.getCurrentUrl()).isEqualTo(before);
    assertThat(browser.findElements(By.id("remediations"))).isNotEmpty();
  }

  @Test
  @Order(9)
  void signingOutForgetsTheTokenAndShowsTheSignInForm() {
    browser.findElement(By.id("sign-out")).click();
    waitFor(By.id("token"));
    assertThat(sessionToken()).isNull();
    browser.get(url("/ui/#/"));
    waitFor(By.id("token"));
    assertThat(browser.findElements(By.id("remediations"))).isEmpty();
  }

  @Test
  @Order(10)
  void theConsoleIsServedWithAContentSecurityPolicyThatAllowsOnlyItsOwnOrigin() throws Exception {
    var response = app.get("/ui/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'");
    JsonNode list = EmbeddedApp.JSON.readTree(app.get("/api/v1/remediations?phase=Executing").body());
    assertThat(list.path("items").isArray()).isTrue();
  }

  /** Contrast ratio of an element's text colour on the first opaque background behind it (WCAG 2 formula). */
  private static final String CONTRAST = """
      const el = arguments[0];
      const parse = (c) => c.match(/[\\d.]+/g).map(Number);
      let bg = el;
      let rgba = parse(getComputedStyle(bg).backgroundColor);
      while ((rgba.length === 4 && rgba[3] === 0) && bg.parentElement) {
        bg = bg.parentElement;
        rgba = parse(getComputedStyle(bg).backgroundColor);
      }
      if (rgba.length === 4 && rgba[3] === 0) rgba = [255, 255, 255];
      const fg = parse(getComputedStyle(el).color);
      const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const [a, b] = [lum(fg), lum(rgba)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
      """;

  private static String url(String path) {
    return "http://localhost:" + app.kubernaut.httpPort() + path;
  }

  /** A wait that retries while the live page re-renders the element under it. */
  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static WebElement waitFor(By by) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static boolean waitForText(By by, String text) {
    return waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** A screenshot of the whole page: the window is made as tall as the page for it. */
  private static void fullPageScreenshot(String name) throws Exception {
    long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
    browser.manage().window().setSize(new Dimension(1280, (int) Math.min(6000, Math.max(900, height + 100))));
    try {
      screenshot(name);
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private static String sessionToken() {
    return (String) js("return sessionStorage.getItem('kubernaut.token');");
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
