extension PrivatePatchWorkflow {
    public static let customerEvents: Set<String> = ["acceptLicense", "confirm", "cancel"]
    public static let timerEvents: Set<String> = ["licenseReminderDue", "autoCloseDue"]
}
