"""What keeps the console and the portal to their own people: CSRF tokens, escaping, one
customer's requests hidden from another, and sessions that end when signed out."""

import re
import uuid

from harness import Journey, expect, form_fields, post_without_csrf, sign_in, submit_without_csrf

# Markup a summary may hold that must reach the page as text: were any of it parsed, the page
# would have a script, an image or a bold element of ours, and the image's handler would run.
MARKUP = ('<script>window.__stewardInjected = "script"</script>'
          '<img src="/nowhere.png" onerror="window.__stewardInjected = \'img\'"><b>bold-marker</b>')


def sign_out_form(page):
    return page.locator("form").filter(has=page.get_by_role("button", name="Sign out", exact=True))


class SecurityJourneys(Journey):
    def assert_shown_as_text(self, page, text):
        """`text` is in the page's main content as text, and none of its markup became elements."""
        main = page.get_by_role("main")
        expect(main).to_contain_text(text)
        for selector in ("script", "img", "b"):
            injected = main.locator(selector).filter(has_text=re.compile("bold-marker|__stewardInjected"))
            expect(injected).to_have_count(0)
        expect(main.locator('img[src="/nowhere.png"]')).to_have_count(0)
        self.assertIsNone(page.evaluate("window.__stewardInjected"), "markup from a summary ran in the page")

    def test_security_form_without_csrf_token_refused(self):
        """A form posted with the session's cookie but without its CSRF token is refused with the 403
        page and changes nothing; so is a sign-in form posted without its pairing token."""
        page = self.page
        sign_in(page, self.stack.tokens["customer"], "portal")

        answer = post_without_csrf(page, sign_out_form(page))
        self.assertEqual(answer.status, 403, f"a sign-out without its CSRF token answered {answer.status}")
        self.assertIn("text/html", answer.headers.get("content-type", ""))

        # The same as a person's browser sends it, after the hidden field is taken out of the form.
        response = submit_without_csrf(sign_out_form(page), "Sign out")
        self.assertEqual(response.status, 403)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        self.shoot("refused")

        # Still signed in: the refused post ended nothing.
        self.visit("/portal", "still-signed-in")
        expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()

        # The control: the same post with its token is taken, so the token alone made the difference.
        fields, action, _ = form_fields(sign_out_form(page))
        answer = page.request.post(action, form=fields, headers={"Origin": self.stack.base_url}, max_redirects=0)
        self.assertEqual((answer.status, answer.headers.get("location")), (303, "/portal/sign-in?signed-out=1"))

        # The sign-in form is paired with its browser (login CSRF): without the token it is refused.
        other = self.new_page()
        self.visit("/console/sign-in", "console-sign-in", page=other)
        sign_in_form = other.locator("form").filter(has=other.get_by_role("button", name="Sign in", exact=True))
        answer = post_without_csrf(other, sign_in_form, {"token": self.stack.tokens["engineer"]})
        self.assertEqual(answer.status, 403, f"a sign-in without its pairing token answered {answer.status}")
        self.assertFalse(any(c["name"] == "steward_console" and c["value"] for c in other.context.cookies()),
                         "a refused sign-in left a session cookie")

    def test_security_markup_in_a_summary_shown_as_text(self):
        """A summary holding <script>, an <img> with a handler and <b> is shown as text on the
        customer's list and request page and on the TAM's console page."""
        summary = f"Scanner stalls {MARKUP}"
        request = self.stack.file_request(self.stack.tokens["customer"], type="incident", summary=summary, severity=3)

        page = self.page
        sign_in(page, self.stack.tokens["customer"], "portal")
        self.visit("/portal", "my-requests")
        self.assertIsNone(page.evaluate("window.__stewardInjected"), "markup from a summary ran in the list")
        self.visit(f"/portal/requests/{request}", "portal-request")
        self.assert_shown_as_text(page, MARKUP)

        tam = self.new_page()
        sign_in(tam, self.stack.tokens["tam"], "console")
        self.visit(f"/console/requests/{request}", "console-request", page=tam)
        self.assert_shown_as_text(tam, MARKUP)

    def test_security_another_customers_request_is_not_found(self):
        """Acme's contact opening Globex's request gets the same 404 page as for a request that does
        not exist, and nothing of Globex's request."""
        secret = "Globex's confidential warehouse outage"
        theirs = self.stack.file_request(self.stack.tokens["customer-globex"], type="incident", summary=secret,
                                         severity=3)
        page = self.page
        sign_in(page, self.stack.tokens["customer"], "portal")

        response = self.visit(f"/portal/requests/{theirs}", "another-customers-request", status=404)
        self.assertIn("text/html", response.headers.get("content-type", ""))
        heading = page.get_by_role("heading", level=1).inner_text()
        expect(page.get_by_role("main")).not_to_contain_text(secret)
        expect(page.get_by_role("main")).not_to_contain_text(re.compile("globex", re.IGNORECASE))

        self.visit(f"/portal/requests/{uuid.uuid4()}", "no-such-request", status=404)
        self.assertEqual(page.get_by_role("heading", level=1).inner_text(), heading,
                         "another customer's request and a missing one are told apart")

    def test_security_signed_out_session_cannot_be_replayed(self):
        """The cookies of a session that signed out open nothing when sent again from another browser."""
        page = self.page
        sign_in(page, self.stack.tokens["engineer"], "console")
        cookies = page.context.cookies()
        self.assertTrue(cookies, "signing in set no cookie")

        page.get_by_role("button", name="Sign out", exact=True).click()
        expect(page).to_have_url(re.compile(r"/console/sign-in\?signed-out=1$"))
        self.shoot("signed-out")

        replay = self.new_page(cookies=cookies)
        answer = replay.request.get("/console/queue", max_redirects=0, fail_on_status_code=False)
        self.assertNotEqual(answer.status // 100, 2, f"the old session's cookie opened the queue ({answer.status})")
        if answer.status // 100 == 3:
            self.assertRegex(answer.headers.get("location", ""), r"^(https?://[^/]+)?/console/sign-in")

        replay.goto("/console/queue")
        expect(replay).to_have_url(re.compile(r"/console/sign-in(\?.*)?$"))
        expect(replay.get_by_role("button", name="Sign out", exact=True)).to_have_count(0)
        self.shoot("replayed", replay)
