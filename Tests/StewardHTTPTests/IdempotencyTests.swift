import Foundation
import HTTPTypes
import StewardTestSupport
import Testing

/// `Idempotency-Key` on every POST: a retry is answered as the first attempt was and does nothing
/// twice, also when the first attempt's COMMIT answer was lost.
@Suite struct IdempotencyTests {
    static let key = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    @Test func aRetriedEventIsAnsweredAgainAndAppliedOnce() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            let tom = api.caller("tom")
            let body = #"{"respond": {"message": "Looking into it"}}"#
            let first = try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"])
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.headers[Self.replayed] == nil)
            let again = try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"])
            #expect(again.status == .ok && again.headers[Self.replayed] == "true")
            #expect(again.body == first.body && again.headers[.eTag] == first.headers[.eTag])
            #expect(try await api.database.count("SELECT count(*) FROM workflow_events WHERE event = 'respond'") == 1)

            // The same key for another body or another route is refused and changes nothing.
            let otherBody = try await tom.post(
                "/v1/requests/\(id)/events", #"{"respond": {"message": "Other"}}"#, headers: [Self.key: "answer-1"])
            #expect(otherBody.status == .unprocessableContent && otherBody.object["field"] as? String == "Idempotency-Key")
            let otherRoute = try await tom.post("/v1/requests/\(id)/pause", #"{"reason": "x"}"#, headers: [Self.key: "answer-1"])
            #expect(otherRoute.status == .unprocessableContent, "\(otherRoute.text)")
            // A refusal is an answer too: the retry gets the same 4xx without the work being tried again.
            let refused = try await api.caller("acme").post("/v1/requests/\(id)/events", body, headers: [Self.key: "bob-1"])
            #expect(refused.status == .forbidden)
            let refusedAgain = try await api.caller("acme").post("/v1/requests/\(id)/events", body, headers: [Self.key: "bob-1"])
            #expect(refusedAgain.status == .forbidden && refusedAgain.headers[Self.replayed] == "true")
            // Without a key nothing is kept.
            #expect(try await api.database.count("SELECT count(*) FROM idempotency_keys") == 2)
        }
    }

    @Test func aLostCommitIs503OutcomeUnknownAndTheRetryAppliesOnce() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            // At COMMIT, the transaction that writes the response ends its own backend: the change is
            // rolled back and the API cannot know.
            try await api.database.client.query(
                """
                CREATE FUNCTION lose_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$
                """,
                logger: TestPostgres.logger)
            try await api.database.client.query(
                """
                CREATE CONSTRAINT TRIGGER lose_commit AFTER INSERT ON workflow_events DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.event = 'respond') EXECUTE FUNCTION lose_commit()
                """,
                logger: TestPostgres.logger)
            let tom = api.caller("tom")
            let body = #"{"respond": {"message": "Looking into it"}}"#
            let lost = try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"])
            #expect(lost.status == .serviceUnavailable && lost.problem == "outcome-unknown", "\(lost.text)")
            #expect(lost.headers[.retryAfter] != nil)
            #expect(try await api.database.count("SELECT count(*) FROM workflow_events WHERE event = 'respond'") == 0)

            try await api.database.client.query("DROP TRIGGER lose_commit ON workflow_events", logger: TestPostgres.logger)
            let retry = try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"])
            #expect(retry.status == .ok, "\(retry.text)")
            let again = try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"])
            #expect(again.status == .ok && again.headers[Self.replayed] == "true")
            #expect(try await api.database.count("SELECT count(*) FROM workflow_events WHERE event = 'respond'") == 1)
        }
    }

    @Test func workDoneWhoseAnswerWasNotKeptIsNeverDoneAgain() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            // The answers cannot be kept: the work commits, its answer is sent, the key stays "committed".
            try await api.database.client.query(
                """
                CREATE FUNCTION refuse_answers() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'no answers kept'; END $$
                """,
                logger: TestPostgres.logger)
            try await api.database.client.query(
                """
                CREATE TRIGGER refuse_answers BEFORE UPDATE ON idempotency_keys
                FOR EACH ROW WHEN (NEW.state = 'answered') EXECUTE FUNCTION refuse_answers()
                """,
                logger: TestPostgres.logger)
            let tom = api.caller("tom")
            let body = #"{"respond": {"message": "Looking into it"}}"#
            #expect(try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"]).status == .ok)
            let retry = try await tom.post("/v1/requests/\(id)/events", body, headers: [Self.key: "answer-1"])
            #expect(retry.status == .conflict && retry.problem == "idempotency-key-done", "\(retry.text)")
            #expect(try await api.database.count("SELECT count(*) FROM workflow_events WHERE event = 'respond'") == 1)

            // Filing is once per key in the engine too, so its retry files nothing and answers with the request.
            let filing = #"{"type": "incident", "summary": "Scans stall", "severity": 2}"#
            let filed = try await api.caller("acme").post("/v1/requests", filing, headers: [Self.key: "file-1"])
            #expect(filed.status == .created)
            let refiled = try await api.caller("acme").post("/v1/requests", filing, headers: [Self.key: "file-1"])
            #expect(refiled.status == .ok && refiled.object["id"] as? String == filed.object["id"] as? String)
            #expect(try await api.database.count("SELECT count(*) FROM workflows") == 2)
        }
    }
}
