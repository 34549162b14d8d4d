import Foundation
import Testing

/// Issue 27: root runs ipaudit from cron with paths in directories other users may write.
/// Another user (`nobody`, through setpriv) plants links there; nothing ipaudit writes follows
/// them. `fs.protected_symlinks` is not relied on: the checks hold with it off.
@Suite("local attackers: links planted in a sticky directory (CLI, as root)", .requires(.root), .serialized)
struct LocalAttackerCLITests {
    let sticky: URL, rootOnly: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory
        sticky = base.appendingPathComponent("ipaudit-sticky-\(UUID().uuidString)")
        rootOnly = base.appendingPathComponent("ipaudit-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sticky, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o1777])
        try FileManager.default.createDirectory(at: rootOnly, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        chmod(sticky.path, 0o1777)  // the umask may have cut the bits
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: sticky)
        try? FileManager.default.removeItem(at: rootOnly)
    }

    /// Runs `command` as nobody: the other local user.
    @discardableResult
    static func asNobody(_ command: [String]) throws -> CLIResult {
        let r = try CLIRunner.runExecutable("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups"] + command)
        #expect(r.status == 0, "setpriv \(command): \(r.stderr)")
        return r
    }

    static func plantLink(to target: String, at link: String) throws {
        try asNobody(["ln", "-s", target, link])
    }

    static let csv = "address,name\n10.0.0.1,a\n"

    func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    @Test("A dangling link nobody planted at the store path: import refuses it and creates nothing at its target")
    func danglingStoreLink() throws {
        defer { cleanUp() }
        let target = rootOnly.appendingPathComponent("created.db").path
        let store = sticky.appendingPathComponent("ipaudit.db").path
        try Self.plantLink(to: target, at: store)
        let r = try CLIRunner.run(["import", "--store", store, "-"], stdin: Self.csv)
        #expect(r.status == 2)
        #expect(r.stderr.contains("symbolic link owned by nobody (uid 65534)"), "\(r.stderr)")
        #expect(r.stderr.contains("was planted there: refused"), "\(r.stderr)")
        #expect(!exists(target))
        #expect(!exists(target + "-wal") && !exists(target + "-journal"))
    }

    @Test("A link to an empty root-only file: import refuses it and the file stays empty")
    func linkToRootFile() throws {
        defer { cleanUp() }
        let secret = rootOnly.appendingPathComponent("shadow-copy").path
        #expect(FileManager.default.createFile(atPath: secret, contents: Data(), attributes: [.posixPermissions: 0o600]))
        let store = sticky.appendingPathComponent("ipaudit.db").path
        try Self.plantLink(to: secret, at: store)
        for command in [["import", "--store", store, "-"], ["audit", "--store", store]] {
            let r = try CLIRunner.run(command, stdin: Self.csv)
            #expect(r.status == 2, "\(command)")
            #expect(r.stderr.contains("was planted there: refused"), "\(command): \(r.stderr)")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: secret)[.size] as? Int == 0)
    }

    @Test("A file nobody created at the store path in the sticky directory is refused (they could swap it for a link)")
    func foreignStoreFile() throws {
        defer { cleanUp() }
        let store = sticky.appendingPathComponent("ipaudit.db").path
        try Self.asNobody(["touch", store])
        let r = try CLIRunner.run(["import", "--store", store, "-"], stdin: Self.csv)
        #expect(r.status == 2)
        #expect(r.stderr.contains("owned by nobody (uid 65534)"), "\(r.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: store)[.size] as? Int == 0)
    }

    @Test("A -shm (or -wal) link planted beside a store: said as a planted link, not as a missing directory", arguments: ["-shm", "-wal"])
    func plantedCompanion(suffix: String) throws {
        defer { cleanUp() }
        let store = sticky.appendingPathComponent("ipaudit.db").path
        #expect(try CLIRunner.run(["import", "--store", store, "-"], stdin: Self.csv).status == 0)
        for s in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + s) }
        let target = rootOnly.appendingPathComponent("planted").path
        try Self.plantLink(to: target, at: store + suffix)
        let r = try CLIRunner.run(["import", "--store", store, "-"], stdin: Self.csv)
        #expect(r.status == 2)
        #expect(r.stderr.contains("ipaudit.db\(suffix): a symbolic link owned by nobody (uid 65534) was planted there: refused"), "\(r.stderr)")
        #expect(!r.stderr.contains("missing directory"))
        #expect(!exists(target))
    }

    @Test("A new store in a sticky directory is root's own, created in place; root's own links and a link in nobody's own directory still work")
    func legitimateLinksFollowed() throws {
        defer { cleanUp() }
        let fresh = sticky.appendingPathComponent("fresh.db").path
        #expect(try CLIRunner.run(["import", "--store", fresh, "-"], stdin: Self.csv).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: fresh)
        #expect(attributes[.ownerAccountID] as? Int == 0)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        // Root's own link in the sticky directory, to a store in the private one.
        let real = rootOnly.appendingPathComponent("real.db").path
        let mine = sticky.appendingPathComponent("mine.db").path
        #expect(symlink(real, mine) == 0)
        #expect(try CLIRunner.run(["import", "--store", mine, "-"], stdin: Self.csv).status == 0)
        #expect(exists(real))
        // nobody's link in nobody's own (not sticky) directory: the kernel's rule follows it too.
        let own = sticky.appendingPathComponent("nobody-dir").path
        try Self.asNobody(["mkdir", "-m", "755", own])
        let target = rootOnly.appendingPathComponent("via-nobody.db").path
        try Self.plantLink(to: target, at: own + "/store.db")
        let followed = try CLIRunner.run(["import", "--store", own + "/store.db", "-"], stdin: Self.csv)
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(exists(target))
    }

    @Test("Textfile and report outputs: a planted link at the name or on the way is refused, nothing written at its target")
    func plantedOutputs() throws {
        defer { cleanUp() }
        let target = rootOnly.appendingPathComponent("cron-job").path
        let prom = sticky.appendingPathComponent("ipaudit.prom").path
        try Self.plantLink(to: target, at: prom)
        let r = try CLIRunner.run(["audit", "--prometheus", prom, "-"], stdin: Self.csv)
        #expect(r.status == 2)
        #expect(r.stderr.contains("ipaudit.prom: a symbolic link owned by nobody (uid 65534)"), "\(r.stderr)")
        #expect(!exists(target))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: prom)) == target, "the planted link is left as it was")
        // A directory on the way: sticky/metrics -> the private directory.
        let metrics = sticky.appendingPathComponent("metrics").path
        try Self.plantLink(to: rootOnly.path, at: metrics)
        let viaDirectory = try CLIRunner.run(["report", "--output", metrics + "/plan.html", "-"], stdin: Self.csv)
        #expect(viaDirectory.status == 2)
        #expect(viaDirectory.stderr.contains("was planted there: refused"), "\(viaDirectory.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: rootOnly.path).isEmpty)
    }
}
