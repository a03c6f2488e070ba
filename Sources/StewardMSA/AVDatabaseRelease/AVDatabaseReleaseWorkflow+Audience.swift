extension AVDatabaseReleaseWorkflow {
    public static let customerEvents: Set<String> = ["confirm", "cancel"]
    public static let timerEvents: Set<String> = ["publish", "autoCloseDue"]
}
