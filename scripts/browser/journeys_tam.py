"""What a technical account manager does in the console: their customers' open requests, one
customer's page (breaches, daily-report calls, contacts) and the quarterly report, as a page and as CSV."""

import datetime
import os
import re
import uuid

from harness import Journey, expect, sign_in


class TAMJourneys(Journey):
    pages_must_fit = True

    def log_a_breached_phone_incident(self):
        """What others did before tom looks: dana, the duty manager, logged a severity 1 phone call
        from acme received an hour ago (30 minutes to answer it, so its target is missed) whose
        customer wants the daily report by phone, and the daily report fell due (forced by the
        operator rather than waiting a day for its timer), which leaves a call for the TAM group.
        Returns the request's id, its reference and its summary."""
        summary = f"TAM journey: the licence server refuses every client {uuid.uuid4().hex[:8]}"
        # (Not longer ago: the breach is to count in this quarter, also on its first day.)
        received = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
        status, filed = self.stack.api(
            "POST", "/v1/requests", self.stack.tokens["duty-manager"],
            dict(type="incident", customer="acme", channel="phone", receivedAt=received.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 summary=summary, severity=1,
                 dailyReportVia="phone"),
            {"Idempotency-Key": os.urandom(8).hex()})
        self.assertIn(status, (200, 201), f"dana could not log the phone call: {status} {filed}")
        request = filed["id"].lower()
        status, forced = self.stack.api(
            "POST", f"/v1/requests/{request}/force", self.stack.tokens["operator"],
            {"event": {"dailyReportDue": {}}, "reason": "browser-tests: the daily report falls due now"},
            {"Idempotency-Key": os.urandom(8).hex()})
        self.assertEqual(status, 200, f"the operator could not make the daily report due: {status} {forced}")
        return request, filed["reference"], summary

    def test_tam_pages(self):
        """tom's customers; acme's page with the breach of this quarter, the daily-report call (which
        he claims from there) and the contacts; the quarterly report as its own page and as CSV."""
        request, reference, summary = self.log_a_breached_phone_incident()
        page = self.page
        sign_in(page, self.stack.tokens["tam"], "console")

        self.visit("/console/customers", "customers")
        expect(page.get_by_role("heading", level=1)).to_have_text("My customers")
        panels = page.locator("section.panel")
        expect(panels.get_by_role("heading", level=2)).to_have_count(1)  # tom looks after acme only
        row = page.get_by_role("row").filter(has=page.locator(f'a[href="/console/requests/{request}"]'))
        expect(row.locator(".countdown")).to_have_class(re.compile(r"\bsla-breached\b"))
        expect(row.locator(".countdown .words")).to_contain_text("overdue by")

        page.get_by_role("link", name="Acme Manufacturing", exact=True).click()
        expect(page).to_have_url(re.compile(r"/console/customers/acme$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Acme Manufacturing")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Europe/Berlin")
        self.shoot("acme")
        main = page.get_by_role("main")

        expect(main.get_by_role("heading", name="Open requests", exact=True)).to_be_visible()
        expect(main.locator(f'a[href="/console/requests/{request}"]').first).to_be_visible()

        breaches = main.locator("table").filter(has=page.get_by_role("columnheader", name="Missed by"))
        breach = breaches.get_by_role("row").filter(has=page.get_by_role("link", name=reference, exact=True))
        expect(breach).to_have_count(1)
        expect(breach).to_contain_text(summary)
        expect(breach.locator('td[data-label="Severity"]')).to_have_text("1")
        expect(breach.locator('td[data-label="Missed by"]')).to_have_text(re.compile(r"\d+ (h|min)"))
        expect(main.get_by_role("heading", name=re.compile(r"^Breaches in \d{4}-Q[1-4]$"))).to_be_visible()

        expect(main.get_by_role("heading", name="Daily-report calls", exact=True)).to_be_visible()
        calls = main.locator("table").filter(has=page.get_by_role("columnheader", name="Call"))
        call = calls.get_by_role("row").filter(has_text=summary)
        expect(call).to_have_count(1)
        expect(call.locator('td[data-label="Call"]')).to_contain_text("Daily report call")
        expect(call.locator('td[data-label="Status"]')).to_have_text("open")

        contacts = main.locator("table").filter(has=page.get_by_role("columnheader", name="Licence acceptor"))
        for name, email, acceptor in (("Bob Builder", "bob@acme.example", "yes"),
                                      ("Carol Checker", "carol@acme.example", "no")):
            contact = contacts.get_by_role("row").filter(has=page.get_by_role("cell", name=name, exact=True))
            expect(contact).to_have_count(1)
            expect(contact.get_by_role("link", name=email, exact=True)).to_have_attribute("href", f"mailto:{email}")
            expect(contact.locator('td[data-label="Licence acceptor"]')).to_have_text(acceptor)

        # The call is claimed from the customer's page, and the page comes back saying so.
        call.get_by_role("button", name=re.compile(r"^Claim: Daily report call")).click()
        expect(page).to_have_url(re.compile(r"/console/customers/acme\?(.*&)?done=claimed"))
        expect(page.get_by_role("status")).to_contain_text("The task is yours")
        expect(call.locator('td[data-label="Status"]')).to_have_text("claimed by tom")
        self.shoot("acme-call-claimed")

        # The quarterly report, as a page of its own.
        link = main.get_by_role("link", name=re.compile(r"^Quarterly report \d{4}-Q[1-4]$"))
        quarter = link.inner_text().split()[-1]
        link.click()
        expect(page).to_have_url(re.compile(r"/console/customers/acme/report$"))
        expect(page).to_have_title(f"Quarterly report {quarter} — Acme Manufacturing")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Quarterly report {quarter} — Acme Manufacturing")
        expect(page.locator("section#breaches")).to_contain_text(reference)
        self.shoot("quarterly-report")

        # The CSV link: text/csv, offered as a file.
        page.go_back()
        expect(page).to_have_url(re.compile(r"/console/customers/acme(\?.*)?$"))
        self.shoot("acme-again")
        csv_link = main.get_by_role("link", name="as CSV", exact=True)
        href = csv_link.get_attribute("href")
        self.assertEqual(href, "/console/customers/acme/report?format=csv")
        answer = page.request.get(href)
        self.assertEqual(answer.status, 200)
        self.assertRegex(answer.headers.get("content-type", ""), r"^text/csv\b")
        self.assertRegex(answer.headers.get("content-disposition", ""), r'^attachment; filename="acme-')
        self.assertTrue(answer.text().strip(), "the CSV is empty")
        with page.expect_download() as offered:
            csv_link.click()
        self.assertRegex(offered.value.suggested_filename, rf"^acme-{quarter}.*\.csv$")
