import Foundation
import Testing

/// `ipaudit probe` on a live segment of network namespaces (scripts/live-probe-test.sh), with
/// Debian's arp-scan as the oracle for who answers. Needs root, as CI has, and arp-scan.
@Suite(.requires(.networkNamespaces, .arpScan), .serialized) struct ProbeLiveTests {
    struct Run {
        var header: [String: String]
        var doc: [String: Any]
        var findings: [[String: Any]] { doc["findings"] as? [[String: Any]] ?? [] }
        var stats: [String: Any] { doc["stats"] as? [String: Any] ?? [:] }
        func rules(_ id: String) -> [[String: Any]] { findings.filter { $0["rule"] as? String == id } }
        /// arp-scan's answers: address → MACs, one per reply it printed.
        var arpScan: [String: [String]] {
            var out: [String: [String]] = [:]
            for pair in (header["arpscan"] ?? "").split(separator: " ") {
                let parts = pair.split(separator: "=").map(String.init)
                if parts.count == 2 { out[parts[0], default: []].append(parts[1]) }
            }
            return out
        }
    }

    static func run(_ mode: String) throws -> Run {
        let script = CLIRunner.packageRoot.appendingPathComponent("scripts/live-probe-test.sh").path
        let result = try CLIRunner.runExecutable("/bin/bash", [script, CLIRunner.binary.path, mode])
        var header: [String: String] = [:]
        var jsonText = ""
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if jsonText.isEmpty, let colon = line.firstIndex(of: ":"), !line.hasPrefix("{") {
                header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else {
                jsonText += line + "\n"
            }
        }
        let doc = try #require(try? JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any],
                               "no JSON report: \(result.stdout) \(result.stderr)")
        return Run(header: header, doc: doc)
    }

    @Test func duplicateIPv4AndIPv6NameBothMACs() throws {
        let run = try Self.run("duplicate")
        let macs = try #require(run.header["macs"]).split(separator: " ").map(String.init).sorted()
        #expect(macs.count == 2)
        #expect(run.header["status"] == "1")
        let dups = run.rules("duplicate-address")
        #expect(Set(dups.compactMap { $0["address"] as? String }) == ["10.213.0.5", "fd5a:1f00:0:13::5"], "\(run.findings)")
        for dup in dups { #expect((dup["macs"] as? [String])?.sorted() == macs) }
        #expect(run.findings.count == 2)
        // arp-scan, asked the same, hears the same two MACs.
        #expect(run.arpScan["10.213.0.5"].map { Set($0) } == Set(macs), "\(run.header)")
        #expect(run.stats["responders"] as? Int == 2)
        #expect(run.stats["dropped"] as? Int == 0)
    }

    @Test func aSingleHostIsNoFinding() throws {
        let run = try Self.run("single")
        let mac = try #require(run.header["mac"])
        #expect(run.header["status"] == "0")
        #expect(run.findings.isEmpty, "\(run.findings)")
        #expect(run.stats["answered_targets"] as? Int == 2)
        #expect(run.stats["targets"] as? Int == 14 + 16 - 2)   // .2-.15 (.1 is the prober's own, .0 the /24's network), ::2-::f (:: is anycast)
        // The same responders as arp-scan over the /28.
        #expect(run.arpScan == ["10.213.0.7": [mac]], "\(run.header)")
        // Every silent target was asked twice (--retries 1), the answered one once.
        #expect(run.stats["probes_sent"] as? Int == 2 * 28 - 2)
        // The retries waited: a silent target is asked again only after its probe had --wait 300ms,
        // and the run listens 300ms after the last probe: at least 0.6 s in all.
        let elapsed = try #require(run.stats["elapsed_seconds"] as? Double)
        #expect(elapsed >= 0.6 && elapsed < 3, "\(elapsed) s")
    }

    @Test func twoInterfacesOfOneHostAreARPFluxNotDuplicates() throws {
        let run = try Self.run("flux")
        let macs = try #require(run.header["macs"]).split(separator: " ").map(String.init).sorted()
        #expect(run.header["status"] == "0")
        #expect(run.rules("duplicate-address").isEmpty, "\(run.findings)")
        let flux = run.rules("arp-flux")
        #expect(Set(flux.compactMap { $0["address"] as? String }) == ["10.213.0.21", "10.213.0.22"])
        for f in flux { #expect((f["macs"] as? [String])?.sorted() == macs) }
        // arp-scan calls both addresses duplicates: both MACs answer each.
        #expect(run.arpScan["10.213.0.21"].map { Set($0) } == Set(macs), "\(run.header)")
        #expect(run.arpScan["10.213.0.22"].map { Set($0) } == Set(macs), "\(run.header)")
    }

    @Test func aProxyAnsweringARangeIsProxyARP() throws {
        let run = try Self.run("proxy")
        let mac = try #require(run.header["mac"])
        #expect(run.header["status"] == "0")
        let proxy = run.rules("proxy-arp")
        #expect(proxy.count == 1, "\(run.findings)")
        #expect(proxy.first?["macs"] as? [String] == [mac])
        #expect((proxy.first?["evidence"] as? [String: Any])?["address_count"] as? Int == 16)   // the whole /28: its ends are hosts on the /24 link
        #expect(run.findings.count == 1)
    }

    @Test func silentInventoryAddressesAreUnresponsive() throws {
        let run = try Self.run("unresponsive")
        #expect(run.header["status"] == "0")   // warnings only; --fail-on is error
        let silent = run.rules("unresponsive-address").compactMap { $0["address"] as? String }.sorted()
        #expect(silent == ["10.213.0.9", "fd5a:1f00:0:13::9"], "\(run.findings)")
        #expect(run.rules("unknown-address").compactMap { $0["address"] as? String } == ["10.213.0.7"])
        #expect(run.findings.count == 3)
        let skipped = try #require(run.stats["skipped_targets"] as? [String])
        #expect(skipped.contains("10.50.0.1 (not on vp's link)"), "\(skipped)")
    }

    /// `--inventory` takes a URL as scan's and audit's do: the same verdicts as from the file.
    @Test func anInventoryPulledOverHTTPIsProbedAsTheFile() throws {
        let run = try Self.run("unresponsive-url")
        #expect(run.header["status"] == "0")
        let silent = run.rules("unresponsive-address").compactMap { $0["address"] as? String }.sorted()
        #expect(silent == ["10.213.0.9", "fd5a:1f00:0:13::9"], "\(run.findings)")
        #expect(run.rules("unknown-address").compactMap { $0["address"] as? String } == ["10.213.0.7"])
        #expect(run.findings.count == 3)
    }

    @Test func vlanTaggedProbesReachOnlyThatVLAN() throws {
        let tagged = try Self.run("vlan")
        #expect(tagged.header["status"] == "0")
        #expect(tagged.findings.isEmpty, "\(tagged.findings)")
        #expect(tagged.stats["answered_targets"] as? Int == 2)
        #expect(tagged.stats["vlan"] as? Int == 42)
        // Promiscuous, so a NIC filtering VLANs in hardware still hands up the tagged answers.
        #expect(tagged.header["promiscuity"] == "1", "\(tagged.header)")
        // Only the rows on VLAN 42 were asked: not the one on VLAN 7, nor the one placed nowhere.
        #expect(tagged.stats["targets"] as? Int == 2)
        #expect(tagged.stats["records_not_expected"] as? Int == 2)
        let wrong = try Self.run("vlan-wrong")
        #expect(wrong.stats["answered_targets"] as? Int == 0)
        let silent = wrong.rules("unresponsive-address")
        #expect(Set(silent.compactMap { $0["address"] as? String }) == ["10.213.42.5", "fd5a:1f00:0:42::5"])
        #expect(silent.allSatisfy { $0["vlan"] as? [Int] == [43] })
    }

    /// `--store` (or IPAUDIT_STORE) gives the targets (its inventory); `--save` stores the answers, which audit reads.
    @Test(arguments: ["save", "save-env"])
    func storeTargetsAndSavedAnswers(mode: String) throws {
        let run = try Self.run(mode)
        let mac = try #require(run.header["mac"])
        #expect(run.header["status"] == "0")
        #expect(run.rules("unresponsive-address").compactMap { $0["address"] as? String } == ["10.213.0.9"], "\(run.findings)")
        #expect(run.findings.count == 1)
        #expect(run.stats["expected"] as? Int == 2)
        #expect(run.header["observation"] == "('10.213.0.5', '\(mac)')")
        #expect(run.header["audit"] == "1")
    }

    /// Two hosts with one IPv4 and one IPv6 address, probed with --save: `audit --store` raises
    /// what the probe raised, finding by finding, and the link's prefix is recorded as watched.
    @Test func savedVerdictsAreWhatTheAuditOfTheStoreRaises() throws {
        let run = try Self.run("save-duplicate")
        let probed = Set(run.findings.map { "\($0["rule"] as? String ?? "") \($0["address"] as? String ?? "") \($0["severity"] as? String ?? "")" })
        #expect(probed == ["duplicate-address 10.213.0.5 error", "duplicate-address fd5a:1f00:0:13::5 error"], "\(run.findings)")
        let audited = Set((run.header["audit_wire"] ?? "").split(separator: ";").map(String.init))
        #expect(audited == probed, "\(run.header)")
        #expect(run.header["coverage"]?.split(separator: " ").contains("10.213.0.0/24") == true, "\(run.header)")
    }

    /// Issue 23: findings name the inventory record and the MAC it does not hold; an address
    /// answered only by a MAC its record does not name is a mac-mismatch.
    @Test func findingsNameTheRecordAndTheMACThatDiffers() throws {
        let run = try Self.run("inventory-mac")
        let macs = try #require(run.header["macs"]).split(separator: " ").map(String.init)
        try #require(macs.count == 3)
        #expect(run.header["status"] == "1")
        let dup = try #require(run.rules("duplicate-address").first)
        #expect(dup["address"] as? String == "10.213.0.5")
        let message = dup["message"] as? String ?? ""
        #expect(message.contains("; inventory: web-1 ("), "\(message)")
        #expect(message.hasSuffix("; \(macs[1]) is not the MAC the inventory records (\(macs[0]) for web-1)"), "\(message)")
        let evidence = dup["evidence"] as? [String: Any] ?? [:]
        #expect(evidence["macs_not_in_inventory"] as? [String] == [macs[1]], "\(evidence)")
        #expect((evidence["records"] as? [[String: Any]])?.first?["source"] as? String == "inventory.csv", "\(evidence)")
        let mismatch = run.rules("mac-mismatch")
        #expect(mismatch.compactMap { $0["address"] as? String } == ["10.213.0.7"], "\(run.findings)")
        #expect((mismatch.first?["message"] as? String)?.hasSuffix("records 02:00:00:00:99:99 for 10.213.0.7, but \(macs[2]) answered the probes and 02:00:00:00:99:99 never did") == true,
                "\(mismatch)")
        #expect(run.findings.count == 2, "\(run.findings)")
    }

    /// Issue 23: as root (no sudo) in a 0700 directory of root's, with a 0600 store and
    /// inventory: both are opened before the drop to nobody, and the answers are saved.
    @Test func saveIntoARootOnlyDirectory() throws {
        let run = try Self.run("save-rootonly")
        let mac = try #require(run.header["mac"])
        #expect(run.header["status"] == "0", "\(run.header)")
        #expect(run.header["owners"] == "root", "\(run.header)")
        #expect(run.header["observation"] == "('10.213.0.5', '\(mac)')", "\(run.header)")
        #expect(run.rules("unresponsive-address").compactMap { $0["address"] as? String } == ["10.213.0.9"], "\(run.findings)")
    }

    /// Issue 23: started through sudo, the prober becomes the invoking user: the new store, its
    /// -wal and -shm are theirs.
    @Test func saveUnderSudoIsTheInvokingUsers() throws {
        let run = try Self.run("save-sudo")
        let mac = try #require(run.header["mac"])
        #expect(run.header["status"] == "0", "\(run.header)")
        #expect(run.header["owners"] == "daemon", "\(run.header)")
        #expect(run.header["observation"] == "('10.213.0.5', '\(mac)')", "\(run.header)")
    }

    /// The interface is opened as root; the prober then runs as nobody, without capabilities,
    /// and still sends and hears on the handle it opened.
    @Test func runningProberHasDroppedRoot() throws {
        let run = try Self.run("privileges")
        let uids = try #require(run.header["uid"]).split(separator: " ").compactMap { Int($0) }
        #expect(uids == [65534, 65534, 65534, 65534])
        #expect(run.header["capeff"].flatMap { UInt64($0, radix: 16) } == 0)
        #expect(run.header["nonewprivs"] == "1")
        #expect(run.header["status"] == "0")
        #expect(run.stats["answered_targets"] as? Int == 1)
        #expect(run.stats["responders"] as? Int == 1)
    }

    /// A plan's pools are targets too: the on-link one probed, the other skipped.
    @Test func planPoolsOnTheLinkAreProbed() throws {
        let run = try Self.run("plan")
        #expect(run.header["status"] == "0")
        #expect(run.findings.isEmpty, "\(run.findings)")
        #expect(run.stats["targets"] as? Int == 14)   // .2-.15 of the /28: .15 is no broadcast on the /24 link
        #expect(run.stats["answered_targets"] as? Int == 1)
        #expect((run.stats["skipped_targets"] as? [String])?.contains("10.99.0.0/16 (not on vp's link)") == true)
    }

    /// SIGINT ends a slow run at once and the report of what was sent is still printed.
    @Test func sigintEndsTheRunAndStillReports() throws {
        let run = try Self.run("signal")
        #expect(run.header["status"] == "0")
        #expect(try #require(Double(run.header["stopped_in"] ?? "")) < 1.0)
        #expect(run.stats["end"] as? String == "signal")
        let sent = try #require(run.stats["probes_sent"] as? Int)
        #expect(sent > 0 && sent < 253, "\(sent) of 253 at 50/s in about a second")
        // --rate is a ceiling: never more than 50 a second over the run (one of slack for the first).
        let elapsed = try #require(run.stats["elapsed_seconds"] as? Double)
        #expect(Double(sent) <= 50 * elapsed + 1, "\(sent) probes in \(elapsed) s")
    }

    /// A /32 and a /128 on the interface with their subnets routed onto it (a cloud VM, DHCPv6):
    /// the connected routes put the targets on the link; an off-link one is skipped and said.
    @Test func connectedRoutesPutTargetsOnTheLink() throws {
        let run = try Self.run("routes")
        #expect(run.header["status"] == "0")
        #expect(run.stats["targets"] as? Int == 2)
        #expect(run.stats["answered_targets"] as? Int == 2)
        #expect((run.stats["skipped_targets"] as? [String]) == ["10.99.0.1/32 (not on vp's link)"])
    }

    @Test func nothingOnTheLinkExitsTwo() throws {
        let run = try Self.run("offlink")
        #expect(run.header["status"] == "2")
        #expect(run.header["stderr"]?.contains("nothing to probe on vp") == true, "\(run.header)")
        #expect(run.header["stderr"]?.contains("warning: 1 target not probed: 10.99.0.0/24 (not on vp's link)") == true, "\(run.header)")
        #expect(run.header["stdout_bytes"] == "0")
    }

    /// A send or read failure mid-run (the interface went down) keeps what was heard: the report
    /// is printed, nobody is judged silent, and the exit status is 2.
    @Test func aFailureMidRunStillReportsWhatWasHeard() throws {
        let run = try Self.run("senderror")
        #expect(run.header["status"] == "2", "\(run.header)")
        #expect(run.stats["end"] as? String == "error")
        #expect(run.stats["answered_targets"] as? Int == 1)
        #expect(run.rules("unresponsive-address").isEmpty)
        #expect(run.header["stderr"]?.contains("the run stopped early") == true, "\(run.header)")
    }
}
