import Foundation
import IPAuditKit
import IPCore

/// Known multi-MAC addresses that are not conflicts (bonding, anycast, a lab), each with a reason.
///
/// File format, one entry per line, `#` starts a comment:
/// `ADDRESS MAC[,MAC...] REASON...`, e.g. `10.1.1.20 02:00:00:00:01:01,02:00:00:00:01:02 bond0 balance-alb`.
/// An entry covers an address only when every MAC seen for it is listed: a third MAC is still reported.
public struct AllowList: Sendable {
    public struct Entry: Sendable, Equatable {
        public var address: IPAddress
        public var macs: Set<MACAddress>
        public var reason: String
    }

    public private(set) var entries: [IPAddress: [Entry]] = [:]

    public init(_ list: [Entry] = []) {
        for e in list { entries[e.address, default: []].append(e) }
    }

    /// The entry that covers every MAC in `macs` for `address`.
    public func match(_ address: IPAddress, macs: [MACAddress]) -> Entry? {
        entries[address]?.first { e in macs.allSatisfy { e.macs.contains($0) } }
    }

    public static func load(path: String) throws -> AllowList {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the allow-list")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> AllowList {
        var list: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            let lineNumber = index + 1
            guard fields.count >= 3 else {
                throw InputError(file: file, line: lineNumber, "expected 'ADDRESS MAC[,MAC...] REASON'")
            }
            let address: IPAddress
            do { address = try IPAddress(String(fields[0])) } catch {
                throw InputError(file: file, line: lineNumber, field: "address", "\(error)")
            }
            var macs = Set<MACAddress>()
            for text in fields[1].split(separator: ",") {
                guard let mac = MACAddress(String(text)) else {
                    throw InputError(file: file, line: lineNumber, field: "macs", "'\(text)' is not a MAC address (aa:bb:cc:dd:ee:ff)")
                }
                macs.insert(mac)
            }
            list.append(Entry(address: address, macs: macs, reason: fields[2...].joined(separator: " ")))
        }
        return AllowList(list)
    }
}
