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
        version: "0.1.0",
        subcommands: [
            Calc.self, Aggregate.self, Exclude.self, Classify.self,
            Allocate.self, Release.self, Free.self,
            Import.self, Audit.self, Report.self, Scan.self, Probe.self, Rules.self,
            Show.self, History.self, Prune.self,
            Oracle.self,
        ])

    /// Our own entry point: usage errors exit 2 (not 64), bad input exits 2 with its location.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Terminal.exit(for: error)
        }
    }
}
