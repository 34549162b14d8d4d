import ArgumentParser

@main
struct IPAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipaudit",
        abstract: "Audit and allocate the IP address space of multi-zone clusters.",
        discussion: """
            ipaudit keeps a cluster's address space unique and routable: it does exact \
            IPv4/IPv6 CIDR arithmetic, carves stable per-region/zone/rack plans, audits \
            inventories, and watches the wire with libpcap.

            Exit status: 0 clean, 1 findings (at or above --fail-on), 2 bad input or usage.
            """,
        version: IPAuditVersion.current,
        subcommands: [
            Calc.self, Aggregate.self, Exclude.self, Classify.self,
            Allocate.self, Release.self, Free.self,
            Import.self, Audit.self, Report.self, Scan.self, Probe.self, Rules.self,
            Show.self, History.self, Prune.self,
            Oracle.self,
        ])

    /// Our own entry point: usage errors exit 2 (not 64), bad input exits 2 with its location.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            // A mistyped option, not what ArgumentParser made of the words after it.
            if exitCode(for: error) != .success, let unknown = UnknownOption.find(in: arguments, root: Self.self) {
                Terminal.usageError(unknown.message, command: unknown.commandPath)
            }
            Terminal.exit(for: error)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            // Raised by a command's run() as it reads its options into typed values: shown as
            // ArgumentParser shows the ones its validate() raises, with the command's usage.
            Terminal.usageError(error.message, command: Self.commandPath(of: type(of: command)))
        } catch {
            Terminal.exit(for: error)
        }
    }

    /// The words that name `command` under `ipaudit` (`["scan"]`).
    static func commandPath(of command: ParsableCommand.Type) -> [String] {
        var path: [String] = []
        func find(_ node: ParsableCommand.Type, _ trail: [String]) -> Bool {
            if node == command { path = trail; return true }
            return node.configuration.subcommands.contains { find($0, trail + [$0._commandName]) }
        }
        _ = find(Self.self, [])
        return path
    }
}
