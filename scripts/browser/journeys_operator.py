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
