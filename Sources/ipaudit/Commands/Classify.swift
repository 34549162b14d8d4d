import ArgumentParser
import IPAuditKit
import IPCore

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Name the special-purpose registry entry of addresses, with its flags.",
        discussion: """
            Looks each address up in the IANA IPv4 and IPv6 Special-Purpose Address Registries \
            (RFC 6890 and later), plus multicast, deprecated site-local, IPv6 space not allocated \
            for unicast, and the DC/OS defaults that sit in public space (9.0.0.0/8 overlay, \
            44.128.0.0/20 VTEP, 11.0.0.0/8 VIPs). The most specific entry wins. An IPv6 zone \
            (fe80::1%eth0) is accepted and shown, but never changes the answer.

            JSON keys: address, zone, class, name, block, rfc, registry, host_use \
            (usable, discouraged, unroutable), source, destination, forwardable, \
            globally_reachable, reserved_by_protocol (true, false or null for n/a).
            """)

    @Argument(help: ArgumentHelp("Addresses to classify.", valueName: "ADDR"))
    var addresses: [String]

    @Option(name: .long, help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() throws {
        let parsed = try addresses.map { text throws(IPParseError) in try ScopedIPAddress(text) }
        let summaries = parsed.map(ClassificationSummary.init)
        switch format {
        case .json: try Terminal.out(try JSONOut.encode(summaries))
        case .text: try Terminal.out(summaries.map { alignedRows($0.textLines, indent: "") }.joined(separator: "\n"))
        }
    }
}
