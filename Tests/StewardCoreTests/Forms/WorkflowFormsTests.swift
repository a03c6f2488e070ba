import StewardCore
import Testing

/// A request offers the event forms of the events its transition table moves from its state, to
/// the users each form is for; a task is completed with its outcomes' forms.
@Suite struct WorkflowFormsTests {
    static let close = EventForm("close", "Close the gate", for: [.staff])
    static let open = EventForm("open", "Open the gate", for: [.customer, .staff])
    static let remove = EventForm("remove", "Remove the gate", hint: "It cannot be undone", for: [.customer, .staff])
    static let note = EventForm("note", "Add a note", for: [.staff], fields: [.paragraph("text", "Note")])

    static let forms = WorkflowForms(
        transitions: Gate.transitions,
        filing: [.staff: FilingForm("Build a gate", fields: [])],
        events: [close, open, note, remove],
        tasks: [.task("inspect", close), .numberedTasks("call-", note, remove.titled("Remove it after the call"))]
    )

    @Test func aStateOffersTheFormsOfTheEventsItsTableMovesFrom() {
        #expect(Self.forms.events(inState: "open", for: .staff).map(\.event) == ["close", "note", "remove"])
        #expect(Self.forms.events(inState: "closed", for: .staff).map(\.event) == ["open", "note", "remove"])
        #expect(Self.forms.events(inState: "closed", for: .customer).map(\.event) == ["open", "remove"])
        #expect(Self.forms.events(inState: "removed", for: .staff).isEmpty)
        #expect(Self.forms.events(inState: "no-such-state", for: .staff).isEmpty)
    }

    @Test func aSubmissionIsReadWithTheFormItsUserIsOffered() {
        #expect(Self.forms.event("note", for: .staff) == Self.note)
        #expect(Self.forms.event("note", for: .customer) == nil)
        #expect(Self.forms.filing(for: .staff)?.title == "Build a gate")
        #expect(Self.forms.filing(for: .customer) == nil)
    }

    @Test func aTaskIsCompletedWithItsOutcomesAndNumberedTasksShareTheirs() {
        #expect(Self.forms.outcomes(forTask: "inspect") == [Self.close])
        #expect(Self.forms.outcomes(forTask: "call-12").map(\.title) == ["Add a note", "Remove it after the call"])
        #expect(Self.forms.outcomes(forTask: "call-12").last?.hint == "It cannot be undone")
        for name in ["call-", "call-x", "call-3b", "inspect-2", "paint"] {
            #expect(Self.forms.outcomes(forTask: name).isEmpty, "\(name)")
        }
    }

    @Test func aTypeWithoutFormsOffersNone() {
        #expect(AnyWorkflow(Gate()).forms.events(inState: "open", for: .staff).isEmpty)
        #expect(WorkflowForms.none.filing(for: .customer) == nil)
    }
}
