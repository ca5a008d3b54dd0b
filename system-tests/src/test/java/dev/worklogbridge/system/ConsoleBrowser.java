package dev.worklogbridge.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its ChromeDriver (both at /usr/bin, put there by the build's
 * ensure-browser.sh), as an operator uses the console. The flags keep it off the network it would
 * otherwise call at start (updates, sync, safe browsing) and give it a fresh profile.
 */
final class ConsoleBrowser implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private final ChromeDriver driver;
  private final Path screenshots;

  private ConsoleBrowser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  static ConsoleBrowser start(Path dir) throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .withLogFile(dir.resolve("chromedriver.log").toFile())
            .build();
    return new ConsoleBrowser(
        new ChromeDriver(service, options), Files.createDirectories(dir.resolve("screenshots")));
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return until(d -> d.findElement(By.cssSelector(css)));
  }

  void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  void click(String css) {
    until(
        d -> {
          WebElement e = d.findElement(By.cssSelector(css));
          if (!e.isDisplayed() || !e.isEnabled()) {
            return null;
          }
          e.click();
          return true;
        });
  }

  void select(String css, String value) {
    until(
        d -> {
          new Select(d.findElement(By.cssSelector(css))).selectByValue(value);
          return true;
        });
  }

  /** Waits until {@code css} shows text containing {@code text}; returns that text. */
  String awaitText(String css, String text) {
    return until(
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .filter(t -> t.contains(text))
                .findFirst()
                .orElse(null));
  }

  /** Waits for {@code condition} to give a value (not null or false), for up to 90 s. */
  <T> T until(Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(250));
    wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.ignoring(org.openqa.selenium.ElementNotInteractableException.class);
    return wait.until(condition::apply);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  Path screenshot(String name) throws Exception {
    Path to = screenshots.resolve(name + ".png");
    Files.write(to, driver.getScreenshotAs(OutputType.BYTES));
    return to;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
