"""What a customer's contact does in the portal: their requests, filing each kind of request with
its form (a refusal shown at the input it concerns), a request's page and the quarterly report."""

import datetime
import re
import uuid
import zoneinfo

from harness import Journey, expect, sign_in
from journeys_incident import report_an_incident

# Acme's zone: "today" for a health-check date is the customer's calendar day.
ACME_ZONE = zoneinfo.ZoneInfo("Europe/Berlin")
# The portal's filing forms: type, the form's title (its heading and its button).
FILING_FORMS = [
    ("av-database-release", "Ask for an antivirus database release"),
    ("health-check", "Request the yearly health check"),
    ("incident", "Report an incident"),
    ("private-patch", "Request a private patch"),
]


def acme_today():
    return datetime.datetime.now(ACME_ZONE).date()


class CustomerJourneys(Journey):
    pages_must_fit = True

    def health_checks_of_acme(self):
        return int(self.stack.sql(
            "SELECT count(*) FROM workflows WHERE customer_id = 'acme' AND type = 'health-check'")[0][0])

    def assert_refused_at_date(self, page, sent):
        """The form came back with the refusal at the date input (its error beside it, the input
        marked invalid and pointing at it, what was typed kept, no error at the top of the form);
        returns the refusal's words."""
        field = page.locator("#proposedDate")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_attribute("aria-errormessage", "proposedDate-error")
        expect(field).to_have_value(sent)
        error = page.locator("#proposedDate ~ p.field-error").first
        expect(error).to_be_visible()
        expect(error).to_have_attribute("id", "proposedDate-error")
        words = " ".join(error.inner_text().split())
        expect(field).to_have_accessible_error_message(words)
        # (The form's own error, for a refusal no input is named for, has no id.)
        expect(page.locator("form.request-form > p.field-error:not([id])"),
               "the refusal is at the date, not atop the form").to_have_count(0)
        return words

    def test_customer_files_a_health_check(self):
        """bob proposes a health-check date 13 days ahead and is told at the date input why not and
        which date is the earliest; 14 days ahead (the next business day on or after it) is filed."""
        page = self.page
        sign_in(page, self.stack.tokens["customer"], "portal")
        before = self.health_checks_of_acme()
        self.visit("/portal/new/health-check", "health-check-form")
        expect(page.get_by_role("heading", level=1)).to_have_text("Request the yearly health check")
        submit = page.get_by_role("button", name="Request the yearly health check", exact=True)

        today = acme_today()
        too_soon = (today + datetime.timedelta(days=13)).isoformat()
        page.get_by_label("Date").fill(too_soon)
        submit.click()
        page.wait_for_load_state("load")
        words = self.assert_refused_at_date(page, too_soon)
        self.shoot("too-soon")
        # "… a health-check date must be agreed at least 14 days ahead: propose 2026-12-15 or later"
        # ("today" in Berlin may have turned over midnight meanwhile).
        earliest = [(day + datetime.timedelta(days=14)).isoformat() for day in dict.fromkeys([today, acme_today()])]
        named = re.search(r"propose (\d{4}-\d{2}-\d{2}) or later", words)
        self.assertIsNotNone(named, f"the refusal names no earliest date: {words!r}")
        self.assertIn(named.group(1), earliest, f"the refusal's earliest date is not 14 days after today: {words!r}")
        self.assertIn(too_soon, words)
        self.assertEqual(self.health_checks_of_acme(), before, "a refused health check was filed")

        # 14 days ahead, or the business day the page offers instead when that is a weekend or a holiday.
        date = named.group(1)
        for attempt in range(5):
            page.get_by_label("Date").fill(date)
            self.shoot(f"date-{date}")
            submit.click()
            page.wait_for_load_state("load")
            if re.search(r"/portal/requests/[0-9a-f-]{36}\?", page.url):
                break
            words = self.assert_refused_at_date(page, date)
            self.shoot(f"refused-{date}")
            offered = re.search(r"propose a business day such as (\d{4}-\d{2}-\d{2})", words)
            self.assertIsNotNone(offered, f"{date} was refused, and not for being no business day: {words!r}")
            date = offered.group(1)
        expect(page).to_have_url(re.compile(r"/portal/requests/[0-9a-f-]{36}\?(.*&)?done=filed$"))
        expect(page.get_by_role("status")).to_contain_text("Your request is filed")
        expect(page.get_by_role("heading", level=1)).to_contain_text("health-check")
        self.shoot("filed")
        self.assertEqual(self.health_checks_of_acme(), before + 1, "the health check was not filed exactly once")
        # The page offers to confirm the date: it says which (not only in "Everything the request carries").
        shown = page.evaluate("""() => { const main = document.querySelector('main').cloneNode(true);
            main.querySelectorAll('details').forEach(d => d.remove()); return main.innerText; }""")
        day = datetime.date.fromisoformat(date)
        self.assertTrue(date in shown or f"{day.day} {day:%b %Y}" in shown,
                        f"the request's page does not say the date proposed, {date}, that it asks to confirm")

    def test_customer_pages(self):
        """bob's pages: his requests, the choice of what to file and each filing form, one of his
        requests (filed with the incident form, opened from his list) and the quarterly report."""
        page = self.page
        sign_in(page, self.stack.tokens["customer"], "portal")
        self.visit("/portal", "my-requests")
        expect(page.get_by_role("heading", level=1)).to_have_text("My requests")
        expect(page.get_by_role("link", name="File a new request", exact=True)).to_have_attribute("href", "/portal/new")
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="My requests")).to_have_attribute(
            "aria-current", "page")

        page.get_by_role("link", name="File a new request", exact=True).click()
        expect(page).to_have_url(re.compile(r"/portal/new$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("File a request")
        self.shoot("file-a-request")
        choices = page.locator("ul.choices > li")
        expect(choices).to_have_count(len(FILING_FORMS))
        for kind, title in FILING_FORMS:
            expect(page.get_by_role("link", name=title, exact=True)).to_have_attribute("href", f"/portal/new/{kind}")

        for kind, title in FILING_FORMS:
            self.visit(f"/portal/new/{kind}", f"new-{kind}")
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            form = page.locator("form.request-form")
            expect(form).to_have_count(1)
            expect(form.get_by_role("button", name=title, exact=True)).to_be_visible()
            # Every input of the form has its label (the hidden ones carry the key and the token).
            for control in form.locator("input:not([type=hidden]), select, textarea").all():
                control_id = control.get_attribute("id")
                named = control_id or control.get_attribute("name")
                self.assertTrue(control_id and form.locator(f'label[for="{control_id}"]').count() == 1,
                                f"/portal/new/{kind}: the input {named} has no label")
            expect(form.locator('input[type=hidden][name="idempotency-key"]')).to_have_count(1)

        # One of his requests, opened from his list.
        summary = f"Customer pages journey: the update server answers 502 {uuid.uuid4().hex[:8]}"
        request = report_an_incident(self, page, summary, 4)
        heading = page.get_by_role("heading", level=1).inner_text()
        self.visit("/portal", "my-requests-with-one")
        link = page.locator(f'a[href="/portal/requests/{request}"]')
        expect(link).to_have_count(1)
        link.click()
        expect(page).to_have_url(re.compile(rf"/portal/requests/{request}$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("ol.timeline")).to_contain_text(summary)
        expect(page.locator(".countdown")).to_have_class(re.compile(r"\bsla-running\b"))
        self.shoot("my-request")

        # The quarterly report: its own page, from the navigation.
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Quarterly report", exact=True).click()
        expect(page).to_have_url(re.compile(r"/portal/report$"))
        title = re.compile(r"^Quarterly report \d{4}-Q[1-4] — Acme Manufacturing$")
        expect(page).to_have_title(title)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        self.shoot("quarterly-report")
