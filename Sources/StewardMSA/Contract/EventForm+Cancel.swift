import StewardCore

extension EventForm {
    /// Withdrawing a request, which every request type allows its customer and staff in every
    /// state that is not terminal.
    static let cancelRequest = EventForm(
        "cancel", "Cancel the request", for: [.customer, .staff],
        fields: [.paragraph("reason", "Reason", hint: "Why the request is withdrawn; it is kept in the history")]
    )
}
