import IPAuditKit
import IPCore
import Testing

/// `mac-mismatch` and `stale-address`: the inventory against what the wire saw, hits and the
/// look-alikes that must stay quiet.
@Suite struct WireReconciliationTests {
    static let day = 86_400.0

    static func seen(_ address: String, _ mac: String, _ domain: String = "h/eth0", last: Double = 100) -> Observation {
        Observation(address: address, mac: mac, domain: domain, firstSeen: 10, lastSeen: last, frames: 3)
    }

    static func audit(_ csv: String, _ observations: [Observation], coverage: [LinkCoverage] = [],
                      staleAfter: Double = 30 * day) throws -> FindingsReport {
        var options = AuditOptions()
        options.now = 200
        options.staleAfter = staleAfter
        var input = AuditInput(inventory: try InventoryFixture.csv(csv), observations: observations, options: options)
        input.coverage = coverage
        return Auditor.audit(input)
    }

    @Test func macMismatchNamesBothMACsAndTheTimes() throws {
        let r = try Self.audit("address,name,mac\n10.0.0.5,web1,02:00:00:00:00:0a\n", [Self.seen("10.0.0.5", "02:00:00:00:00:0b")])
        let hits = r.with(Rule.inventoryMACMismatch)
        #expect(hits.map(\.address) == ["10.0.0.5"])
        #expect(hits.first?.macs == ["02:00:00:00:00:0b"])
        #expect(hits.first?.severity == .warning)
        #expect(hits.first?.evidence["inventory_mac"] == .string("02:00:00:00:00:0a"))
        #expect(hits.first?.evidence["age_seconds"] == .double(100))
        #expect(hits.first?.message.contains("inventory says 02:00:00:00:00:0a for 10.0.0.5, the wire saw 02:00:00:00:00:0b in h/eth0") == true)
    }

    /// Without a given moment, ages run to the newest sighting the store holds (an audit of one
    /// store does not change with the clock).
    @Test func agesRunToTheStoresLatestSighting() throws {
        let inventory = try InventoryFixture.csv("address,name\n10.0.0.1,a\n")
        let report = Auditor.audit(AuditInput(inventory: inventory, observations: [
            Self.seen("10.0.0.1", "02:00:00:00:00:01", last: 5000), Self.seen("10.0.0.9", "02:00:00:00:00:09", last: 1400),
        ]))
        #expect(report.with(Rule.unknownAddress).first?.evidence["age_seconds"] == .double(3600))
        #expect(report.with(Rule.unknownAddress).first?.message.hasSuffix("(age 1h)") == true)
    }

    @Test func macMismatchFalsePositivesStayQuiet() throws {
        let observations = [
            Self.seen("10.0.0.1", "02:00:00:00:00:0b"),                             // record without a MAC
            Self.seen("10.0.0.2", "02:00:00:00:00:0b"),                             // the recorded MAC seen too
            Self.seen("10.0.0.2", "02:00:00:00:00:02"),
            Self.seen("10.0.0.3", "02:00:00:00:00:0b", "h/eth0/vlan:20"),           // another VLAN of the host
            Self.seen("10.0.0.3", "02:00:00:00:00:03", "h/eth0/vlan:10"),
            Self.seen("10.0.0.4", "02:00:00:00:00:0b"),                             // not live (retired)
            Self.seen("10.0.0.6", "02:00:00:00:00:0b", "h/eth0/vlan:20"),           // only seen on another VLAN
        ]
        let r = try Self.audit("""
            address,name,mac,vlan,status
            10.0.0.1,a,,,active
            10.0.0.2,b,02:00:00:00:00:02,,active
            10.0.0.3,c,02:00:00:00:00:03,10,active
            10.0.0.4,d,02:00:00:00:00:04,,retired
            10.0.0.6,e,02:00:00:00:00:06,10,active
            10.0.0.7,f,02:00:00:00:00:07,,active

            """, observations)
        #expect(r.with(Rule.inventoryMACMismatch).isEmpty)
        // The same VLAN-10 record whose VLAN saw only another MAC is a hit: the filter is the VLAN, not luck.
        let hit = try Self.audit("address,name,mac,vlan\n10.0.0.3,c,02:00:00:00:00:03,10\n",
                                 [Self.seen("10.0.0.3", "02:00:00:00:00:0b", "h/eth0/vlan:10"), Self.seen("10.0.0.3", "02:00:00:00:00:03", "h/eth0/vlan:20")])
        #expect(hit.with(Rule.inventoryMACMismatch).map(\.address) == ["10.0.0.3"])
    }

    static func watched(_ prefix: String, from: Double, to: Double, domain: String = "h/eth0") throws -> LinkCoverage {
        LinkCoverage(domain: domain, prefix: try IPPrefix(prefix), firstWatched: from, lastWatched: to)
    }

    @Test func staleAddressAfterTheWatchOutlastsTheThreshold() throws {
        let coverage = [try Self.watched("10.0.0.0/24", from: 0, to: 40 * Self.day)]
        let csv = """
            address,name,status
            10.0.0.5,silent-since-day-2,active
            10.0.0.6,never-seen,active
            10.0.0.7,talks-today,active
            10.0.0.8,retired-task,retired
            10.0.1.9,unwatched,active
            10.0.0.10,other-vlan,active

            """
        let observations = [
            Self.seen("10.0.0.5", "02:00:00:00:00:05", last: 2 * Self.day),
            Self.seen("10.0.0.7", "02:00:00:00:00:07", last: 40 * Self.day - 60),
            Self.seen("10.0.0.10", "02:00:00:00:00:10", "h/eth0/vlan:20", last: 40 * Self.day - 60),
        ]
        let r = try Self.audit(csv, observations, coverage: coverage)
        let stale = r.with(Rule.staleAddress)
        #expect(stale.map(\.address) == ["10.0.0.5", "10.0.0.6"])
        #expect(stale.first?.message.contains("has not seen it for 38d of watching h/eth0 (--stale-after 30d)") == true)
        #expect(stale.last?.message.hasSuffix("never seen") == true)
        // A watch shorter than the threshold judges nobody, not even the never-seen.
        let short = try Self.audit(csv, observations, coverage: [try Self.watched("10.0.0.0/24", from: 0, to: 20 * Self.day)])
        #expect(short.with(Rule.staleAddress).isEmpty)
        // No coverage at all (nobody watched): nothing is stale.
        #expect(try Self.audit(csv, observations).with(Rule.staleAddress).isEmpty)
    }

    @Test func staleAfterZeroJudgesEveryNeverSeenRecordOfAWatchedLink() throws {
        let coverage = [try Self.watched("10.0.0.0/24", from: 100, to: 160)]
        let r = try Self.audit("address,name\n10.0.0.5,seen\n10.0.0.6,never\n10.0.2.6,elsewhere\n",
                               [Self.seen("10.0.0.5", "02:00:00:00:00:05", last: 120)], coverage: coverage, staleAfter: 0)
        #expect(r.with(Rule.staleAddress).map(\.address) == ["10.0.0.6"])
    }
}
