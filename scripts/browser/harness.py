"""The helper API of the browser journeys (scripts/browser/journeys_*.py), run by scripts/browser-tests.

A journey is a test method of a `Journey` subclass: `test_engineer_claims_an_incident` is the journey
`engineer-claims-an-incident`. Each journey gets its own browser context (no cookies shared with any
other journey) with `self.page` open in it, and `self.stack`, the running Steward: `stack.url(path)`,
`stack.tokens[ROLE]` (engineer alice, tam tom, duty-manager dana, operator olga, customer acme/bob,
customer-globex globex/hiro), `stack.token(role, staff=… | customer=…, contact=…)` for others,
`stack.api(method, path, token, body)` and `stack.file_request(token, type=…, …)` for the JSON
API, `stack.sql(query)` and `stack.steward(command, arguments)` to look at or arrange what the pages
cannot. Relative URLs work everywhere: the context's base URL is the server's.

    class ConsoleJourneys(Journey):
        def test_operator_sees_the_stuck_list(self):
            sign_in(self.page, self.stack.tokens["operator"], "console")
            self.visit("/console/stuck", "stuck")
            expect(self.page.get_by_role("heading", name="Stuck")).to_be_visible()

Helpers (module functions, also methods on Journey where they take the page):
  sign_in(page, token, area)      opens /AREA/sign-in, fills "API token", presses "Sign in", waits
                                  until the browser has left the sign-in page; shoots both pages
  shoot(page, step)               full-page screenshots at 1280 and 320 px wide into
                                  .build/test-artefacts/pages/<journey>-<nn>-<step>-<width>.png;
                                  a page wider than the screen is noted beside PASS, and fails
                                  the journey when its class sets `pages_must_fit = True`
  Journey.visit(path, step)       goto + status check + shoot; returns the response
  post_without_csrf(page, …)      posts a form with the page's session cookie but no CSRF token
                                  (Playwright's APIRequestContext); returns the APIResponse
  submit_without_csrf(form, …)    the browser submits a form after its CSRF field is removed,
                                  so the refusal page can be looked at and shot
  form_fields(form)               a form's fields as the browser would send them
  Journey.new_page(cookies=…)     another browser context in the same journey, e.g. to replay a
                                  signed-out session's cookies

Locate controls by role and label (get_by_role, get_by_label): every control on our pages has a
label, and a journey that cannot find one by its label has found a bug. Wait with `expect(...)`
(it retries until its timeout), never with sleeps.

On a failure the journey's pages are screenshot and saved with their HTML, the browser console's
errors and the tail of the server's and the worker's logs written during the journey, into
.build/test-artefacts/failures/.
"""

import functools
import os
import re
import time
import traceback
import unittest

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTEFACTS = os.path.join(REPO, ".build", "test-artefacts")
PAGES = os.path.join(ARTEFACTS, "pages")
FAILURES = os.path.join(ARTEFACTS, "failures")
WIDTHS = (1280, 320)
VIEWPORT_HEIGHT = 800
# Generous: two shared cores, a debug build, and a full-page screenshot can each take seconds.
ACTION_TIMEOUT_MS = 20_000
NAVIGATION_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 15_000
# A page wider than the screen: its width and the outermost few elements sticking out (those inside
# a box that scrolls or clips on its own widen nothing).
_OVERFLOW = """width => {
  const wide = document.documentElement.scrollWidth;
  if (wide <= width) return null;
  const contained = element => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    return false;
  };
  const out = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || contained(element)) continue;
    if (out.some(outer => outer.contains(element))) continue;
    out.push(element);
    if (out.length === 3) break;
  }
  // (Attributes, not properties: a form's .id is its input named "id", if it has one.)
  const name = e => e.tagName.toLowerCase() + (e.getAttribute('id') ? '#' + e.getAttribute('id') : '') +
      (e.getAttribute('class') || '').split(' ').filter(Boolean).map(c => '.' + c).join('');
  return [wide, out.map(e => name(e) + ' ' + Math.round(e.getBoundingClientRect().width) + ' px')];
}"""
# Names a CSRF token's form field may have; any field whose name contains "csrf" counts too.
CSRF_FIELD_NAMES = ("csrf", "_csrf", "csrf_token", "csrfToken", "authenticity_token")


class HarnessError(Exception):
    """A journey used the harness wrongly (not a failure of the pages)."""


# MARK: - Pages and journeys


class _Steps:
    """A journey's screenshot counter, shared by all its pages, so the files sort in the order shot."""

    def __init__(self):
        self.count = 0
        self.too_wide = []  # pages shoot() found wider than the screen, in words


