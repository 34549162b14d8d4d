import Foundation

/// `show` and `history` output. Text is for people: names that came from inventories or the
/// wire are escaped (`TerminalText`). JSON is for scripts: one object (show) or one object per
/// line (history), with times as ISO 8601 UTC and as epoch seconds.
public enum QueryRenderer {
    public static func text(_ r: ShowReport) -> String {
        func e(_ s: String?) -> String { TerminalText.escaped(s ?? "-") }
        var out = "\(r.kind) \(e(r.subject))\n"
        if r.kind != "mac" {
            out += "plan:\n"
            if r.plan.isEmpty { out += "  (no stored allocation holds it)\n" }
            for step in r.plan { out += "  \(step.kind.padding(toLength: 6, withPad: " ", startingAt: 0)) \(e(step.path))  \(step.prefix)\n" }
        }
        out += "inventory:\n"
        if r.records.isEmpty { out += "  (no record names it)\n" }
        for rec in r.records {
            var line = "  \(e(rec.entity))  \(rec.address ?? rec.prefix ?? "-")  role \(e(rec.role))  source \(e(rec.source))"
            if let zone = rec.zone { line += "  zone \(e(zone))" }
            if let rack = rec.rack { line += "  rack \(e(rack))" }
            if let mac = rec.mac { line += "  mac \(e(mac))" }
            if let network = rec.network, !network.isEmpty { line += "  network \(e(network))" }
            if !rec.live { line += "  not live" }
            if !rec.labels.isEmpty {
                line += "  labels " + rec.labels.sorted { $0.key < $1.key }.map { "\(e($0.key))=\(e($0.value))" }.joined(separator: ",")
            }
            out += line + "\n"
        }
        if let inside = r.inside {
            out += "inside:\n"
            if inside.isEmpty { out += "  (nothing stored inside it)\n" }
            for entry in inside {
                let names = entry.entities.isEmpty ? "-" : entry.entities.map(e).joined(separator: ",")
                let macs = entry.macs.isEmpty ? "-" : entry.macs.map(e).joined(separator: ",")
                out += "  \(entry.address)  \(names)  \(macs)  last seen \(entry.lastSeen.map { time($0) } ?? "never")\n"
            }
            if let next = r.nextAfter { out += "  (more: --after \(next))\n" }
        } else {
            out += "wire:\n"
            if r.wire.isEmpty { out += "  (never seen)\n" }
            for domain in r.wire {
                out += "  \(e(domain.domain))\n"
                for b in domain.bindings {
                    let who = r.kind == "mac" ? b.address : e(b.mac)
                    out += "    \(who)  first \(time(b.firstSeen))  last \(time(b.lastSeen))  frames \(b.frames)\n"
                }
            }
        }
        out += "findings:\n"
        if r.findings.isEmpty { out += "  (none open)\n" }
        for f in r.findings { out += "  \(f.severity.rawValue) \(f.rule.rawValue): \(e(f.message))\n" }
        return out
    }

    public static func json(_ r: ShowReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(r), as: UTF8.self) + "\n"
    }

    /// One line per event, as arpwatch words them.
    public static func text(_ events: [WireEvent]) -> String {
        var out = ""
        for ev in events {
            var line = "\(time(ev.time))  \(ev.kind.rawValue)  \(ev.address)  \(TerminalText.escaped(ev.mac))"
            if let previous = ev.previousMAC { line += " (was \(TerminalText.escaped(previous)))" }
            out += line + "  \(TerminalText.escaped(ev.domain))\n"
        }
        return out
    }

    public static func jsonLines(_ events: [WireEvent]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = ""
        for ev in events {
            out += String(decoding: try encoder.encode(EventLine(ev)), as: UTF8.self) + "\n"
        }
        return out
    }

    struct EventLine: Encodable {
        var time: String, epoch: Double, event: String, domain: String, address: String, mac: String
        var previousMAC: String?
        init(_ ev: WireEvent) {
            time = QueryRenderer.time(ev.time)
            epoch = ev.time
            event = ev.kind.rawValue
            domain = ev.domain
            address = ev.address
            mac = ev.mac
            previousMAC = ev.previousMAC
        }
        enum CodingKeys: String, CodingKey {
            case time, epoch, event, domain, address, mac
            case previousMAC = "previous_mac"
        }
    }

    /// ISO 8601 UTC to the second, or to the millisecond (capture times in the bindings table).
    public static func time(_ epoch: Double, milliseconds: Bool = false) -> String {
        guard epoch.isFinite else { return "?" }
        let whole = epoch.rounded(.down)
        var t = time_t(whole)
        var parts = tm()
        gmtime_r(&t, &parts)
        let seconds = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                             Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        guard milliseconds else { return seconds + "Z" }
        return seconds + String(format: ".%03dZ", Int(((epoch - whole) * 1000).rounded(.down)))
    }
}
