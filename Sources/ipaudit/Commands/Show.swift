import ArgumentParser
import IPAuditKit
import IPAuditPostgres
import IPCore

/// `ipaudit show`: what the store knows about one address, prefix or MAC.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the store knows about an address, a prefix or a MAC.",
        discussion: """
            For an ADDRESS: the plan path (the stored allocations holding it, region to role or \
            agent slice, with their prefixes), the inventory records naming it (source, entity, \
            role, zone, rack, MAC, labels; subnet records holding it too), the wire history per \
            L2 domain (each MAC with first and last seen and frame count), and the open findings \
            naming it. For a PREFIX: its plan path, the subnet records overlapping it, one page \
            of the addresses inside it that an inventory or the wire names (--limit, then \
            --after the last one shown), and the open findings inside it. For a MAC: the \
            addresses it held per L2 domain, the records carrying it, and the findings naming it.

            The findings are those an audit of the store raises about the subject, worked out \
            from the subject's records and observations and every stored allocation; whole-pool \
            and quorum findings are `ipaudit audit`'s.

            Read-only: a SQLite store is opened read-only, and a store that does not exist is \
            an error (exit 2), never created. Names from inventories are printed with control \
            characters escaped as \\xNN.

            JSON (--format json): {"kind": "address"|"prefix"|"mac", "subject", \
            "plan": [{"kind", "path", "prefix", "region", "zone", "rack", "role", "agent"}], \
            "records": [{"source", "entity", "role", "address", "prefix", "region", "zone", \
            "rack", "mac", "network", "live", "labels", "location"}], \
            "wire": [{"domain", "bindings": [{"address", "mac", "first_seen", "last_seen", \
            "frames"}]}], "findings": [as in audit], "inside": [{"address", "entities", "macs", \
            "last_seen"}] (prefix only), "next_after": string (prefix, when more follow)}; \
            times are epoch seconds.
            """)

    @Argument(help: ArgumentHelp("An IP address, a CIDR prefix or a MAC address.", valueName: "ADDRESS|PREFIX|MAC"))
    var subject: String

    @Option(name: .long, help: "Output format: text or json.")
    var format: TextOrJSON = .text

    @Option(name: .long, help: ArgumentHelp("For a PREFIX: addresses per page.", valueName: "N"))
    var limit = 100

    @Option(name: .long, help: ArgumentHelp("For a PREFIX: start after this address (the last one of the previous page).", valueName: "ADDRESS"))
    var after: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let parsed = try QuerySubject.parse(subject, argument: "ADDRESS|PREFIX|MAC")
        guard limit > 0 else { throw InputError(field: "--limit", "must be positive, not \(limit)") }
        let start = try after.map { text in
            guard let address = try? IPAddress(text) else {
                throw InputError(field: "--after", "'\(TerminalText.escaped(text))' is not an IP address")
            }
            return address
        }
        let store = try StoreLocator.openExisting(try storeOptions.resolvedPath(), access: .readOnly)
        let report = try StoreShow.answer(parsed, store: store, page: StoreShow.Page(limit: limit, after: start))
        try Terminal.out(format == .json ? try QueryRenderer.json(report) : QueryRenderer.text(report))
    }
}
