import Foundation
import HTTPTypes
import Testing

/// The README's session over real HTTP: a contact files a severity-1 incident, an engineer claims
/// and answers it, the TAM watches its SLA; and who may see and do what on the way.
@Suite struct IncidentThroughTheAPITests {
    @Test func aContactFilesAnEngineerAnswersAndTheTAMWatchesTheSLA() async throws {
        try await APIFixture.with { api in
            let acme = api.caller("acme")
            let body = #"{"type": "incident", "summary": "Scanner crashes on every file server", "severity": 1}"#
            let filed = try await acme.post("/v1/requests", body, headers: [HTTPField.Name("Idempotency-Key")!: "crash-1"])
            #expect(filed.status == .created)
            let id = try #require(filed.object["id"] as? String)
            #expect(filed.headers[.location] == "/v1/requests/\(id)")
            #expect(filed.headers[.eTag] == "\"1\"")
            #expect(filed.object["state"] as? String == "new")
            // The contract decides the tier and calendar; the API records its own channel.
            let incident = try #require(
                ((filed.object["details"] as? [String: Any])?["new"] as? [String: Any])?["incident"] as? [String: Any])
            #expect(incident["tier"] as? String == "enterprise" && incident["supportCalendar"] as? String == "berlin-support")
            #expect(incident["channel"] as? String == "api")

            // A retried POST with the same key files nothing new: it gets the first answer again.
            let again = try await acme.post("/v1/requests", body, headers: [HTTPField.Name("Idempotency-Key")!: "crash-1"])
            #expect(again.status == .created && again.object["id"] as? String == id)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")

            // Acme's TAM sees the 30-minute countdown; Globex's people do not see the request at all.
            let watched = try await api.caller("tom").get("/v1/requests?open=true")
            #expect(watched.items.map { $0["id"] as? String } == [id])
            let sla = try #require(watched.items.first?["sla"] as? [String: Any])
            #expect(sla["standing"] as? String == "running" && sla["remainingSeconds"] as? Int == 1_800)
            for outsider in ["globex", "tara", "erin"] {
                #expect(try await api.caller(outsider).get("/v1/requests/\(id)").status == .notFound, "\(outsider)")
                #expect(try await api.caller(outsider).get("/v1/requests").items.isEmpty, "\(outsider)")
            }

            // Ten minutes later alice claims the respond task and answers.
            api.clock.advance(by: .seconds(600))
            let queue = try await api.caller("alice").get("/v1/tasks")
            #expect(queue.items.map { $0["name"] as? String } == ["respond"])
            let task = try #require(queue.items.first?["id"] as? String)
            #expect(try await api.caller("erin").post("/v1/tasks/\(task)/claim").status == .notFound)
            let claimed = try await api.caller("alice").post("/v1/tasks/\(task)/claim")
            #expect(claimed.status == .ok && claimed.object["claimedBy"] as? String == "alice")
            let completed = try await api.caller("alice").post(
                "/v1/tasks/\(task)/complete",
                #"{"outcome": {"respond": {"message": "We are on it: please send the crash dump."}}}"#
            )
            #expect(completed.status == .ok)
            #expect(completed.object["state"] as? String == "in_progress")
            let met = try #require(completed.object["sla"] as? [String: Any])
            #expect(met["standing"] as? String == "met" && met["remainingSeconds"] as? Int == 1_200)

            // The TAM reads the timeline and the quarter's figures.
            let timeline = try await api.caller("tom").get("/v1/requests/\(id)/history")
            #expect(timeline.items.map { $0["event"] as? String } == ["start", "respond"])
            #expect(timeline.items.map { $0["actor"] as? String } == ["customer:acme/bob", "staff:alice"])
            let report = try await api.caller("tom").get("/v1/customers/acme/quarterly-report?quarter=2026-Q4")
            #expect(report.status == .ok)
            let current = try #require(report.object["current"] as? [String: Any])
            #expect(current["received"] as? Int == 1)
            #expect((current["firstResponse"] as? [[String: Any]])?.first?["met"] as? Int == 1)
            // The same report as a page and as CSV tables, by Accept or by ?format= for links.
            let page = try await api.caller("tom").get(
                "/v1/customers/acme/quarterly-report?quarter=2026-Q4", headers: [.accept: "text/html"])
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<svg") && page.text.contains("Quarterly report 2026-Q4"))
            let csv = try await api.caller("tom").get(
                "/v1/customers/acme/quarterly-report?quarter=2026-Q4&table=first-response", headers: [.accept: "text/csv, */*;q=0.1"])
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.headers[.contentDisposition] == #"attachment; filename="acme-2026-Q4-first-response.csv""#)
            #expect(csv.text.hasPrefix("quarter,severity,counting,target_minutes,met,"))
            let unknown = try await api.caller("tom").get("/v1/customers/acme/quarterly-report?format=csv&table=nope")
            #expect(unknown.status == .badRequest && unknown.text.contains("first-response"))
            #expect(try await api.caller("tom").get("/v1/customers/acme/quarterly-report?format=pdf").status == .badRequest)
            let future = try await api.caller("tom").get("/v1/customers/acme/quarterly-report?quarter=2027-Q1")
            #expect(future.status == .unprocessableContent && future.text.contains("has not begun"))
            #expect(try await api.caller("tara").get("/v1/customers/acme/quarterly-report").status == .notFound)
            #expect(try await api.caller("alice").get("/v1/customers/acme/quarterly-report").status == .forbidden)
        }
    }

    @Test func contactsSendTheirOwnEventsAndStaffTheirs() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            let acme = api.caller("acme")
            let staffOnly = try await acme.post("/v1/requests/\(id)/events", #"{"resolve": {"summary": "fixed"}}"#)
            #expect(staffOnly.status == .forbidden && staffOnly.problem == "forbidden")
            let timer = try await api.caller("tom").post("/v1/requests/\(id)/events", #"{"slaBreachDue": {}}"#)
            #expect(timer.status == .forbidden)
            #expect((timer.object["detail"] as? String)?.contains("force") == true)

            let invalid = try await acme.post("/v1/requests/\(id)/events", #"{"confirm": {}}"#)
            #expect(invalid.status == .conflict && invalid.problem == "invalid-transition")
            #expect(invalid.object["state"] as? String == "new" && invalid.object["event"] as? String == "confirm")

            // The TAM answers; a contact's edit based on the old version is refused, not lost.
            let answered = try await api.caller("tom").post("/v1/requests/\(id)/events", #"{"respond": {"message": "Looking"}}"#)
            #expect(answered.status == .ok && answered.headers[.eTag] == "\"2\"")
            let stale = try await acme.post("/v1/requests/\(id)/events", #"{"cancel": {"reason": "gone"}}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed && stale.problem == "version-conflict")
            #expect(stale.object["currentVersion"] as? Int == 2)
            let current = try await acme.post("/v1/requests/\(id)/events", #"{"cancel": {"reason": "gone"}}"#, headers: [.ifMatch: "\"2\""])
            #expect(current.status == .ok && current.object["state"] as? String == "cancelled" && current.object["open"] as? Bool == false)

            // Staff-only notes stay out of the customer's timeline.
            let other = try await api.fileIncident(severity: 3)
            _ = try await api.caller("alice").post("/v1/requests/\(other)/events", #"{"addInternalNote": {"text": "customer is grumpy"}}"#)
            let theirs = try await acme.get("/v1/requests/\(other)/history")
            #expect(theirs.items.map { $0["event"] as? String } == ["start"])
            let ours = try await api.caller("alice").get("/v1/requests/\(other)/history")
            #expect(ours.items.map { $0["event"] as? String } == ["start", "addInternalNote"])
        }
    }

    @Test func whoMayFileForWhom() async throws {
        try await APIFixture.with { api in
            let incident = #""type": "incident", "summary": "Update server unreachable", "severity": 2"#
            #expect(try await api.caller("acme").post("/v1/requests", "{\(incident), \"customer\": \"globex\"}").status == .forbidden)
            #expect(try await api.caller("alice").post("/v1/requests", "{\(incident), \"customer\": \"acme\"}").status == .forbidden)
            #expect(try await api.caller("tom").post("/v1/requests", "{\(incident), \"customer\": \"globex\"}").status == .forbidden)
            let missing = try await api.caller("tom").post("/v1/requests", "{\(incident)}")
            #expect(missing.status == .unprocessableContent && missing.object["field"] as? String == "customer")
            // Staff log a phone call after the fact on the customer's behalf.
            let logged = try await api.caller("tom").post(
                "/v1/requests",
                "{\(incident), \"customer\": \"acme\", \"channel\": \"phone\", \"receivedAt\": \"2026-11-24T11:50:00Z\"}"
            )
            #expect(logged.status == .created)
            #expect((logged.object["sla"] as? [String: Any])?["receivedAt"] as? String == "2026-11-24T11:50:00.000Z")
            // A contact files now: a back-dated receipt is not theirs to give.
            let backdated = try await api.caller("acme").post("/v1/requests", "{\(incident), \"receivedAt\": \"2026-11-24T11:00:00Z\"}")
            #expect(backdated.status == .unprocessableContent && backdated.object["field"] as? String == "receivedAt")
            #expect(try await api.caller("dana").post("/v1/requests", "{\(incident), \"customer\": \"globex\"}").status == .created)
            #expect(try await api.caller("olga").post("/v1/requests", "{\(incident), \"customer\": \"initech\"}").status == .created)
            let unknown = try await api.caller("olga").post("/v1/requests", "{\(incident), \"customer\": \"umbrella\"}")
            #expect(unknown.status == .unprocessableContent && unknown.object["field"] as? String == "customer")
        }
    }

    @Test func everyRequestTypeIsFiledThroughTheAPI() async throws {
        try await APIFixture.with { api in
            let acme = api.caller("acme")
            let patch = try await acme.post(
                "/v1/requests",
                #"{"type": "private-patch", "product": "endpoint-security", "version": "11.0", "description": "Driver conflict"}"#
            )
            #expect(patch.status == .created, "\(patch.text)")
            let release = try await acme.post(
                "/v1/requests",
                #"{"type": "av-database-release", "kind": "falsePositive", "sampleReference": "sha256:ab12", "description": "ERP flagged"}"#
            )
            #expect(release.status == .created, "\(release.text)")
            let healthCheck = try await acme.post("/v1/requests", #"{"type": "health-check", "proposedDate": "2026-12-15"}"#)
            #expect(healthCheck.status == .created, "\(healthCheck.text)")
            let early = try await acme.post("/v1/requests", #"{"type": "health-check", "proposedDate": "2026-11-30"}"#)
            #expect(early.status == .unprocessableContent && early.problem == "rule-violated", "\(early.text)")
            let listed = try await acme.get("/v1/requests")
            #expect(Set(listed.items.compactMap { $0["type"] as? String }) == ["private-patch", "av-database-release", "health-check"])
            let confirmed = try await acme.post("/v1/requests/\(healthCheck.object["id"] as? String ?? "")/events", #"{"confirmDate": {}}"#)
            #expect(confirmed.status == .ok && confirmed.object["state"] as? String == "scheduled", "\(confirmed.text)")
        }
    }
}
