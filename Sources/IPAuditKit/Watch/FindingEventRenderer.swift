import Foundation

/// One line per event, written as it happens: JSON lines (the `finding` object is the report's
/// own Finding encoding) for programs, a readable line for people and journald.
public enum FindingEventRenderer {
    public static func render(_ event: FindingEvent, as format: ReportFormat) throws -> String {
        switch format {
        case .json: try jsonLine(event)
        default: textLine(event)
        }
    }

    /// `{"event":"open","finding":{…},"time":1700000001.5}` and a newline; keys sorted like the report's.
    public static func jsonLine(_ event: FindingEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(event), as: UTF8.self) + "\n"
    }

    /// `2023-11-14T22:13:20.000Z open error [duplicate-address] 10.0.0.5 pcap/x.pcap macs=a,b: message`
    public static func textLine(_ event: FindingEvent) -> String {
        let f = event.finding
        var line = timestamp(event.time) + " " + event.kind.rawValue + " " + f.severity.rawValue + " [\(f.rule)]"
        if let a = f.address { line += " \(a)" }
        if let z = f.zone { line += " zone=\(z)" }
        if !f.entities.isEmpty { line += " " + f.entities.joined(separator: ",") }
        if let v = f.vlan, !v.isEmpty { line += " vlan=\(v.map(String.init).joined(separator: "."))" }
        if let m = f.macs, !m.isEmpty { line += " macs=\(m.joined(separator: ","))" }
        // One event, one line: a message never breaks the line-per-event contract.
        let message = f.message.map { $0.isNewline ? " " : $0 }.reduce(into: "") { $0.append($1) }
        return TerminalText.escaped(line + ": " + message) + "\n"
    }

    static func timestamp(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