class _PageState:
    def __init__(self, journey, steps):
        self.journey = journey
        self.steps = steps
        self.shot = []  # URLs shot
        self.visited = []  # URLs the main frame navigated to
        self.console_errors = []


_STATES = {}  # id(page) -> _PageState; pages live no longer than their journey


def _state(page):
    state = _STATES.get(id(page))
    if state is None:
        raise HarnessError("this page was not opened by a Journey (use self.page or self.new_page())")
    return state


def _track(page, journey, steps):
    state = _STATES.setdefault(id(page), _PageState(journey, steps))

    def navigated(frame):
        if frame == page.main_frame:
            state.visited.append(frame.url)

    def console(message):
        if message.type in ("error", "warning"):
            where = (message.location or {}).get("url") or page.url
            state.console_errors.append(f"console {message.type} ({where}): {message.text}")

    page.on("framenavigated", navigated)
    page.on("console", console)
    page.on("pageerror", lambda error: state.console_errors.append(f"page error: {error}"))
    return state


def _slug(text):
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "page"


# MARK: - The helper API


def shoot(page, step):
    """Full-page screenshots of what `page` shows now at 1280 and 320 px wide, into
    .build/test-artefacts/pages/<journey>-<nn>-<step>-<width>.png; returns their paths.
    The viewport is put back afterwards."""
    state = _state(page)
    state.steps.count += 1
    os.makedirs(PAGES, exist_ok=True)
    page.wait_for_load_state("load")
    original = page.viewport_size or {"width": WIDTHS[0], "height": VIEWPORT_HEIGHT}
    paths = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
            path = os.path.join(PAGES, f"{state.journey}-{state.steps.count:02d}-{_slug(step)}-{width}.png")
            page.screenshot(path=path, full_page=True, animations="disabled")
            paths.append(path)
            overflow = page.evaluate(_OVERFLOW, width)
            if overflow:
                where = re.sub(r"^https?://[^/]+", "", page.url)
                state.steps.too_wide.append(f"{where} ({step}): {overflow[0]} px wide at {width} px, sticking out: "
                                            + (", ".join(overflow[1]) or "?"))
    finally:
        page.set_viewport_size(original)
    state.shot.append(page.url)
    return paths


def sign_in(page, token, area="console", step=None):
    """Signs in on /console/sign-in or /portal/sign-in (`area`) with `token`: fills the field labelled
    "API token", presses the button "Sign in" and waits until the browser has left the sign-in page.
    The sign-in page and the page it lands on are shot (the latter as `step`, default AREA-home).
    Raises AssertionError with what the page says when it stays on the sign-in page."""
    if area not in ("console", "portal"):
        raise HarnessError(f"area is console or portal, not {area!r}")
    response = page.goto(f"/{area}/sign-in")
    if response is None or response.status != 200:
        raise AssertionError(f"GET /{area}/sign-in answered {response.status if response else 'nothing'}")
    shoot(page, f"{area}-sign-in")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("load")
    try:
        expect(page).not_to_have_url(re.compile(rf"/{area}/sign-in(\?.*)?$"))
    except AssertionError:
        said = " ".join(page.locator("main").first.inner_text(timeout=2_000).split()) if page.locator("main").count() \
            else " ".join(page.locator("body").inner_text(timeout=2_000).split())
        raise AssertionError(f"still on {page.url} after signing in; the page says: {said[:300]}") from None
    shoot(page, step or f"{area}-home")
    return page


def form_fields(form):
    """The fields `form` (a Locator of a <form>) would send now, as {name: value} (the last value of a
    repeated name wins), with its action URL and method: (fields, action, method)."""
    fields, action, method = form.evaluate("""form => [
        Object.fromEntries(Array.from(new FormData(form).entries()).filter(([, v]) => typeof v === 'string')),
        form.action, (form.getAttribute('method') || 'get').toLowerCase()]""")
    return fields, action, method


def _is_csrf(name):
    return name in CSRF_FIELD_NAMES or "csrf" in name.lower()


def post_without_csrf(page, form_or_action, fields=None, origin=True):
    """POSTs a form the way the browser would, with the page's cookies (the session) but without its
    CSRF token, through Playwright's APIRequestContext, following no redirect; returns the
    APIResponse (`.status`, `.text()`, `.headers`).

    `form_or_action` is a Locator of a <form> on the page (its fields are taken, less any CSRF
    field; `fields` are added on top) or a path such as "/console/sign-out" (then `fields` is the
    whole form). With `origin` an Origin header naming the server is sent, as a browser would, so
    that only the missing token can be the reason for a refusal."""
    if isinstance(form_or_action, Locator):
        taken, action, _ = form_fields(form_or_action)
        form = {name: value for name, value in taken.items() if not _is_csrf(name)}
        form.update(fields or {})
    else:
        action, form = form_or_action, dict(fields or {})
        dropped = [name for name in form if _is_csrf(name)]
        if dropped:
            raise HarnessError(f"post_without_csrf was given CSRF fields {dropped}")
    headers = {"Origin": Journey.stack.base_url} if origin else {}
    return page.request.post(action, form=form, headers=headers, max_redirects=0, fail_on_status_code=False)


