"""What operators do in the console: repairing stuck work."""

import re

from harness import Journey, expect, sign_in


class OperatorJourneys(Journey):
    def test_operator_retries_a_dead_job(self):
        """A dead job is on the stuck list with its error; Retry asks for a reason, queues the job
        again, says so, and the job leaves the list; the audit log has the operator's reason."""
        request = self.stack.file_request(self.stack.tokens["customer"], type="incident", severity=4,
                                          summary="Operator journey: quarantine fills the disk")
        # A job dies after its attempts run out, which takes hours of failures; the journey makes the
        # first of this request's timer jobs (due hours from now, so no worker holds it) dead instead,
        # as if it had fallen due an hour ago and failed ever since.
        rows = self.stack.sql(f"""
            UPDATE jobs SET status = 'dead', attempts = 8, run_at = now() - interval '1 hour',
                            last_error = 'browser-tests: every attempt failed'
            WHERE job_id = (SELECT job_id FROM jobs WHERE workflow_id = '{request}' AND kind = 'timer'
                            AND status = 'ready' AND run_at > now() + interval '10 minutes' ORDER BY run_at LIMIT 1)
            RETURNING job_id""")
        self.assertEqual(len(rows), 1, f"request {request} has no ready timer job to make dead")
        job = rows[0][0]

        page = self.page
        sign_in(page, self.stack.tokens["operator"], "console")
        self.visit("/console/stuck", "stuck")
        retry = page.get_by_role("button", name=f"Retry job {job}", exact=True)
        row = page.get_by_role("row").filter(has=retry)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("every attempt failed")

        # The reason is required: the browser does not send the form without one.
        reason = row.get_by_label("Reason")
        retry.click()
        self.assertTrue(reason.evaluate("field => field.validity.valueMissing"), "Retry went without a reason")
        expect(page).to_have_url(re.compile(r"/console/stuck$"))

        reason.fill("browser-tests: the endpoint is back")
        retry.click()
        expect(page, "after Retry the browser lands where the POST's 303 sends it, the notice saying what "
                     "happened (a reload by live.js replacing that navigation loses it)").to_have_url(
            re.compile(r"/console/stuck\?(.*&)?done=retried"))
        expect(page.get_by_role("status")).to_contain_text("queued again")
        expect(page.get_by_role("button", name=f"Retry job {job}", exact=True)).to_have_count(0)
        self.shoot("retried")

        status = self.stack.sql(f"SELECT coalesce((SELECT status FROM jobs WHERE job_id = {job}), 'finished')")[0][0]
        self.assertIn(status, ("ready", "running", "finished"), f"job {job} is {status} after the retry")
        audit = self.stack.sql(f"SELECT actor, reason FROM audit_log WHERE job_id = {job} AND action = 'retry'")
        self.assertEqual(len(audit), 1, f"audit log entries of the retry: {audit}")
        self.assertIn("olga", audit[0][0])
        self.assertEqual(audit[0][1], "browser-tests: the endpoint is back")

        self.visit("/console/stuck", "stuck-after")
        expect(page.get_by_role("button", name=f"Retry job {job}", exact=True)).to_have_count(0)


