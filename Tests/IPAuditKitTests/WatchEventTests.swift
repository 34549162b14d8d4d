import Foundation
import Testing
@testable import IPAuditKit

/// `scan --watch`'s domain half: the diff of finding sets into events, the event lines, and the
/// store ledger that makes repeated flushes add each frame once.
@Suite("Watch events")
struct WatchEventTests {
    static func duplicate(_ macs: [String], frames: Int = 3, lastSeen: Double = 10, domain: String = "h/eth0") -> Finding {
        Finding(rule: .duplicateAddress, address: "10.0.0.5", entities: [domain], message: "\(macs.count) MACs claim 10.0.0.5",
                evidence: ["domain": .string(domain), "last_seen": .double(lastSeen), "frames": .int(frames),
                           "claims": .array(macs.map { .object(["mac": .string($0), "frames": .int(frames), "last_seen": .double(lastSeen)]) })],
                macs: macs, vlan: [])
    }

    static func mismatch(link: String, sender: String) -> Finding {
        Finding(rule: .macMismatch, address: "10.0.0.9", entities: ["h/eth0"], message: "sender \(sender) differs from \(link)",
                evidence: ["frames": .int(1)], macs: [link, sender], vlan: [])
    }

    static func proxy(_ count: Int, severity: Severity = .info) -> Finding {
        let addresses = (1...count).map { "10.0.1.\($0)" }
        var f = Finding(rule: .proxyARP, entities: ["h/eth0"], message: "answers for \(count) addresses",
                        evidence: ["domain": "h/eth0", "address_count": .int(count), "addresses": .array(addresses.map { .string($0) })],
                        macs: ["02:00:00:00:00:aa"], vlan: [])
        f.severity = severity   // a severity change is what some of these tests watch for
        return f
    }

    static func hostSource(foreign: Int) -> Finding {
        Finding(rule: .outsideRoutableSpace, because: .inferredFromHostTraffic, address: "192.0.2.7", entities: ["h/eth0"], message: "m",
                evidence: ["judged_on_link": .string("… \(foreign) foreign sources < 8)"), "host_addresses": .array(["10.0.0.4"])],
                macs: ["02:00:00:00:00:bb"], vlan: [])
    }

    @Test("A proxy answering one more address, a host seen with one more foreign source: no event; a new severity or host address: an update")
    func growingListsAreRefreshes() {
        var open = OpenFindings()
        #expect(open.update(to: [Self.proxy(10), Self.hostSource(foreign: 1)], time: 1).map(\.kind) == [.open, .open])
        #expect(open.update(to: [Self.proxy(11), Self.hostSource(foreign: 2)], time: 2).isEmpty)
        #expect(open.update(to: [Self.proxy(40), Self.hostSource(foreign: 5)], time: 3).isEmpty)
        #expect(open.update(to: [Self.proxy(40, severity: .warning), Self.hostSource(foreign: 5)], time: 4).map(\.kind) == [.update])
        var moved = Self.hostSource(foreign: 5)
        moved.evidence["host_addresses"] = .array(["10.0.0.4", "10.0.0.8"])
        #expect(open.update(to: [Self.proxy(40, severity: .warning), moved], time: 5).map(\.kind) == [.update])
    }

