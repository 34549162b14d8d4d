import Foundation
import Testing

/// Live capture in network namespaces joined by veth pairs and a bridge (scripts/live-scan-test.sh).
/// Needs root, as CI has; the script creates and removes its own namespaces.
@Suite(.requires(.networkNamespaces), .serialized) struct ScanLiveTests {
    static func runScript(_ mode: String) throws -> (header: [String: String], json: [String: Any]) {
        let script = CLIRunner.packageRoot.appendingPathComponent("scripts/live-scan-test.sh").path
        let output = try CLIRunner.runTool("/bin/bash", [script, CLIRunner.binary.path, mode])
        var header: [String: String] = [:]
        var jsonText = ""
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if jsonText.isEmpty, let colon = line.firstIndex(of: ":"), !line.hasPrefix("{") {
                header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else {
                jsonText += line + "\n"
            }
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any],
                                "no JSON report in: \(output)")
        return (header, json)
    }

    @Test func twoNamespacesClaimingOneAddressAreADuplicate() throws {
        let (header, doc) = try Self.runScript("conflict")
        let macs = try #require(header["macs"]).split(separator: " ").map(String.init).sorted()
        #expect(macs.count == 2)
        #expect(header["status"] == "1")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let dup = try #require(findings.first { $0["rule"] as? String == "duplicate-address" && $0["address"] as? String == "10.199.0.5" })
        #expect((dup["macs"] as? [String])?.sorted() == macs)
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect(stats["received"] is Int)
        #expect(stats["dropped"] as? Int == 0)
        #expect(stats["ifdropped"] is Int)
    }

    @Test func silentLinkEndsOnTime() throws {
        let (header, doc) = try Self.runScript("idle")
        let elapsed = try #require(Double(header["elapsed"] ?? ""))
        #expect(elapsed < 2.5)
        #expect(header["status"] == "0")
        #expect((doc["stats"] as? [String: Any])?["end"] as? String == "duration")
    }

    @Test func sigintEndsTheCaptureAndStillPrints() throws {
        let (header, doc) = try Self.runScript("signal")
        #expect(header["status"] == "0")
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect(stats["end"] as? String == "signal")
        #expect((stats["arp"] as? Int ?? 0) >= 1)
    }

    @Test func statusLineOnATerminalIsRedrawnAndClearedBeforeTheReport() throws {
        let (header, doc) = try Self.runScript("tty")
        #expect(header["status"] == "0")
        let tty = try #require(header["tty"])
        // What the scan wrote to the terminal, between script(1)'s own start and end notes.
        let drawn = tty.components(separatedBy: "Script done").first ?? tty
        let lines = drawn.components(separatedBy: "<CR><EL>").dropFirst().filter { !$0.isEmpty }
        #expect(lines.count >= 2, "\(tty)")
        let counts = lines.compactMap { line -> Int? in
            guard line.hasPrefix("scan: "), line.contains(" pkt/s"), line.contains("multi-MAC address") else { return nil }
            return Int(line.dropFirst(6).prefix { $0.isNumber })
        }
        #expect(counts.count == lines.count, "every redraw is a status line: \(lines)")
        #expect(counts == counts.sorted(), "packet counts only grow: \(counts)")
        #expect(drawn.hasSuffix("<CR><EL>"), "the line is cleared before the report: \(drawn)")
        // The report went to stdout untouched: the JSON parsed, and it ended on the duration.
        #expect((doc["stats"] as? [String: Any])?["end"] as? String == "duration")
    }

    /// `scan any` starts (no VLAN keyword on Linux cooked), finds the conflict, and skips lo's frames.
    @Test func scanAnyStartsAndSkipsLoopback() throws {
        let (header, doc) = try Self.runScript("any")
        #expect(header["status"] == "1")
        let macs = try #require(header["macs"]).split(separator: " ").map(String.init).sorted()
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let dup = try #require(findings.first { $0["rule"] as? String == "duplicate-address" && $0["address"] as? String == "10.199.0.5" })
        #expect((dup["macs"] as? [String])?.sorted() == macs)
        #expect(!findings.contains { $0["rule"] as? String == "unroutable-address" }, "\(findings)")
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect((stats["link_type"] as? String)?.hasPrefix("LINUX_SLL") == true)
        #expect((stats["loopback_frames"] as? Int ?? 0) >= 3)
    }

    /// At default options a 342-byte DHCPACK is captured whole and binds (the old 256-byte snaplen cut it).
    @Test func dhcpAckBindsAtDefaultOptions() throws {
        let (header, doc) = try Self.runScript("dhcp")
        #expect(header["status"] == "1")  // the leased address outside --routable is an error, as in audit
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect(stats["dhcp_acks"] as? Int == 2)
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let outside = try #require(findings.first { $0["rule"] as? String == "outside-routable-space" })
        #expect(outside["address"] as? String == "10.199.0.77")
        #expect(outside["macs"] as? [String] == ["02:00:00:00:00:77"])
        #expect(outside["severity"] as? String == "error")
    }

    /// Started as root (or as nobody with an ambient CAP_NET_RAW), the running scanner is
    /// `nobody` with no capabilities and no way back, and still captures on the handle it opened.
    @Test(arguments: ["privileges", "ambient"])
    func runningScannerHasDroppedRoot(_ mode: String) throws {
        let (header, doc) = try Self.runScript(mode)
        let uids = try #require(header["uid"]).split(separator: " ").compactMap { Int($0) }
        #expect(uids.count == 4)
        #expect(uids.allSatisfy { $0 != 0 }, "real, effective, saved and fs uid: \(uids)")
        #expect(header["capeff"].flatMap { UInt64($0, radix: 16) } == 0)
        #expect(header["capprm"].flatMap { UInt64($0, radix: 16) } == 0)
        #expect(header["capamb"].flatMap { UInt64($0, radix: 16) } == 0)
        #expect(header["nonewprivs"] == "1")
        #expect(header["status"] == "1")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "duplicate-address" && $0["address"] as? String == "10.199.0.5" })
    }
}
