import Foundation
import Testing

/// `ipaudit scan --read` on captures as real tools leave them (issue 11), end to end.
@Suite struct ScanQuirkCommandTests {
    @Test(arguments: ["pcap/duplicate-cooked.pcap", "pcap/duplicate-cooked2.pcap", "pcap/raw-ip.pcap", "pcap/bsd-loopback.pcap"])
    func filterWorksOnLinkTypesWithoutVLANs(_ file: String) throws {
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture(file), "--filter", "tcp", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("no VLAN support"))
    }

    @Test func cutLastRecordWarnsWithTheOffsetAndExitsByTheFindings() throws {
        for file in ["pcap/truncated.pcap", "pcap/truncated.pcapng"] {
            let path = CLIRunner.fixture(file)
            let r = try CLIRunner.run(["scan", "--read", path, "--format", "json"])
            #expect(r.status == 1, "\(file): \(r.stderr)")   // the duplicate, not an input error
            let doc = try ScanCommandTests.json(r.stdout)
            let stats = try #require(doc["stats"] as? [String: Any])
            let offset = try #require(stats["truncated_at_byte"] as? Int)
            #expect(stats["end"] as? String == "truncated-record")
            #expect(r.stderr.contains("warning: \(path): the record at byte \(offset) is cut"))
            #expect((doc["findings"] as? [[String: Any]])?.first?["rule"] as? String == "duplicate-address")
        }
    }

    @Test func eachPcapngInterfaceIsItsOwnDomain() throws {
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/three-interfaces.pcapng"), "--format", "csv"])
        #expect(r.status == 1)
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 1)
        #expect(rows.first?.hasPrefix("duplicate-address,error,10.0.0.77,") == true)
        #expect(rows.first?.contains("pcap/three-interfaces.pcapng/any") == true)
    }

    @Test func moveGraceIsAnOption() throws {
        let file = CLIRunner.fixture("pcap/duplicate-one-request.pcap")
        let dup = try CLIRunner.run(["scan", "--read", file, "--format", "csv"])
        #expect(dup.status == 1)
        #expect(dup.stdout.contains("duplicate-address,error,10.0.0.5,"))
        let moved = try CLIRunner.run(["scan", "--read", file, "--format", "csv", "--move-grace", "1ms"])
        #expect(moved.status == 0)
        #expect(moved.stdout.contains("address-moved,info,10.0.0.5,"))
        let bad = try CLIRunner.run(["scan", "--read", file, "--move-grace", "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--move-grace 'soon'"))
    }

    @Test func corruptPcapngNamesTheByteOffset() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: CLIRunner.fixture("pcap/duplicate-static.pcapng"))))
        // The first packet block follows the 28-byte section header and the 20-byte interface
        // block; break its trailing length copy.
        let first = 48
        let length = Int(bytes[first + 4]) | Int(bytes[first + 5]) << 8
        bytes[first + length - 4] ^= 0xff
        let path = dir.appendingPathComponent("corrupt.pcapng").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try CLIRunner.run(["scan", "--read", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("corrupt.pcapng: corrupt pcapng block at byte 48"))
        #expect(r.stdout.isEmpty)
    }
}

/// `--routable` and `--router` on the planted-leak capture, end to end.
@Suite struct ScanHostSourceCommandTests {
    @Test func leaksAreWarningsAndRouterSilencesAMAC() throws {
        let file = CLIRunner.fixture("pcap/host-leaks.pcap")
        let base = ["scan", "--read", file, "--routable", "10.0.0.0/16", "--routable", "fd00::/16", "--format", "csv"]
        let r = try CLIRunner.run(base)
        #expect(r.status == 1)
        let outside = r.stdout.split(separator: "\n").filter { $0.hasPrefix("outside-routable-space,warning,") }.map { $0.split(separator: ",")[2] }
        #expect(outside.sorted() == ["100.64.1.1", "172.17.0.2", "9.0.1.5", "fd99::5"])
        let silenced = try CLIRunner.run(base + ["--router", "02:00:00:00:0A:01"])
        #expect(!silenced.stdout.contains("9.0.1.5"))
        let bad = try CLIRunner.run(base + ["--router", "01:00:5e:00:00:01"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--router[0]"))
    }
}
