"""What a customer's contact does in the portal: their requests, filing each kind of request with
its form (a refusal shown at the input it concerns), a request's page and the quarterly report."""

import datetime
import re
import zoneinfo

from harness import Journey, expect, sign_in

# Acme's zone: "today" for a health-check date is the customer's calendar day.
ACME_ZONE = zoneinfo.ZoneInfo("Europe/Berlin")


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
