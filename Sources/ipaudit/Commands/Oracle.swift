import ArgumentParser
import IPAuditKit
import IPCore

/// A batch interface to the math core for differential testing against other
/// implementations (Tests/differential/): one case per input line, one answer per output line.
struct Oracle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle",
        abstract: "Batch interface to the CIDR core for differential tests.",
        discussion: """
            Reads tab-separated cases from standard input and answers each on one line:
            addr TEXT -> canonical address or "error"; prefix TEXT -> canonical prefix or "error";
            agg LIST -> minimal CIDR list of the union; sub LIST LIST -> first minus second;
            and LIST LIST -> intersection; range FIRST LAST -> minimal CIDRs; contains PREFIX ADDR -> true/false.
            LISTs are space-separated prefixes or addresses.
            """,
        shouldDisplay: false)

    func run() throws {
        let input = try InputReader.readAll("-")
        var out = ""
        for line in String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            out += answer(f) + "\n"
        }
        try Terminal.out(out)
    }

    func answer(_ f: [String]) -> String {
        func set(_ text: String) -> IPSet? {
            var b = IPSetBuilder()
            for item in text.split(separator: " ") {
                guard let p = try? IPPrefix(addressOrPrefix: String(item)) else { return nil }
                b.add(p)
            }
            return b.build()
        }
        func list(_ s: IPSet) -> String { s.prefixes.map(\.description).joined(separator: " ") }
        let operands = ["addr": 1, "prefix": 1, "agg": 1, "sub": 2, "and": 2, "range": 2, "contains": 2]
        if let op = f.first, let needed = operands[op], f.count <= needed { return "error missing operand" }
        switch f.first {
        case "addr": return (try? IPAddress(f[1]))?.description ?? "error"
        case "prefix": return (try? IPPrefix(f[1]))?.description ?? "error"
        case "agg": return set(f[1]).map(list) ?? "error"
        case "sub":
            guard let a = set(f[1]), let b = set(f[2]) else { return "error" }
            return list(a.subtracting(b))
        case "and":
            guard let a = set(f[1]), let b = set(f[2]) else { return "error" }
            return list(a.intersection(b))
        case "range":
            guard let a = try? IPAddress(f[1]), let b = try? IPAddress(f[2]), let r = IPRange(first: a, last: b) else { return "error" }
            return r.prefixes.map(\.description).joined(separator: " ")
        case "contains":
            guard let p = try? IPPrefix(f[1]), let a = try? IPAddress(f[2]) else { return "error" }
            return p.contains(a) ? "true" : "false"
        default: return "error unknown op"
        }
    }
}