class OperatorPageJourneys(Journey):
    pages_must_fit = True

    def test_operator_pages(self):
        """The operator's pages: stuck work, queues and workers, the audit log, the requests list
        filtered by customer and a pasted request id leading to its page, whose timeline draws one
        mark per history entry; pausing it with a reason says so and resuming it undoes it."""
        ours = self.stack.file_request(self.stack.tokens["customer"], type="incident", severity=4,
                                       summary="Operator pages journey: the console's export hangs").lower()
        theirs = self.stack.file_request(self.stack.tokens["customer-globex"], type="incident", severity=4,
                                         summary="Operator pages journey: Globex's scanner is slow").lower()
        # (The API writes ids in capitals, the pages in small letters.)
        page = self.page
        sign_in(page, self.stack.tokens["operator"], "console")

        self.visit("/console/stuck", "stuck")
        expect(page.get_by_role("heading", level=1)).to_have_text("Stuck work")
        self.visit("/console/workers", "workers")
        expect(page.get_by_role("heading", level=1)).to_have_text("Queues and workers")
        depths = page.locator("table.depths")
        for kind in ("timer", "notification"):
            row = depths.get_by_role("row").filter(has=page.get_by_role("cell", name=kind, exact=True))
            expect(row).to_have_count(1)
        self.visit("/console/audit", "audit")
        expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
        # The test stack's worker keeps e-mail on the machine (no --smtp-url): the mailbox lists it.
        self.visit("/console/mail", "mailbox")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mailbox")

        self.visit("/console/requests", "requests")
        expect(page.get_by_role("heading", level=1)).to_have_text("Requests")
        page.get_by_label("Customer").fill("acme")
        page.get_by_role("button", name="Filter", exact=True).click()
        expect(page).to_have_url(re.compile(r"/console/requests\?(.*&)?customer=acme(&|$)"))
        expect(page.get_by_label("Customer")).to_have_value("acme")
        expect(page.locator(f'a[href="/console/requests/{ours}"]')).to_have_count(1)
        expect(page.locator(f'a[href="/console/requests/{theirs}"]')).to_have_count(0)
        customers = page.locator('td[data-label="Customer"]')
        self.assertGreater(customers.count(), 0)
        self.assertEqual(set(customers.all_inner_texts()), {"acme"}, "the list filtered by acme shows other customers")
        self.shoot("requests-of-acme")

        page.get_by_label("Request id").fill(ours)
        page.get_by_role("button", name="Go", exact=True).click()
        expect(page).to_have_url(re.compile(rf"/console/requests/{ours}$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(ours)
        # "incident MSA-2026-000123 <id>": the reference people quote.
        reference = page.get_by_role("heading", level=1).inner_text().split()[1]
        self.assertRegex(reference, r"^MSA-\d{4}-\d{6}$")
        self.assert_timeline_draws_the_history(page)
        self.shoot("request")

        page.get_by_label("Reason to pause").fill("browser-tests: the customer's site is being moved")
        page.get_by_role("button", name="Pause", exact=True).click()
        expect(page).to_have_url(re.compile(rf"/console/requests/{ours}\?(.*&)?done=paused"))
        expect(page.get_by_role("status")).to_contain_text("The request is paused")
        facts = page.locator("dl.facts")
        expect(facts).to_contain_text("paused")
        expect(page.get_by_role("button", name="Pause", exact=True)).to_have_count(0)
        self.assert_timeline_draws_the_history(page)
        self.shoot("paused")

        page.get_by_label("Reason to resume").fill("browser-tests: the move is done")
        page.get_by_role("button", name="Resume", exact=True).click()
        expect(page).to_have_url(re.compile(rf"/console/requests/{ours}\?(.*&)?done=resumed"))
        expect(page.get_by_role("status")).to_contain_text("The request is resumed")
        expect(facts).not_to_contain_text("paused")
        expect(page.get_by_role("button", name="Pause", exact=True)).to_be_visible()
        self.assert_timeline_draws_the_history(page)
        self.shoot("resumed")

        # Both repairs are in the request's audit log, with their reasons.
        page.get_by_role("link", name="This request's audit log", exact=True).click()
        expect(page).to_have_url(re.compile(rf"/console/audit\?request={ours}$"))
        for action, reason in (("pause", "the customer's site is being moved"), ("resume", "the move is done")):
            expect(page.get_by_role("row").filter(has=page.get_by_role("cell", name=action, exact=True))
                   .filter(has_text=reason)).to_have_count(1)
        self.shoot("request-audit")

        # What people quote is the reference: pasted into "Request id", it leads to the request, or
        # is refused at that input (as the service desk names it), the list's forms still there.
        self.visit("/console/requests", "requests-again")
        page.get_by_label("Request id").fill(reference)
        page.get_by_role("button", name="Go", exact=True).click()
        page.wait_for_load_state("load")
        self.shoot("reference-pasted")
        if not re.search(rf"/console/requests/{ours}$", page.url):
            field = page.get_by_label("Request id")
            expect(field, f"a pasted reference ({reference}) is refused at the Request id input").to_have_attribute(
                "aria-invalid", "true")
            expect(page.locator("p.field-error")).to_contain_text("request id")

    def assert_timeline_draws_the_history(self, page):
        """The request page's timeline figure holds one SVG with one mark per history entry listed."""
        figure = page.locator("figure.timeline-figure")
        expect(figure).to_have_count(1)
        expect(figure.locator("svg")).to_have_count(1)
        entries = page.locator("ol.timeline > li")
        expect(entries.first).to_be_visible()
        expect(figure.locator("svg g.mark")).to_have_count(entries.count())