    @Test("Open, refresh without change, new MAC, close: one event each, the refresh none")
    func lifecycle() {
        var open = OpenFindings()
        let a = open.update(to: [Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"])], time: 1)
        #expect(a.map(\.kind) == [.open])
        #expect(a.first?.time == 1)
        // More frames, a later last_seen, a message counting them: the same facts, refreshed: nothing to say.
        var refreshed = Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"], frames: 90, lastSeen: 99)
        refreshed.message += " (90 frames)"
        let b = open.update(to: [refreshed], time: 2)
        #expect(b.isEmpty)
        let c = open.update(to: [Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c"], frames: 91)], time: 3)
        #expect(c.map(\.kind) == [.update])
        #expect(c.first?.finding.macs?.count == 3)
        #expect(open.update(to: [Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c"], frames: 95)], time: 4).isEmpty)
        let d = open.update(to: [], time: 5)
        #expect(d.map(\.kind) == [.close])
        // The close carries the finding as last evaluated (its latest counts, not those of the
        // update event): the README says so.
        #expect(d.first?.finding.macs?.count == 3)
        #expect(d.first?.finding.evidence["frames"] == .int(95))
        #expect(open.count == 0)
        #expect(open.update(to: [], time: 6).isEmpty)
    }

    @Test("A changed severity or a new evidence key is an update; the same finding in another domain is another finding")
    func whatCountsAsAChange() {
        var open = OpenFindings()
        let base = Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"])
        _ = open.update(to: [base], time: 1)
        var allowed = base
        allowed.severity = .info
        #expect(open.update(to: [allowed], time: 2).map(\.kind) == [.update])
        var reasoned = allowed
        reasoned.evidence["reason"] = .string("allow-listed")
        #expect(open.update(to: [reasoned], time: 3).map(\.kind) == [.update])
        let elsewhere = Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"], domain: "h/eth0/vlan:20")
        let events = open.update(to: [reasoned, elsewhere], time: 4)
        #expect(events.map(\.kind) == [.open])
        #expect(events.first?.finding.entities == ["h/eth0/vlan:20"])
    }

    @Test("Two findings on one address told apart by their MACs: a second one opens, the first is untouched")
    func siblingsByMAC() {
        var open = OpenFindings()
        let first = Self.mismatch(link: "02:00:00:00:00:01", sender: "02:00:00:00:00:02")
        let second = Self.mismatch(link: "02:00:00:00:00:03", sender: "02:00:00:00:00:04")
        _ = open.update(to: [first], time: 1)
        let events = open.update(to: [second, first], time: 2)
        #expect(events.map(\.kind) == [.open])
        #expect(events.first?.finding.macs == second.macs)
        let gone = open.update(to: [second], time: 3)
        #expect(gone.map(\.kind) == [.close])
        #expect(gone.first?.finding.macs == first.macs)
    }

    @Test("A rule change on an address closes the old finding and opens the new one, closes first")
    func ruleChange() {
        var open = OpenFindings()
        let dup = Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"])
        _ = open.update(to: [dup], time: 1)
        var moved = dup
        moved.rule = .addressMoved
        moved.severity = .info
        let events = open.update(to: [moved], time: 2)
        #expect(events.map(\.kind) == [.close, .open])
        #expect(events.map(\.finding.rule) == [.duplicateAddress, .addressMoved])
    }

    @Test("JSON line: the event, the time, and the finding exactly as the report encodes it")
    func jsonLine() throws {
        let finding = Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"])
        let line = try FindingEventRenderer.jsonLine(FindingEvent(kind: .update, time: 1_700_000_001.5, finding: finding))
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "update")
        #expect(object["time"] as? Double == 1_700_000_001.5)
        // The same object the one-shot report's JSON holds for this finding.
        let report = try FindingsRenderer.json(FindingsReport(tool: "scan", findings: [finding]))
        let reportObject = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let fromReport = try #require((reportObject["findings"] as? [[String: Any]])?.first)
        #expect(NSDictionary(dictionary: try #require(object["finding"] as? [String: Any])).isEqual(to: fromReport))
    }

    @Test("Text line: one line with time, event, severity, rule, address, domain and MACs, even for a two-line message")
    func textLine() {
        var finding = Self.duplicate(["02:00:00:00:00:0a", "02:00:00:00:00:0b"])
        finding.message = "first\nsecond"
        let line = FindingEventRenderer.textLine(FindingEvent(kind: .open, time: 1_700_000_000, finding: finding))
        #expect(line == "2023-11-14T22:13:20.000Z open error [duplicate-address] 10.0.0.5 h/eth0 macs=02:00:00:00:00:0a,02:00:00:00:00:0b: first second\n")
    }

    static func observation(_ address: String, frames: Int, first: Double = 1, last: Double) -> Observation {
        Observation(address: address, mac: "02:00:00:00:00:0a", domain: "h/eth0", firstSeen: first, lastSeen: last, frames: frames)
    }

    @Test("Ledger: each flush writes the frames since the last good one; a failed save is owed, not lost")
    func ledgerDeltas() {
        var ledger = ObservationLedger()
        let t1 = [Self.observation("10.0.0.5", frames: 3, last: 5)]
        #expect(ledger.pending(current: t1) == t1)
        ledger.committed(current: t1)
        #expect(ledger.pending(current: t1).isEmpty)
        let t2 = [Self.observation("10.0.0.5", frames: 10, last: 20)]
        #expect(ledger.pending(current: t2).map(\.frames) == [7])
        // The save of t2 failed: nothing committed. At the next flush the 7 and the new 2 go together.
        let t3 = [Self.observation("10.0.0.5", frames: 12, last: 25)]
        #expect(ledger.pending(current: t3).map(\.frames) == [9])
        ledger.committed(current: t3)
        #expect(ledger.pending(current: t3).isEmpty)
    }

    @Test("Ledger: an aged-out binding owes its last frames once, then is forgotten; coming back it starts from zero")
    func ledgerRetirement() {
        var ledger = ObservationLedger()
        let live = [Self.observation("10.0.0.5", frames: 4, last: 5)]
        ledger.committed(current: live)
        ledger.retire([Self.observation("10.0.0.5", frames: 6, last: 9)])
        #expect(ledger.pending(current: []).map(\.frames) == [2])
        // It came back before the save: its new entry's frames and the old dues merge in one row.
        let back = [Self.observation("10.0.0.5", frames: 1, first: 5000, last: 5000)]
        let batch = ledger.pending(current: back)
        #expect(batch.count == 1)
        #expect(batch.first?.frames == 3)
        #expect(batch.first?.firstSeen == 1)
        #expect(batch.first?.lastSeen == 5000)
        ledger.committed(current: back)
        #expect(ledger.count == 1)
        #expect(ledger.pending(current: back).isEmpty)
        ledger.retire(back)
        ledger.committed(current: [])
        #expect(ledger.count == 0)
    }
}
