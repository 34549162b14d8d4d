import Foundation
import IPAuditKit
import IPCore

/// The bindings table as text and as the JSON report's `bindings` array. Written in chunks
/// through `write`, so a million rows never become one string (nor a tree of JSON values).
public enum BindingsRenderer {
    static let chunkRows = 4096

    /// The elements of the JSON array, one object per line, indented for the report's pretty
    /// print: `{"address", "domain", "first_seen", "frames", "how", "last_seen", "mac"}`.
    public static func jsonElements(_ table: BindingsTable, write: (String) throws -> Void) throws {
        _ = try chunked(table, write: write) { i, row, chunk in
            let o = row.observation
            chunk += i == 0 ? "    " : ",\n    "
            chunk += "{\"address\":\"\(o.address)\",\"domain\":\(AllocationRenderer.quoted(o.domain)),\"first_seen\":\(o.firstSeen),"
            chunk += "\"frames\":\(o.frames),\"how\":[\(row.methods.names.map { "\"\($0)\"" }.joined(separator: ","))],"
            chunk += "\"last_seen\":\(o.lastSeen),\"mac\":\"\(o.mac)\"}"
        }
    }

    /// A table for people: domain, address, MAC, how, first and last seen (UTC), frames.
    /// Domains come from the command line or a file name: control characters are written out.
    public static func text(_ table: BindingsTable, write: (String) throws -> Void) throws {
        try write("BINDINGS\n  domain\taddress\tmac\thow\tfirst_seen\tlast_seen\tframes\n")
        let count = try chunked(table, write: write) { _, row, chunk in
            let o = row.observation
            chunk += "  \(TerminalText.escaped(o.domain))\t\(o.address)\t\(o.mac)\t\(row.methods.names.joined(separator: ","))\t"
            chunk += "\(QueryRenderer.time(o.firstSeen, milliseconds: true))\t\(QueryRenderer.time(o.lastSeen, milliseconds: true))\t\(o.frames)\n"
        }
        try write("  (\(count) binding\(count == 1 ? "" : "s"))\n\n")
    }

    /// Appends each row (with its index) to a chunk handed to `write` every `chunkRows` rows and
    /// at the end; returns the number of rows.
    private static func chunked(_ table: BindingsTable, write: (String) throws -> Void,
                                row append: (Int, BindingRow, inout String) -> Void) throws -> Int {
        var chunk = ""
        var i = 0
        try table.forEachRow { row in
            append(i, row, &chunk)
            i += 1
            if i % chunkRows == 0 { try write(chunk); chunk = "" }
        }
        if !chunk.isEmpty { try write(chunk) }
        return i
    }
}
