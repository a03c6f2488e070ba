import ArgumentParser

@main
struct Steward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Runs the request workflows of the MSA Enterprise support contract on PostgreSQL.",
        discussion: """
            Start with `steward dev`: it runs everything on this machine with a private PostgreSQL. \
            Against a real server, set DATABASE_URL (postgres://user:password@host:5432/steward), \
            run `steward migrate` once per release, then `steward worker` and `steward serve` on as many \
            hosts as needed; `steward directory import` loads staff, groups, the duty rota and customers, \
            and `steward token create` issues the API's tokens.
            """,
        subcommands: [
            DevCommand.self, MigrateCommand.self, WorkerCommand.self, ServeCommand.self, TokenCommand.self, StuckCommand.self,
            HistoryCommand.self,
            RetryCommand.self, DirectoryCommand.self, CustomerCommand.self, ContactCommand.self, StaffCommand.self,
            MailCommand.self, ReportCommand.self, SignInCommand.self, PolicyCommand.self, WorkflowsCommand.self, BenchCommand.self,
        ]
    )
}