def submit_without_csrf(form, button_name=None):
    """Removes the CSRF field(s) from `form` (a Locator of a <form>) in the page, then presses its
    submit button (`button_name`, else its only button) as a person would: the page then shows
    the server's answer (for a refusal, its 403 page). Returns the navigation's response."""
    removed = form.evaluate("""form => {
        let n = 0;
        for (const input of Array.from(form.querySelectorAll('input[name]')))
            if (/csrf/i.test(input.name) || ['authenticity_token'].includes(input.name)) { input.remove(); n++; }
        return n; }""")
    if removed == 0:
        raise HarnessError("the form has no CSRF field to remove: is it protected at all?")
    button = form.get_by_role("button", name=button_name, exact=True) if button_name else form.get_by_role("button")
    page = form.page
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value


# MARK: - Journeys


def _journey_name(method_name):
    return method_name[len("test_"):].replace("_", "-")


def _with_artefacts(method):
    @functools.wraps(method)
    def _with_artefacts_run(self, *args, **kwargs):
        try:
            outcome = method(self, *args, **kwargs)
            if self.pages_must_fit and self.too_wide:
                self.fail("pages wider than the screen (they scroll sideways):\n" + "\n".join(self.too_wide))
            return outcome
        except BaseException as failure:
            if not isinstance(failure, (unittest.SkipTest, KeyboardInterrupt)):
                try:
                    self.failure_artefacts()
                except Exception as error:  # the failure itself is what matters
                    self.failure_notes.append(f"(saving the failure's artefacts failed: {error!r})")
                # Told after an earlier failure too, as the end of the journey would have.
                too_wide = getattr(getattr(self, "steps", None), "too_wide", [])
                if too_wide and "pages wider than the screen" not in str(failure):
                    self.failure_notes.append("pages wider than the screen (they scroll sideways):")
                    self.failure_notes.extend(f"  {page}" for page in too_wide)
            raise
    return _with_artefacts_run


