"""Journeys through what the server shows without signing in."""

from harness import Journey, PlaywrightError, expect


class PublicJourneys(Journey):
    def test_public_documents(self):
        """/healthz and /openapi.yaml open in the browser with no token."""
        response = self.visit("/healthz", "healthz")
        self.assertEqual(response.json(), {"status": "ok"})
        expect(self.page.locator("body")).to_contain_text('"status"')

        self.visit("/readyz", "readyz")
        expect(self.page.locator("body")).to_contain_text("database")

        # Chromium shows text/yaml (and text/plain) but offers application/yaml, what the server
        # sends today, as a download: either way the person gets the OpenAPI document.
        kind = self.page.request.get("/openapi.yaml").headers.get("content-type", "")
        if kind.startswith("text/"):
            self.visit("/openapi.yaml", "openapi")
            text = self.page.locator("body").inner_text()
        else:
            with self.page.expect_download() as offered:
                try:
                    self.page.goto("/openapi.yaml")
                except PlaywrightError as error:  # how goto tells that the answer is a download
                    if "Download is starting" not in str(error):
                        raise
            download = offered.value
            self.assertEqual(download.suggested_filename, "openapi.yaml")
            with open(download.path(), encoding="utf-8") as file:
                text = file.read()
        self.assertRegex(text, r"(?m)^openapi: 3\.1")
        self.assertIn("/v1/requests", text)
