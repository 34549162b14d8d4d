import ArgumentParser
import IPAuditKit
import IPCore

struct Calc: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show network, masks, bounds, size and class of addresses or prefixes.",
        discussion: """
            Each argument is an address (treated as /32 or /128) or a prefix. Host bits set \
            (10.1.2.3/8) is an error that names the network, unless --mask is given. \
            IPv4 usable hosts exclude the network and broadcast addresses except in /31 and /32.

            JSON (--format json) is an array of objects with the keys input, network, \
            prefix_length, family, netmask and wildcard (IPv4 only), broadcast (IPv4 to /30 only; \
            the keys are absent where they do not apply), \
            first, last, first_host, last_host, size and usable_hosts (exact decimal strings), \
            class, class_name, rfc and host_use.
            """)

    @Argument(help: ArgumentHelp("Addresses or prefixes.", valueName: "ADDR_OR_PREFIX"))
    var inputs: [String]

    @Flag(name: .long, help: "Mask host bits instead of rejecting them (10.1.2.3/8 -> 10.0.0.0/8).")
    var mask = false

    @Option(name: .long, help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() throws {
        // Parse everything first: one bad argument prints nothing.
        let prefixes = try inputs.map { text throws(IPParseError) in
            mask && text.contains("/") ? try IPPrefix(masking: text) : try IPPrefix(addressOrPrefix: text)
        }
        let summaries = zip(inputs, prefixes).map { PrefixSummary(input: $0, prefix: $1) }
        switch format {
        case .json:
            try Terminal.out(try JSONOut.encode(summaries))
        case .text:
            try Terminal.out(summaries.map { "\($0.network)/\($0.prefix_length)\n" + alignedRows($0.textLines) }
                .joined(separator: "\n"))
        }
    }
}
