"""An incident from the customer's report to its first response: the portal's filing form, the
TAM's countdown, the engineer's claim and outcome form, and the live pages that follow it."""

import re
import uuid

from harness import Journey, expect, sign_in

# Notes each named event a page's EventSource hears in sessionStorage "heard" (space-separated).
HEAR_LIVE_EVENTS = """(() => {
  const Original = window.EventSource;
  if (!Original) return;
  window.EventSource = function (url, options) {
    const source = new Original(url, options);
    const listen = source.addEventListener.bind(source);
    source.addEventListener = function (name, handler, more) {
      return listen(name, function (event) {
        sessionStorage.setItem('heard', (sessionStorage.getItem('heard') || '') + ' ' + name);
        return handler.call(this, event);
      }, more);
    };
    return source;
  };
})();"""
REQUEST_URL = re.compile(r"/portal/requests/([0-9a-f-]{36})\?(.*&)?done=filed$")


def report_an_incident(journey, page, summary, severity, description=None):
    """Files an incident through the portal's "Report an incident" form on `page` (a customer signed
    in); checks the notice on the request's page it lands on and returns the request's id."""
    journey.visit("/portal/new/incident", "report-an-incident", page=page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Report an incident")
    page.get_by_label("Summary").fill(summary)
    page.get_by_label("Severity").select_option(str(severity))
    if description:
        page.get_by_label("Description").fill(description)
    journey.shoot("report-an-incident-filled", page)
    page.get_by_role("button", name="Report an incident", exact=True).click()
    expect(page).to_have_url(REQUEST_URL)
    expect(page.get_by_role("status")).to_contain_text("Your request is filed")
    journey.shoot("filed", page)
    return REQUEST_URL.search(page.url).group(1)


def leave(page):
    """Takes `page` off a live page while others act: the live script's reloads would race the
    journey's own navigations of it later."""
    page.goto("about:blank")


def request_row(page, request):
    """The row of a request list that links to `request` (a console list)."""
    link = page.locator(f'a[href="/console/requests/{request}"]')
    return page.get_by_role("row").filter(has=link)


class IncidentJourneys(Journey):
    pages_must_fit = True

    def test_engineer_answers_a_severity_1_incident(self):
        """A contact reports a severity 1 incident in the portal; the TAM sees its first-response
        countdown running; alice claims the first-response task in the queue, sends the first
        response with the task's outcome form and lands on the queue with the notice; the TAM's
        countdown then says answered in time, and the customer sees the response in the history."""
        summary = f"Mail gateway drops every message {uuid.uuid4().hex[:8]}"
        message = "We are on it: the gateway's scanner is restarted and we watch the queue."

        customer = self.page
        sign_in(customer, self.stack.tokens["customer"], "portal")
        request = report_an_incident(self, customer, summary, 1, "Since 22:00 no mail arrives.")
        leave(customer)

        # The TAM's customers page: the incident with its countdown running.
        tam = self.new_page()
        sign_in(tam, self.stack.tokens["tam"], "console")
        self.visit("/console/customers", "tam-customers", page=tam)
        row = request_row(tam, request)
        expect(row).to_have_count(1)
        countdown = row.locator(".countdown")
        expect(countdown).to_have_class(re.compile(r"\bsla-running\b"))
        expect(countdown.locator(".words")).to_contain_text("left")
        expect(row.locator(".tag")).to_have_text("S1")
        leave(tam)

        # alice claims the first-response task and completes it with the respond outcome.
        engineer = self.new_page()
        sign_in(engineer, self.stack.tokens["engineer"], "console")
        self.visit("/console/queue", "queue", page=engineer)
        # The task's title names the severity and the summary: "First response to severity 1 (critical)
        # incident: …".
        claim = engineer.get_by_role(
            "button", name=re.compile(rf"^Claim: First response to severity 1\b.*: {re.escape(summary)}$"))
        expect(claim).to_have_count(1)
        title = claim.get_attribute("aria-label")[len("Claim: "):]
        claim.click()
        expect(engineer).to_have_url(re.compile(r"/console/queue\?(.*&)?done=claimed"))
        expect(engineer.get_by_role("status")).to_contain_text("The task is yours")
        task_row = engineer.get_by_role("row").filter(has=engineer.get_by_role("link", name=title, exact=True))
        expect(task_row).to_contain_text("claimed by alice")
        expect(engineer.get_by_role("button", name=f"Release: {title}", exact=True)).to_be_visible()
        self.shoot("claimed", engineer)

        engineer.get_by_role("link", name=title, exact=True).click()
        expect(engineer).to_have_url(re.compile(r"/console/tasks/[0-9a-f-]{36}$"))
        expect(engineer.get_by_role("heading", level=1)).to_have_text(title)
        self.shoot("task", engineer)
        outcome = engineer.locator("section.form-panel").filter(
            has=engineer.get_by_role("heading", name="Send the first response", exact=True))
        expect(outcome).to_have_count(1)
        outcome.get_by_label("Message").fill(message)
        self.shoot("task-filled", engineer)
        outcome.get_by_role("button", name="Send the first response", exact=True).click()
        expect(engineer).to_have_url(re.compile(r"/console/queue\?(.*&)?done=completed"))
        expect(engineer.get_by_role("status")).to_contain_text("The task is complete")
        expect(engineer.get_by_role("button", name=f"Claim: {title}", exact=True)).to_have_count(0)
        expect(engineer.get_by_role("link", name=title, exact=True)).to_have_count(0)
        self.shoot("completed", engineer)

        # The TAM's countdown: answered in time.
        self.visit("/console/customers", "tam-customers-answered", page=tam)
        row = request_row(tam, request)
        expect(row).to_have_count(1)
        countdown = row.locator(".countdown")
        expect(countdown).to_have_class(re.compile(r"\bsla-met\b"))
        expect(countdown.locator(".words")).to_contain_text("answered in time")

        # The customer's page of the request: the response in its history.
        self.visit(f"/portal/requests/{request}", "portal-request-answered", page=customer)
        step = customer.locator("ol.timeline > li").filter(has_text="respond")
        expect(step).to_have_count(1)
        expect(step.locator("blockquote")).to_have_text(message)
        expect(customer.locator(".countdown")).to_have_class(re.compile(r"\bsla-met\b"))

    def test_live_update(self):
        """With tom's customers page open, a contact of acme reports an incident in another browser:
        tom's page reloads by itself (its live script hears "changed" on /console/live) within
        seconds and lists the new request, without anybody touching it."""
        tam = self.page
        # Every event the page's streams hear is noted in the tab's sessionStorage, which outlives a reload.
        tam.add_init_script(HEAR_LIVE_EVENTS)
        sign_in(tam, self.stack.tokens["tam"], "console")
        with tam.expect_response(lambda response: response.url.endswith("/console/live")) as live:
            self.visit("/console/customers", "tam-customers")
        self.assertEqual(live.value.status, 200)
        self.assertTrue(live.value.headers.get("content-type", "").startswith("text/event-stream"))
        # A mark that a reload wipes out; the live script, not the journey, must reload.
        tam.evaluate("window.__sameDocument = true")
        loads = []
        tam.on("load", lambda: loads.append(tam.url))

        customer = self.new_page()
        sign_in(customer, self.stack.tokens["customer"], "portal")
        summary = f"Live update journey: the quarantine fills the disk {uuid.uuid4().hex[:8]}"
        request = report_an_incident(self, customer, summary, 2)
        leave(customer)

        link = tam.locator(f'a[href="/console/requests/{request}"]')
        expect(link, "tom's page shows the new request by itself within 10 s").to_have_count(1, timeout=10_000)
        self.assertIsNone(tam.evaluate("window.__sameDocument"), "the request appeared without a reload")
        self.assertTrue(loads, "tom's page never loaded again")
        heard = tam.evaluate("sessionStorage.getItem('heard') || ''").split()
        self.assertIn("changed", heard, f"tom's page reloaded without hearing 'changed' (it heard {heard})")
        expect(tam).to_have_url(re.compile(r"/console/customers$"))
        expect(request_row(tam, request).locator(".countdown")).to_have_class(re.compile(r"\bsla-running\b"))
        self.shoot("tam-customers-live", tam)
