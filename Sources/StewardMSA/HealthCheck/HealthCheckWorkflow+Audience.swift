extension HealthCheckWorkflow {
    /// The customer agrees the date with the health-check team: either side may propose one.
    public static let customerEvents: Set<String> = ["proposeDate", "confirmDate", "reschedule", "confirm", "cancel"]
    public static let timerEvents: Set<String> = ["startDue", "autoCloseDue"]
}
