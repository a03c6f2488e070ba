"""Signing in and out of the console (staff) and the portal (customers)."""

import re

from harness import Journey, expect, sign_in

# The roles' tokens and whom scripts/browser-tests issued them to.
STAFF = [("engineer", "alice"), ("tam", "tom"), ("duty-manager", "dana"), ("operator", "olga")]


class SignInJourneys(Journey):
    def test_sign_in(self):
        """A wrong token is refused at its field; every staff role signs in to the console and a
        customer to the portal, each landing on their home; signing out says so."""
        page = self.page
        self.visit("/console/sign-in", "console-sign-in")
        page.get_by_label("API token").fill("stw_not-a-token-of-ours")
        page.get_by_role("button", name="Sign in", exact=True).click()
        field = page.get_by_label("API token")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_role("alert")).to_be_visible()
        # The error is the field's description, so a screen reader reads it with the field.
        error = page.get_by_role("alert").inner_text().strip()
        self.assertTrue(error, "the alert says nothing")
        expect(field).to_have_accessible_description(re.compile(re.escape(error)))
        expect(page).to_have_url(re.compile(r"/console/sign-in$"))
        self.shoot("wrong-token")

        for role, staff in STAFF:
            staff_page = page if role == "engineer" else self.new_page()
            sign_in(staff_page, self.stack.tokens[role], "console", step=f"{role}-home")
            expect(staff_page).to_have_url(re.compile(r"/console(/[^?]*)?(\?.*)?$"))
            # The header names who is signed in: "alice · engineer".
            expect(staff_page.get_by_role("banner")).to_contain_text(re.compile(rf"\b{staff} · "))
            expect(staff_page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()

        portal = self.new_page()
        sign_in(portal, self.stack.tokens["customer"], "portal", step="customer-home")
        expect(portal).to_have_url(re.compile(r"/portal(/[^?]*)?(\?.*)?$"))
        expect(portal.get_by_role("banner")).to_contain_text("bob · acme")

        page.get_by_role("button", name="Sign out", exact=True).click()
        expect(page).to_have_url(re.compile(r"/console/sign-in\?signed-out=1$"))
        expect(page.get_by_role("status")).to_contain_text("signed out")
        expect(page.get_by_role("button", name="Sign out", exact=True)).to_have_count(0)
        self.shoot("signed-out")
