import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import StewardServiceDesk
import Testing

/// A browser on the console or the portal: it keeps its cookies, and every form it posts carries
/// what the page gave it, as a browser's does.
struct Browser: Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ fixture: APIFixture) { client = fixture.client }

    mutating func get(_ uri: String) async throws -> Reply {
        try await send(.get, uri, form: nil)
    }

    /// Posts `form` (name, value pairs) from this server's own page, unless `origin` says another.
    mutating func post(_ uri: String, _ form: [(String, String)], origin: String? = nil) async throws -> Reply {
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, uri, form: body, origin: origin)
    }

    /// Signs in to `area` with `token` through the sign-in form; returns the answer to the form.
    mutating func signIn(_ area: String, token: String) async throws -> Reply {
        let page = try await get("/\(area)/sign-in")
        return try await post("/\(area)/sign-in", [("csrf", Self.hidden("csrf", in: page)), ("token", token)])
    }

    private mutating func send(_ method: HTTPRequest.Method, _ uri: String, form: String?, origin: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if form != nil {
            headers[.contentType] = "application/x-www-form-urlencoded"
            headers[HTTPField.Name("Sec-Fetch-Site")!] = origin == nil ? "same-origin" : "cross-site"
            if let origin { headers[HTTPField.Name("Origin")!] = origin }
        }
        let response = try await client.executeRequest(
            uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) })
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return Reply(status: response.status, headers: response.headers, body: Data(buffer: response.body))
    }

    /// The value of the first hidden field `name` of a page.
    static func hidden(_ name: String, in page: Reply) -> String {
        let marker = "name=\"\(name)\" value=\""
        guard let start = page.text.range(of: marker) else { return "" }
        return String(page.text[start.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

@Suite struct WebPagesTests {
    @Test func aTokenOpensASessionWhoseCookieOnlyOurPagesSendAndScriptsCannotRead() async throws {
        try await APIFixture.with { api in
            var browser = Browser(api)
            let refused = try await browser.get("/console/queue")
            #expect(refused.status == .seeOther)
            #expect(refused.headers[.location] == "/console/sign-in?next=%2Fconsole%2Fqueue")

            let form = try await browser.get("/console/sign-in")
            #expect(form.status == .ok)
            #expect(form.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(form.text.contains("<label for=\"token\">API token</label>"))
            let signedIn = try await browser.post(
                "/console/sign-in",
                [("csrf", Browser.hidden("csrf", in: form)), ("token", api.tokens["alice"]!), ("next", "/console/queue")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console/queue")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("steward_console=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console"] { #expect(cookie.contains(attribute), "\(cookie)") }
            #expect(!cookie.contains("Secure"), "plain HTTP: no Secure attribute")

            let queue = try await browser.get("/console/queue")
            #expect(queue.status == .ok)
            #expect(queue.text.contains("alice · engineer"))
            #expect(!queue.text.contains("<script>"), "no inline script")
        }
    }

    @Test func aSignInFormPostedWithoutItsPairingOrWithABadTokenSaysWhyAndOpensNothing() async throws {
        try await APIFixture.with { api in
            var browser = Browser(api)
            _ = try await browser.get("/console/sign-in")
            let unpaired = try await browser.post("/console/sign-in", [("csrf", "forged"), ("token", api.tokens["olga"]!)])
            #expect(unpaired.status == .forbidden)
            #expect(browser.cookies["steward_console"] == nil)

            let page = try await browser.get("/console/sign-in")
            let wrong = try await browser.post("/console/sign-in", [("csrf", Browser.hidden("csrf", in: page)), ("token", "stw_nonsense")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("this token is unknown or revoked"))
            #expect(wrong.text.contains("aria-invalid=\"true\""))

            let staffAtPortal = try await browser.signIn("portal", token: api.tokens["olga"]!)
            #expect(staffAtPortal.status == .forbidden)
            #expect(staffAtPortal.text.contains("staff sign in to the console at /console"))
            #expect(browser.cookies["steward_portal"] == nil)
        }
    }

    @Test func aFormWithoutTheSessionsTokenOrFromAnotherSiteIsRefusedAndChangesNothing() async throws {
        try await APIFixture.with { api in
            let request = try await api.fileIncident()
            let task = try await api.task("respond", of: request)
            var browser = Browser(api)
            _ = try await browser.signIn("console", token: api.tokens["alice"]!)
            let queue = try await browser.get("/console/queue")
            let csrf = Browser.hidden("csrf", in: queue)
            #expect(!csrf.isEmpty)

            let withoutToken = try await browser.post("/console/tasks/\(task)/claim", [])
            #expect(withoutToken.status == .forbidden)
            #expect(withoutToken.text.contains("did not carry this session"))
            let fromElsewhere = try await browser.post("/console/tasks/\(task)/claim", [("csrf", csrf)], origin: "https://evil.example")
            #expect(fromElsewhere.status == .forbidden)
            #expect(fromElsewhere.text.contains("another site"))
            let unclaimed = try await api.caller("olga").get("/v1/requests/\(request)")
            #expect((unclaimed.object["tasks"] as? [[String: Any]])?.first?["status"] as? String == "open")

            let claimed = try await browser.post("/console/tasks/\(task)/claim", [("csrf", csrf)])
            #expect(claimed.status == .seeOther)
            #expect(claimed.headers[.location] == "/console/queue?done=claimed")
            let after = try await browser.get("/console/queue?done=claimed")
            #expect(after.text.contains("The task is yours now"))
            #expect(after.text.contains("by alice"))
        }
    }

    @Test func aSignedOutOrRevokedSessionCannotBeReplayed() async throws {
        try await APIFixture.with { api in
            var browser = Browser(api)
            _ = try await browser.signIn("console", token: api.tokens["olga"]!)
            let stolen = browser.cookies
            let page = try await browser.get("/console/stuck")
            let out = try await browser.post("/console/sign-out", [("csrf", Browser.hidden("csrf", in: page))])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/sign-in?signed-out=1")
            #expect(browser.cookies["steward_console"] == nil)
            var replay = Browser(api)
            replay.cookies = stolen
            #expect(try await replay.get("/console/stuck").status == .seeOther)

            var tom = Browser(api)
            _ = try await tom.signIn("console", token: api.tokens["tom"]!)
            #expect(try await tom.get("/console/customers").status == .ok)
            let desk = ServiceDesk(engine: api.engine, policy: APIFixture.policy, logger: .init(label: "test"))
            #expect(try await desk.revokeSessions(staffID: "tom", customerID: nil, contact: nil, by: .localOperator("test")) == 1)
            #expect(try await tom.get("/console/customers").status == .seeOther)
        }
    }

    @Test func aCustomerSeesOnlyTheirOwnRequestsAndASummaryIsShownAsText() async throws {
        try await APIFixture.with { api in
            let acmes = try await api.fileIncident(summary: "<script>alert('owned')</script> scans stall")
            var bob = Browser(api)
            _ = try await bob.signIn("portal", token: api.tokens["acme"]!)
            let own = try await bob.get("/portal/requests/\(acmes)")
            #expect(own.status == .ok)
            #expect(!own.text.contains("<script>alert"))
            #expect(own.text.contains("&lt;script&gt;alert"))

            var hiro = Browser(api)
            _ = try await hiro.signIn("portal", token: api.tokens["globex"]!)
            let other = try await hiro.get("/portal/requests/\(acmes)")
            #expect(other.status == .notFound)
            #expect(other.text.contains("Not found"))
            #expect(other.headers[.contentType] == "text/html; charset=utf-8")
            #expect(try await hiro.get("/console/requests/\(acmes)").status == .seeOther, "a portal session opens no console page")
        }
    }

    @Test func aSignInLinkOpensOneSessionAndIsSpent() async throws {
        try await APIFixture.with { api in
            let desk = ServiceDesk(engine: api.engine, policy: APIFixture.policy, logger: .init(label: "test"))
            let link = try await desk.issueSignInLink(
                role: .engineer, customerID: nil, contact: nil, staffID: "erin", by: .localOperator("test"))
            #expect(link.area == .console)
            var browser = Browser(api)
            let page = try await browser.get("/console/sign-in/link?key=\(link.secret)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Sign in as erin · engineer"))
            let opened = try await browser.post(
                "/console/sign-in/link", [("csrf", Browser.hidden("csrf", in: page)), ("key", link.secret)])
            #expect(opened.status == .seeOther)
            #expect(try await browser.get("/console/queue").status == .ok)

            var again = Browser(api)
            let spent = try await again.get("/console/sign-in/link?key=\(link.secret)")
            #expect(spent.status == .unauthorized)
            #expect(spent.text.contains("used already or has expired"))
        }
    }

    /// The day `days` after the fixture's today in Berlin, as a date input sends it.
    static func day(_ days: Int, after now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        let date = calendar.date(byAdding: .day, value: days, to: now)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test func aHealthCheckUnder14DaysAheadIsRefusedAtItsDateAndTheNextFormFilesOnceHoweverOftenItIsSent() async throws {
        try await APIFixture.with { api in
            var bob = Browser(api)
            _ = try await bob.signIn("portal", token: api.tokens["acme"]!)
            let form = try await bob.get("/portal/new/health-check")
            #expect(form.status == .ok)
            #expect(form.text.contains("<label for=\"proposedDate\">"))
            let key = Browser.hidden("idempotency-key", in: form)
            let csrf = Browser.hidden("csrf", in: form)
            let tooSoon = try await bob.post(
                "/portal/new/health-check",
                [("csrf", csrf), ("idempotency-key", key), ("proposedDate", Self.day(13, after: api.clock.now))])
            #expect(tooSoon.status == .unprocessableContent)
            #expect(tooSoon.text.contains("id=\"proposedDate-error\""))
            #expect(tooSoon.text.contains("aria-invalid=\"true\""))
            #expect(tooSoon.text.contains("at least 14 days ahead"))
            #expect(tooSoon.text.contains("value=\"\(Self.day(13, after: api.clock.now))\""), "what was typed is kept")
            #expect(try await api.caller("acme").get("/v1/requests?type=health-check").items.isEmpty, "nothing filed")

            let fields = [("csrf", csrf), ("idempotency-key", key), ("proposedDate", Self.day(14, after: api.clock.now))]
            let filed = try await bob.post("/portal/new/health-check", fields)
            #expect(filed.status == .seeOther, "\(filed.text)")
            let location = try #require(filed.headers[.location])
            #expect(location.hasPrefix("/portal/requests/") && location.hasSuffix("?done=filed"))
            let again = try await bob.post("/portal/new/health-check", fields)
            #expect(again.headers[.location] == location, "the same form sent twice is the same request")
            #expect(try await api.caller("acme").get("/v1/requests?type=health-check").items.count == 1)
            let page = try await bob.get(location)
            #expect(page.text.contains("Your request is filed"))
        }
    }

    @Test func anEngineerAnswersAnIncidentFromItsTaskPageAndTheClockStops() async throws {
        try await APIFixture.with { api in
            let request = try await api.fileIncident()
            let task = try await api.task("respond", of: request)
            var alice = Browser(api)
            _ = try await alice.signIn("console", token: api.tokens["alice"]!)
            let page = try await alice.get("/console/tasks/\(task)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Send the first response"))
            let csrf = Browser.hidden("csrf", in: page)
            let empty = try await alice.post("/console/tasks/\(task)/complete/respond", [("csrf", csrf), ("message", "  ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("id=\"respond-message-error\""))
            let answered = try await alice.post(
                "/console/tasks/\(task)/complete/respond", [("csrf", csrf), ("message", "We are on it: collect the scan log.")])
            #expect(answered.status == .seeOther)
            #expect(answered.headers[.location] == "/console/queue?done=completed")
            let sla = try await api.caller("tom").get("/v1/requests/\(request)").object["sla"] as? [String: Any]
            #expect(sla?["standing"] as? String == "met")

            var tom = Browser(api)
            _ = try await tom.signIn("console", token: api.tokens["tom"]!)
            let customers = try await tom.get("/console/customers")
            #expect(customers.text.contains("sla-met"))
            #expect(customers.text.contains("answered in time"))
        }
    }

    @Test func aPastedReferenceOrIdLeadsToItsRequestAndAnythingElseIsToldAtTheInput() async throws {
        try await APIFixture.with { api in
            let request = try await api.fileIncident()
            let reference = try #require(try await api.caller("olga").get("/v1/requests/\(request)").object["reference"] as? String)
            var olga = Browser(api)
            _ = try await olga.signIn("console", token: api.tokens["olga"]!)
            for quoted in [reference, request, reference.lowercased()] {
                let found = try await olga.get("/console/requests?id=\(Browser.encode(quoted))")
                #expect(found.headers[.location] == "/console/requests/\(request.lowercased())", "\(quoted)")
            }
            let nonsense = try await olga.get("/console/requests?id=MSA-20")
            #expect(nonsense.status == .badRequest)
            #expect(nonsense.text.contains("id=\"id-error\""))
            #expect(nonsense.text.contains("value=\"MSA-20\""))
            let elsewhere = try await olga.get("/console/requests?id=MSA-1999-000001")
            #expect(elsewhere.text.contains("no request MSA-1999-000001 is yours to see"))
        }
    }

    @Test func operatorsReadTheMailKeptOnThisMachineAndNobodyElseDoes() async throws {
        try await APIFixture.with { api in
            let message = Array(
                "From: steward@steward.example\r\nTo: bob@acme.example\r\nSubject: [MSA-2026-000001] Received\r\n\r\nWe have your <request>.\r\n"
                    .utf8)
            _ = try await api.database.client.query(
                """
                INSERT INTO captured_mail (captured_at, sender, recipients, subject, message)
                VALUES (now(), 'steward@steward.example', '{bob@acme.example}', '[MSA-2026-000001] Received', \(Data(message)))
                """,
                logger: .init(label: "test"))
            var olga = Browser(api)
            _ = try await olga.signIn("console", token: api.tokens["olga"]!)
            let box = try await olga.get("/console/mail")
            #expect(box.status == .ok)
            #expect(box.text.contains("[MSA-2026-000001] Received"))
            let id = try #require(box.text.firstMatch(of: /href="\/console\/mail\/([0-9]+)"/)?.1)
            let shown = try await olga.get("/console/mail/\(id)")
            #expect(shown.text.contains("We have your &lt;request&gt;."))

            var alice = Browser(api)
            _ = try await alice.signIn("console", token: api.tokens["alice"]!)
            #expect(try await alice.get("/console/mail").status == .forbidden)
            #expect(!(try await alice.get("/console/queue").text.contains("Mailbox")), "not in an engineer's navigation")
        }
    }

    @Test func aLiveStreamSaysWhenSomethingItsReaderSeesChanged() async throws {
        try await APIFixture.with { api in
            var tom = Browser(api)
            _ = try await tom.signIn("console", token: api.tokens["tom"]!)
            let cookie = tom.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let port = try #require(api.client.port)
            let stream = try LiveStreamReader(port: port, path: "/console/live", cookie: cookie)
            try await stream.waitFor("retry: 5000")
            // Globex is not Tom's: nothing for him; Acme's filing is.
            _ = try await api.caller("globex").post("/v1/requests", #"{"type": "incident", "summary": "Globex down", "severity": 2}"#)
            _ = try await api.fileIncident()
            try await stream.waitFor("event: changed")
            #expect(stream.received.components(separatedBy: "event: changed").count == 2, "one change, Acme's")
            stream.close()
        }
    }
}

/// Reads an event stream as a browser's EventSource would: one request, the answer read as it comes.
final class LiveStreamReader: @unchecked Sendable {
    private let socket: Int32
    private let lock = NSLock()
    private var text = ""
    private var reader: Thread?

    init(port: Int, path: String, cookie: String) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nCookie: \(cookie)\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count > 0 else { return }
                lock.withLock { text += String(decoding: buffer[0..<count], as: UTF8.self) }
            }
        }
        reader = thread
        thread.start()
    }

    var received: String { lock.withLock { text } }

    /// Waits up to 15 s for `fragment` to arrive.
    func waitFor(_ fragment: String) async throws {
        for _ in 0..<150 {
            if received.contains(fragment) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the stream never said \(fragment); it said: \(received)")
    }

    func close() {
        shutdown(socket, Int32(SHUT_RDWR))
        Glibc.close(socket)
    }
}
