import ArgumentParser
import IPAuditKit
import IPCore

struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge addresses and prefixes into the minimal CIDR list of their union.",
        discussion: """
            Reads FILEs (standard input when none or "-"), one address or prefix a line; blank \
            lines and lines starting with # are skipped; a bare address means /32 or /128. \
            Prints one prefix a line, always with its length, IPv4 before IPv6, ascending. \
            An invalid line is an error naming file and line, exit 2, and nothing is printed \
            (--skip-invalid warns on standard error and goes on).
            """)

    @Argument(help: ArgumentHelp("Input files; \"-\" or none for standard input.", valueName: "FILE"))
    var files: [String] = []

    @Flag(name: .long, help: "Warn about invalid lines and go on instead of failing.")
    var skipInvalid = false

    func run() throws {
        var builder = IPSetBuilder()
        for file in files.isEmpty ? ["-"] : files {
            let bytes = try InputReader.readAll(file)
            try PrefixListReader.parse(bytes, file: file == "-" ? "<stdin>" : file, skipInvalid: skipInvalid,
                                       warn: { Terminal.warn($0.description) }, into: &builder)
        }
        try Terminal.out(bytes: PrefixListWriter.lines(builder.build()))
    }
}
