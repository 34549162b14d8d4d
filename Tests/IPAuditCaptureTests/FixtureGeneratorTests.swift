import Foundation
import Testing

/// The committed captures are exactly what the seeded generator writes: anyone can regenerate
/// them, and a change to the generator that alters a fixture shows up here.
@Suite struct FixtureGeneratorTests {
    @Test func generatorReproducesTheCommittedFixtures() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-fixtures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let p = try ProcessRunner.run("/usr/bin/python3", [Fixture.root.appendingPathComponent("scripts/pcap/gen_fixtures.py").path, out.path])
        #expect(p.status == 0)
        let committed = Fixture.root.appendingPathComponent("fixtures/pcap")
        let names = try FileManager.default.contentsOfDirectory(atPath: committed.path).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted()
        let generated = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == generated)
        #expect(names.count >= 28)
        for name in names {
            let a = try Data(contentsOf: committed.appendingPathComponent(name))
            let b = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(a == b, "\(name) differs from the generator's output")
        }
    }
}
