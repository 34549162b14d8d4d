import Foundation
import Testing

/// What a test needs from the machine beyond the unit tier (a Swift toolchain, libpcap,
/// python3 and openssl). The one place that says how each is detected.
///
/// `swift test` alone runs what this machine offers and skips the rest with the reason.
/// `IPAUDIT_TEST_TIER=all` (scripts/test.sh, CI) counts every requirement as met, so a missing
/// one fails its tests instead of hiding; `IPAUDIT_TEST_TIER=unit` counts none as met (the unit
/// tier on a full machine); `IPAUDIT_TEST_WITHOUT=postgres,chromium` counts those as missing,
/// over either. Read by the tests only, never by ipaudit.
public enum Requirement: String, CaseIterable, Sendable {
    case root
    /// Network namespaces, veth pairs and a bridge: root, iproute2's `ip` and `unshare --net`.
    case networkNamespaces = "netns"
    /// A PostgreSQL server: `$IPAUDIT_TEST_PG`, or the postgresql package's binaries for
    /// scripts/postgres/start.sh.
    case postgres
    /// Headless Chromium (`chromium`, or `$CHROMIUM`) for the report page tests.
    case chromium
    /// Debian's arp-scan, the probe tests' oracle.
    case arpScan = "arp-scan"
    /// tcpdump, the decoders' oracle.
    case tcpdump
    /// tshark (Wireshark's dissectors), the oracle for protocols tcpdump names less fully (DHCPv6).
    case tshark
    /// strace, to read the system calls of a durable write.
    case strace
    /// SQLite's own shell, to corrupt and inspect stores from outside.
    case sqlite3
    /// systemd-analyze, to verify the unit files in contrib/systemd/.
    case systemdAnalyze = "systemd-analyze"
    /// Debian's dnsmasq and radvd: the DHCP servers and RA senders of the rogue-server live test.
    case dnsmasq
    case radvd
    /// nft (nftables), to log packets to an NFLOG group in a private namespace.
    case nft

    /// Whether tests needing this run here.
    public var isMet: Bool { Self.status[self] == nil }

    /// Why tests needing this skip ("needs PostgreSQL: …"); names the override when one decided.
    public var reason: Comment { Comment(rawValue: "needs \(summary): \(Self.status[self] ?? "present")") }

    /// What is missing for each unmet requirement, decided once per test run.
    private static let status: [Requirement: String] = {
        let environment = ProcessInfo.processInfo.environment
        let tier = environment["IPAUDIT_TEST_TIER"] ?? ""
        let without = Set((environment["IPAUDIT_TEST_WITHOUT"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })
        var missing: [Requirement: String] = [:]
        for requirement in allCases {
            if without.contains(requirement.rawValue) || without.contains("all") {
                missing[requirement] = "IPAUDIT_TEST_WITHOUT=\(environment["IPAUDIT_TEST_WITHOUT"] ?? "") counts it missing"
            } else if tier == "unit" {
                missing[requirement] = "IPAUDIT_TEST_TIER=unit runs the unit tier only"
            } else if tier != "all", let absent = requirement.detect() {
                missing[requirement] = absent
            }
        }
        return missing
    }()

    private var summary: String {
        switch self {
        case .root: "root"
        case .networkNamespaces: "network namespaces"
        case .postgres: "PostgreSQL"
        case .chromium: "Chromium"
        case .arpScan: "arp-scan"
        case .tcpdump: "tcpdump"
        case .tshark: "tshark"
        case .strace: "strace"
        case .sqlite3: "the sqlite3 shell"
        case .systemdAnalyze: "systemd-analyze"
        case .dnsmasq: "dnsmasq"
        case .radvd: "radvd"
        case .nft: "nft (nftables)"
        }
    }

    /// Nil when present, else what is missing.
    private func detect() -> String? {
        switch self {
        case .root:
            return geteuid() == 0 ? nil : "running as uid \(geteuid()), not root"
        case .networkNamespaces:
            if geteuid() != 0 { return "needs root; running as uid \(geteuid())" }
            guard Self.program("ip") != nil else { return "no ip (iproute2) on PATH" }
            guard let unshare = Self.program("unshare"),
                  (try? ProcessRunner.run(unshare, ["--net", "true"]).status) == 0 else {
                return "unshare --net failed (a container without CAP_SYS_ADMIN?)"
            }
            return nil
        case .postgres:
            if let url = ProcessInfo.processInfo.environment["IPAUDIT_TEST_PG"], !url.isEmpty { return nil }
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            let found = versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
            return found ? nil : "no IPAUDIT_TEST_PG and no server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        case .chromium:
            let name = ProcessInfo.processInfo.environment["CHROMIUM"] ?? "chromium"
            return Self.program(name) == nil ? "no \(name) on PATH (apt-get install chromium, or set CHROMIUM)" : nil
        case .arpScan, .tcpdump, .tshark, .strace, .sqlite3, .systemdAnalyze, .dnsmasq, .radvd, .nft:
            return Self.program(rawValue) == nil ? "no \(rawValue) on PATH" : nil
        }
    }

    /// The executable `name` on PATH (plus the sbin folders a non-root PATH lacks), or a path as is.
    static func program(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for dir in path + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test or suite only where every requirement is met; otherwise it is skipped
    /// with the first missing one as the reason.
    public static func requires(_ requirements: Requirement..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let missing = requirements.first { !$0.isMet }
        return .enabled(if: missing == nil, missing?.reason, sourceLocation: sourceLocation)
    }
}
