import Foundation
import StewardCore
import StewardMSA
import Testing

/// Every task a request type opens is completed by the outcome forms it declares: each one, filled
/// in, finishes the task where it is open (its transition closes the task, as completing it needs).
///
/// Each request is walked with its own forms, as people would use them, through every task it opens.
@Suite struct TaskOutcomeFormsTests {
    typealias Forms = RequestFormsTests

    /// A request moved by forms and timers, checking the outcomes of each task it opens.
    struct Walk {
        let definition: AnyWorkflow
        var state: Data
        var now = Forms.now
        /// Every task opened so far, by name, in order.
        var opened: [String] = []

        /// Files a request of `type` with its filing form for `user`.
        init(_ type: String, by user: FormUser, _ values: [String: String] = [:]) throws {
            definition = Forms.definition(type)
            let form = try #require(definition.forms.filing(for: user))
            let input = try Forms.input(type, form, Forms.filledIn(form.fields, values), by: user)
            state = Data()
            try take(definition.start(input: input, context: Forms.context(user)))
        }

        /// Sends `event` with its form; a staff form is sent by staff, a contact's by the contact.
        mutating func send(_ event: String, _ values: [String: String] = [:]) throws {
            let form = try #require(definition.forms.events.first { $0.event == event } ?? outcome(event))
            let user: FormUser = form.users.contains(.staff) ? .staff : .customer
            let json = try form.json(from: Forms.filledIn(form.fields, values))
            try take(definition.decide(state: state, event: Forms.data(json), context: Forms.context(user, at: now)))
        }

        /// Fires the timer event `event` (`{"startDue": {}}`) at `at`.
        mutating func fire(_ event: String, at: String) throws {
            now = try Date(at, strategy: .iso8601)
            try take(definition.decide(state: state, event: Data(event.utf8), context: Forms.context(.staff, at: now)))
        }

        private func outcome(_ event: String) -> EventForm? {
            definition.forms.tasks.flatMap(\.forms).first { $0.event == event }
        }

        /// Moves to the transition's state and checks every outcome of each task it opens.
        private mutating func take(_ transition: RecordedTransition) throws {
            state = transition.state
            for case .createTask(let task) in transition.effects {
                opened.append(task.name)
                let outcomes = definition.forms.outcomes(forTask: task.name)
                #expect(!outcomes.isEmpty, "task \(task.name) has no outcome form")
                for form in outcomes {
                    let json = try form.json(from: Forms.filledIn(form.fields, Self.values))
                    let done = try definition.decide(state: state, event: Forms.data(json), context: Forms.context(.staff, at: now))
                    let finishes = done.isTerminal || done.effects.contains(.cancelTask(name: task.name))
                    #expect(finishes, "\(form.event) does not finish \(task.name) in \(transition.stateName)")
                }
            }
        }

        /// What the outcomes are filled in with where a value of the field's kind would not do.
        static let values = ["date": Forms.agreedDate]
    }

    @Test func anIncidentsTasks() throws {
        var incident = try Walk(IncidentWorkflow.type, by: .staff, ["severity": "1", "dailyReportVia": "phone"])
        try incident.fire(#"{"dailyReportDue": {}}"#, at: "2026-11-25T10:00:00Z")
        try incident.send("respond")
        #expect(
            incident.opened == [
                IncidentWorkflow.TaskName.respond, IncidentWorkflow.TaskName.dailyReportCall(1), IncidentWorkflow.TaskName.resolve,
            ])
    }

    @Test func aPrivatePatchsTasks() throws {
        var patch = try Walk(PrivatePatchWorkflow.type, by: .customer, ["product": "endpoint-security", "version": "12.0"])
        try patch.send("submitForQA")
        try patch.send("qaPassed")
        try patch.send("acceptLicense")
        #expect(patch.opened == ["build-patch", "verify-patch", "deliver-patch"])
    }

    @Test func anAntivirusDatabaseReleasesTasks() throws {
        var release = try Walk(AVDatabaseReleaseWorkflow.type, by: .customer)
        try release.send("approveRelease")
        #expect(release.opened == ["analyse-sample", "prepare-release"])
    }

    @Test func aHealthChecksTasks() throws {
        var check = try Walk(HealthCheckWorkflow.type, by: .customer)
        try check.send("proposeDate", Walk.values)
        try check.send("confirmDate")
        try check.fire(#"{"startDue": {}}"#, at: "2026-12-15T08:00:00Z")
        try check.send("finishAssessment")
        #expect(check.opened == ["perform-health-check", "write-report"])
    }
}
