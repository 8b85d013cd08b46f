"""Shared fixtures: the node under test is started by interop/run and named here."""
import json
import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ["CAUSEWAY_URL"].rstrip("/")


@pytest.fixture(scope="session")
def credentials() -> dict:
    path = pathlib.Path(os.environ["CAUSEWAY_DATA_DIR"]) / "demo-credentials.json"
    return json.loads(path.read_text())


# --- The browser: Debian's chromium driven by selenium (interop/browser-setup installs it). ---

SCREENSHOTS = os.environ.get("CAUSEWAY_SCREENSHOTS")


def _chrome(javascript=True, width=1280, height=900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=en-GB"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    # selenium's driver manager cannot download here: give it Debian's chromedriver directly.
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(0)
    return driver


@pytest.fixture()
def browser():
    driver = _chrome()
    yield driver
    driver.quit()


@pytest.fixture()
def browser_without_js():
    driver = _chrome(javascript=False)
    yield driver
    driver.quit()


class Pages:
    """What every browser journey does: open pages, sign in and out, check a page with axe-core,
    and keep a screenshot of it when CAUSEWAY_SCREENSHOTS names a folder."""

    def __init__(self, driver, base_url, credentials):
        self.driver, self.base_url, self.credentials = driver, base_url, credentials

    def open(self, path):
        self.driver.get(self.base_url + path)
        return self.driver

    def find(self, css):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        from selenium.webdriver.common.by import By
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def click_link(self, text):
        from selenium.webdriver.common.by import By
        self.follow(self.driver.find_element(By.LINK_TEXT, text))

    def button(self, text):
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")

    def press(self, text):
        """Presses a form's button and waits for the page it leads to."""
        self._leave(lambda: self.button(text).click(), timeout=60)

    def follow(self, element):
        """Follows a link (an element) and waits for the page it leads to."""
        self._leave(element.click, timeout=30)

    def _leave(self, action, timeout):
        """Runs `action`, then waits until the page it was on is gone (its root element is
        stale, or no longer in any document) and the new one has loaded."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait
        old = self.find("html")
        action()

        def gone(driver):
            try:
                old.tag_name
                return False
            except WebDriverException:
                return driver.execute_script("return document.readyState") == "complete"
        WebDriverWait(self.driver, timeout).until(gone)

    def text(self):
        return self.find("main").text

    def password(self, username):
        return next(u["password"] for u in self.credentials["users"] if u["username"] == username)

    def sign_in(self, username, then=None):
        self.driver.delete_all_cookies()
        self.open("/console/sign-in" + (f"?next={then}" if then else ""))
        self.find("#username").send_keys(username)
        self.find("#password").send_keys(self.password(username))
        self.press("Sign in")
        assert "Signed in as" in self.find("header").text, self.text()

    def sign_out(self):
        self.press("Sign out")

    def check_accessible(self, name=None):
        """axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules: no violation on the page as it stands.
        (selenium-axe-python ships axe-core 4.9; its run() formats options as Python, so the
        call is made here, with rejections reported instead of hanging.)"""
        from selenium_axe_python import Axe
        axe = Axe(self.driver)
        axe.inject()
        self.driver.set_script_timeout(60)
        result = self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, arguments[0]).then(r => done({violations: r.violations})).catch(e => done({error: String(e)}));
            """, {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
        assert "error" not in result, result
        violations = result["violations"]
        assert not violations, f"{self.driver.current_url}: " + axe.report(violations)
        if name:
            self.screenshot(name)

    def screenshot(self, name):
        if not SCREENSHOTS:
            return
        os.makedirs(SCREENSHOTS, exist_ok=True)
        size = self.driver.get_window_size()
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(size["width"], min(max(height, 600), 3200))
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))
        self.driver.set_window_size(size["width"], size["height"])


@pytest.fixture()
def pages(browser, base_url, credentials):
    return Pages(browser, base_url, credentials)
