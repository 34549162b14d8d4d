import Foundation
import Testing

/// Issue 23: the README's examples as root in a directory only root may enter (`/root`, a 0700
/// work directory). The capture, the files named and a SQLite store are opened before root is
/// given up; under sudo the run becomes the invoking user, whose the files it creates are.
@Suite("root in a root-only directory: scan and probe open their files before dropping root", .requires(.root), .serialized)
struct RootOnlyDirectoryCLITests {
    /// A fresh 0700 directory of root's, removed by the caller.
    static func rootOnlyDirectory() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.path)
        return dir
    }

    /// A run started by root itself, not through sudo (`ProcessRunner` leaves sudo's variables
    /// out; an empty SUDO_UID is none either).
    static let asRoot = ["SUDO_UID": "", "SUDO_GID": "", "SUDO_USER": ""]

    /// An account to stand for the user who ran sudo: Debian's `daemon` (uid 1).
    static func sudoUser() throws -> (name: String, uid: uid_t, gid: gid_t) {
        let entry = try #require(getpwnam("daemon"))
        return ("daemon", entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    static func owner(_ path: String) -> uid_t? {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_uid : nil
    }

    static func observationCount(_ db: String) throws -> String {
        try CLIRunner.runTool("/usr/bin/python3", ["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from observation').fetchone()[0])", db])
    }

    @Test("scan --read x.pcap --store ipaudit.db as root in a 0700 directory saves, twice, and audit reads it")
    func scanReadStoresInRootOnlyDirectory() throws {
        let dir = try Self.rootOnlyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("x.pcap").path
        try FileManager.default.copyItem(atPath: CLIRunner.fixture("pcap/duplicate-static.pcap"), toPath: pcap)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pcap)
        for round in 1...2 {
            let r = try CLIRunner.run(["scan", "--read", "x.pcap", "--store", "ipaudit.db", "--quiet"], environment: Self.asRoot,
                                      currentDirectory: dir)
            #expect(r.status == 1, "round \(round): \(r.stderr)")   // the duplicate, and nothing else wrong
            #expect(r.stderr.isEmpty, "round \(round): \(r.stderr)")
        }
        let db = dir.appendingPathComponent("ipaudit.db").path
        #expect(Self.owner(db) == 0)   // started as root without sudo: root's store, nobody owns nothing
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            #expect(Self.owner(db + suffix) == 0, "\(suffix)")
        }
        #expect(try Self.observationCount(db) != "0")
        let audit = try CLIRunner.run(["audit", "--store", "ipaudit.db", "--format", "json"], environment: Self.asRoot, currentDirectory: dir)
        #expect(audit.stdout.contains("\"duplicate-address\""), "\(audit.stdout) \(audit.stderr)")
    }

    @Test("A root-only 0600 inventory and allow-list are read: opened as root, parsed after the drop")
    func rootOnlyInputFilesAreRead() throws {
        let dir = try Self.rootOnlyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [
            "hosts.csv": "address,name\n10.0.0.5,web-1\n10.0.0.100,db-1\n",
            "allow.csv": "address,entities,reason\n10.0.0.5,,failover pair under test\n",
        ]
        for (name, text) in files {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--inventory", "hosts.csv",
                                   "--allow", "allow.csv", "--format", "json"], environment: Self.asRoot, currentDirectory: dir)
        #expect(r.status == 0, "\(r.stderr)")   // the duplicate allow-listed, the unknown addresses warnings
        #expect(!r.stderr.contains("Permission denied"), "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = doc["findings"] as? [[String: Any]] ?? []
        let unknown = Set(findings.filter { $0["rule"] as? String == "unknown-address" }.compactMap { $0["address"] as? String })
        // The inventory holds .5 and .100: unknown are .101 to .103 only.
        #expect(unknown == ["10.0.0.101", "10.0.0.102", "10.0.0.103"], "\(findings)")
        #expect(findings.contains { $0["rule"] as? String == "allow-listed" && $0["address"] as? String == "10.0.0.5" }, "\(findings)")
    }

    @Test("Under sudo the run becomes the invoking user: the store, its -wal and -shm and the metrics file are theirs")
    func sudoRunBecomesTheInvokingUser() throws {
        let user = try Self.sudoUser()
        let home = try CLIRunner.temporaryDirectory()   // the invoking user's own 0700 directory
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(chown(home.path, user.uid, user.gid) == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
        let sudo = ["SUDO_UID": String(user.uid), "SUDO_GID": String(user.gid), "SUDO_USER": user.name]
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--store", "s.db",
                                   "--prometheus", "scan.prom", "--quiet"], environment: sudo, currentDirectory: home)
        #expect(r.status == 1, "\(r.stderr)")
        let db = home.appendingPathComponent("s.db").path
        #expect(Self.owner(db) == user.uid)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            #expect(Self.owner(db + suffix) == user.uid, "\(suffix)")
        }
        // Written after the drop, by the run itself: it ran as the user.
        #expect(Self.owner(home.appendingPathComponent("scan.prom").path) == user.uid)
        // The user, without root, goes on with their store.
        let audit = try CLIRunner.runExecutable("/usr/bin/setpriv", ["--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups",
                                                                     CLIRunner.binary.path, "audit", "--store", "s.db", "--format", "json"],
                                                currentDirectory: home)
        #expect(audit.stdout.contains("\"duplicate-address\""), "\(audit.stdout) \(audit.stderr)")
    }

    @Test("What still cannot work says once which user needs what, and names --user")
    func unwritableOutputSaysWhoNeedsWhat() throws {
        let dir = try Self.rootOnlyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--prometheus", "scan.prom"],
                                  environment: Self.asRoot, currentDirectory: dir)
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("'nobody' may not write \(dir.path)"), "\(r.stderr)")
        #expect(r.stderr.contains("--user NAME"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("scan.prom").path))
    }

    @Test("A capture without the right says how to get it, and never suggests setcap on the binary")
    func permissionErrorDoesNotSuggestSetcap() throws {
        let binary = CLIRunner.binary.path
        for command in [["scan", "lo", "--duration", "1s"], ["probe", "lo", "10.0.0.1"]] {
            let r = try CLIRunner.runExecutable("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + command)
            #expect(r.status == 2)
            #expect(r.stderr.contains("permission denied"), "\(r.stderr)")
            #expect(r.stderr.contains("AmbientCapabilities=CAP_NET_RAW"), "\(r.stderr)")
            #expect(!r.stderr.contains("setcap"), "\(r.stderr)")
        }
    }
}
