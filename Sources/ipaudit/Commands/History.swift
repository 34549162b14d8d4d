import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditPostgres

/// `ipaudit history`: arpwatch's report of the store's wire events.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the store's wire events (new station, changed MAC, flip-flop, moved back) in time order.",
        discussion: """
            The events are recorded when scan --store, probe --save and scan --watch save \
            observations, per L2 domain and address: "new station" (the address was never seen \
            in the domain), "changed MAC" (a MAC other than the last one answers), "flip-flop" \
            (the MAC before the last one answers again, having been silent less than 7 days), \
            "moved back" (a MAC seen with the address before answers again after 7 days or more \
            of silence). The last MAC answering again is no event, nor is a binding the store already \
            held up to its last frame (the same capture saved twice).

            Text: one line per event: TIME  EVENT  ADDRESS  MAC (was PREVIOUS)  DOMAIN. \
            JSON lines (--format jsonl): {"time": ISO 8601, "epoch": seconds, "event", "domain", \
            "address", "mac", "previous_mac" (absent for a new station)}. Read-only; a store that \
            does not exist is an error (exit 2).
            """)

    @Argument(help: ArgumentHelp("Only this address's or this MAC's events.", valueName: "ADDRESS|MAC"))
    var subject: String?

    @Option(name: .long, help: ArgumentHelp("Only events of the last DURATION (e.g. 90d, 12h, 30m).", valueName: "DURATION"))
    var since: Given<Age>?

    @Option(name: .long, help: "Output format: text or jsonl.")
    var format: HistoryFormat = .text

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        var filter = WireEventFilter()
        if let subject {
            switch try QuerySubject.parse(subject, argument: "ADDRESS|MAC") {
            case .address(let address): filter.address = address.description
            case .mac(let mac): filter.mac = mac
            case .prefix:
                throw InputError(field: "ADDRESS|MAC", "'\(TerminalText.escaped(subject))' is a prefix; history takes an address or a MAC")
            }
        }
        if let since { filter.since = Date().timeIntervalSince1970 - (try since.value("--since").seconds) }
        let store = try StoreLocator.openExisting(try storeOptions.resolvedPath(), access: .readOnly)
        let events = try store.wireEvents(filter)
        try Terminal.out(format == .jsonl ? try QueryRenderer.jsonLines(events) : QueryRenderer.text(events))
    }
}

enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}