class Journey(unittest.TestCase):
    """Base class of the journeys: each `test_*` method is one, with `self.page` in a fresh context."""

    stack = None  # the running Steward (scripts/browser-tests sets it)
    browser = None  # the Playwright Browser (scripts/browser-tests sets it)
    # Whether a page shot wider than the screen (at 1280 or 320 px) fails the journey once it is
    # done (after everything else it checks); otherwise it is noted beside PASS.
    pages_must_fit = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if name.startswith("test_") and callable(value):
                setattr(cls, name, _with_artefacts(value))

    @property
    def journey(self):
        return _journey_name(self._testMethodName)

    def setUp(self):
        if self.stack is None or self.browser is None:
            raise HarnessError("journeys run under scripts/browser-tests, which starts Steward and the browser")
        self.contexts = []
        self.steps = _Steps()
        self.log_offsets = self.stack.log_offsets()
        self.page = self.new_page()

    @property
    def too_wide(self):
        """The pages shot so far that were wider than the screen, in words."""
        return self.steps.too_wide

    def tearDown(self):
        self.unshot = []
        for context in self.contexts:
            for page in context.pages:
                state = _STATES.pop(id(page), None)
                if state:
                    self.unshot += [url for url in dict.fromkeys(state.visited)
                                    if url.startswith("http") and url not in state.shot]
            try:
                context.close()
            except PlaywrightError:
                pass
        self.contexts = []

    def new_page(self, cookies=None):
        """A page in a new browser context of this journey (its own cookies: another browser, as far
        as the server can tell), with `cookies` (from `page.context.cookies()`) put in first."""
        context = self.browser.new_context(
            base_url=self.stack.base_url, viewport={"width": WIDTHS[0], "height": VIEWPORT_HEIGHT},
            locale="en-GB", timezone_id="Europe/Berlin")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        if cookies:
            context.add_cookies(cookies)
        self.contexts.append(context)
        page = context.new_page()
        _track(page, self.journey, self.steps)
        return page

    # Helpers on self.page

    def shoot(self, step, page=None):
        return shoot(page or self.page, step)

    def sign_in(self, token, area="console", page=None, step=None):
        return sign_in(page or self.page, token, area, step)

    def visit(self, path, step, status=200, page=None):
        """Opens `path`, checks the answer's status (an int, or a tuple of them) and shoots the page."""
        page = page or self.page
        response = page.goto(path)
        if response is None:
            raise AssertionError(f"GET {path} gave the browser no response")
        wanted = status if isinstance(status, tuple) else (status,)
        if response.status not in wanted:
            raise AssertionError(f"GET {path} answered {response.status}, not {' or '.join(map(str, wanted))}")
        self.shoot(step, page)
        return response

    # Failures

    def failure_artefacts(self):
        """Screenshot, HTML and console errors of every page of the journey, and the server's and the
        worker's log lines written since it began, into .build/test-artefacts/failures/."""
        os.makedirs(FAILURES, exist_ok=True)
        saved = []
        for index, context in enumerate(getattr(self, "contexts", [])):
            for number, page in enumerate(context.pages):
                stem = os.path.join(FAILURES, self.journey + (f"-{index + 1}" if index else "")
                                    + (f"-page{number + 1}" if number else ""))
                try:
                    page.screenshot(path=stem + ".png", full_page=True, timeout=10_000)
                    saved.append(stem + ".png")
                except PlaywrightError as error:
                    saved.append(f"(no screenshot of {page.url}: {str(error).splitlines()[0]})")
                try:
                    with open(stem + ".html", "w") as file:
                        file.write(f"<!-- {page.url} -->\n{page.content()}")
                    saved.append(stem + ".html")
                except PlaywrightError as error:
                    saved.append(f"(no HTML of {page.url}: {str(error).splitlines()[0]})")
                state = _STATES.get(id(page))
                if state and state.console_errors:
                    with open(stem + "-console.txt", "w") as file:
                        file.write("\n".join(state.console_errors) + "\n")
                    saved.append(stem + "-console.txt")
                if state:
                    self.failure_notes.append(f"page {page.url} (visited: {', '.join(state.visited) or 'nothing'})")
        if self.stack is not None:
            for name, text in self.stack.logs_since(getattr(self, "log_offsets", {})).items():
                path = os.path.join(FAILURES, f"{self.journey}-{name}.log")
                with open(path, "w") as file:
                    file.write(text)
                saved.append(path)
                tail = text.splitlines()[-15:]
                if tail:
                    self.failure_notes.append(f"{name} log, last lines of the journey:")
                    self.failure_notes.extend(f"  {line}" for line in tail)
        self.failure_notes.insert(0, "artefacts: " + ", ".join(saved))

    @property
    def failure_notes(self):
        if not hasattr(self, "_failure_notes"):
            self._failure_notes = []
        return self._failure_notes


# MARK: - Running (used by scripts/browser-tests)


class Result(unittest.TestResult):
    """Prints PASS or FAIL per journey as it ends, with the failure's traceback and artefacts."""

    def __init__(self, say):
        super().__init__()
        self.say = say
        self.passed = []
        self.began = {}

    def startTest(self, test):
        super().startTest(test)
        self.began[test.id()] = time.time()

    def _took(self, test):
        return f"({time.time() - self.began.get(test.id(), time.time()):.1f} s)"

    def _name(self, test):
        return getattr(test, "journey", None) or test.id()

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.append(test)
        self.say(f"  PASS  {self._name(test)} {self._took(test)}")
        for url in getattr(test, "unshot", []):
            self.say(f"          note: visited {url} without a screenshot (shoot it)")
        if not getattr(test, "pages_must_fit", False):
            for page in getattr(getattr(test, "steps", None), "too_wide", []):
                self.say(f"          note: {page}")

    def _report(self, label, test, err):
        self.say(f"  {label}  {self._name(test)} {self._took(test)}")
        kind, value, tb = err
        # The journeys' and the harness's frames and the error; not unittest's, Playwright's nor the
        # artefact wrapper's.
        frames = [frame for frame in traceback.extract_tb(tb)
                  if "/unittest/" not in frame.filename and "/playwright/" not in frame.filename
                  and frame.name != "_with_artefacts_run"]
        text = "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(kind, value))
        for line in text.rstrip().splitlines():
            self.say(f"          {line}")
        for note in getattr(test, "failure_notes", []):
            self.say(f"          {note}")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._report("FAIL", test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._report("FAIL", test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.say(f"  SKIP  {self._name(test)}: {reason}")


def journeys_in(suite):
    """Every test case of a (nested) unittest suite."""
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from journeys_in(item)
        else:
            yield item


__all__ = ["Journey", "Page", "Locator", "PlaywrightError", "expect", "sign_in", "shoot", "post_without_csrf", "submit_without_csrf",
           "form_fields", "HarnessError", "Result", "journeys_in", "ARTEFACTS", "PAGES", "FAILURES", "WIDTHS"]
