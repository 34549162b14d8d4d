import ArgumentParser
import IPAuditKit
import IPCore

struct Exclude: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the free space of pools: the pools minus the listed addresses and prefixes.",
        discussion: """
            POOLs are prefixes (or addresses) given as arguments; --minus names a file ("-" for \
            standard input) with one address or prefix a line, in the format `aggregate` reads. \
            The result is the minimal CIDR list, one prefix a line, IPv4 before IPv6, ascending.
            """)

    @Argument(help: ArgumentHelp("Pools to carve from.", valueName: "POOL"))
    var pools: [String]

    @Option(name: .long, help: ArgumentHelp("File of addresses/prefixes to remove (\"-\" for stdin).", valueName: "FILE"))
    var minus: String

    @Flag(name: .long, help: "Warn about invalid lines in the --minus file and go on.")
    var skipInvalid = false

    func run() throws {
        let poolSet = IPSet(prefixes: try pools.map { text throws(IPParseError) in try IPPrefix(addressOrPrefix: text) })
        var removals = IPSetBuilder()
        let bytes = try InputReader.readAll(minus)
        try PrefixListReader.parse(bytes, file: minus == "-" ? "<stdin>" : minus, skipInvalid: skipInvalid,
                                   warn: { Terminal.warn($0.description) }, into: &removals)
        try Terminal.out(bytes: PrefixListWriter.lines(poolSet.subtracting(removals.build())))
    }
}
