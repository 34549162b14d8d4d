import Foundation
import Testing

@Suite("calc, classify, aggregate, exclude")
struct CalculatorCommandTests {
    @Test func calcJSONHasTheDocumentedKeys() throws {
        let r = try CLIRunner.run(["calc", "10.0.0.0/8", "192.168.1.0/31", "2001:db8::/126", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(json.count == 3)
        #expect(json[0]["network"] as? String == "10.0.0.0")
        #expect(json[0]["prefix_length"] as? Int == 8)
        #expect(json[0]["size"] as? String == "16777216")
        #expect(json[0]["usable_hosts"] as? String == "16777214")
        #expect(json[0]["broadcast"] as? String == "10.255.255.255")
        #expect(json[0]["first_host"] as? String == "10.0.0.1")
        #expect(json[0]["class"] as? String == "private-use")
        #expect(json[1]["first_host"] as? String == "192.168.1.0")  // /31: both addresses usable
        #expect(json[1]["usable_hosts"] as? String == "2")
        #expect(json[2]["last"] as? String == "2001:db8::3")
        #expect(json[2]["netmask"] == nil || json[2]["netmask"] is NSNull)
    }

    @Test func calcRejectsHostBitsWithTheFixAndPrintsNothing() throws {
        let r = try CLIRunner.run(["calc", "10.0.0.0/8", "10.1.2.3/8"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("did you mean 10.0.0.0/8?"))
        let masked = try CLIRunner.run(["calc", "--mask", "10.1.2.3/8", "--format", "json"])
        #expect(masked.status == 0)
        #expect(masked.stdout.contains("\"network\" : \"10.0.0.0\""))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLIRunner.run(["calc"]).status == 2)
        #expect(try CLIRunner.run(["calc", "--format", "xml", "1.2.3.4"]).status == 2)
        #expect(try CLIRunner.run(["no-such-command"]).status == 2)
        #expect(try CLIRunner.run(["--help"]).status == 0)
    }

    @Test func classifyNamesTheEntry() throws {
        let r = try CLIRunner.run(["classify", "fe80::1%eth0", "9.1.2.3", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(json[0]["class"] as? String == "link-local")
        #expect(json[0]["zone"] as? String == "eth0")
        #expect(json[0]["forwardable"] as? Bool == false)
        #expect(json[1]["class"] as? String == "dcos-overlay")
        #expect(json[1]["host_use"] as? String == "discouraged")
        #expect(try CLIRunner.run(["classify", "1.2.3.4%eth0"]).status == 2)
    }

    @Test func aggregateMergesSortsAndSkipsComments() throws {
        let input = """
            # pools
            2001:db8::1
            10.0.0.0/8

              11.0.0.0/8\r
            192.0.2.116/31
            192.0.2.112/31
            192.0.2.118/31
            ::ffff:10.0.0.0/104
            """
        let r = try CLIRunner.run(["aggregate"], stdin: input)
        #expect(r.status == 0)
        #expect(r.stdout == "10.0.0.0/7\n192.0.2.112/31\n192.0.2.116/30\n::ffff:10.0.0.0/104\n2001:db8::1/128\n")
    }

    @Test func aggregateNamesFileAndLineOfABadLineAndPrintsNothing() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.txt"), bad = dir.appendingPathComponent("bad.txt")
        try "10.0.0.0/24\n".write(to: good, atomically: true, encoding: .utf8)
        try "10.0.1.0/24\n# fine\n010.0.0.1\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["aggregate", good.path, bad.path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("bad.txt:3"))
        #expect(r.stderr.contains("leading zero"))
        let skipped = try CLIRunner.run(["aggregate", "--skip-invalid", good.path, bad.path])
        #expect(skipped.status == 0)
        #expect(skipped.stdout == "10.0.0.0/23\n")
        #expect(skipped.stderr.contains("warning"))
        let missing = try CLIRunner.run(["aggregate", dir.appendingPathComponent("nope").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope"))
    }

    @Test func excludeLeavesTheFreeSpace() throws {
        let r = try CLIRunner.run(["exclude", "10.0.0.0/8", "::/0", "--minus", "-"], stdin: "10.2.0.0/16\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(3) == ["10.0.0.0/15", "10.3.0.0/16", "10.4.0.0/14"])
        #expect(lines.last == "::/0")
        let bad = try CLIRunner.run(["exclude", "10.0.0.0/8", "--minus", "-"], stdin: "10.0.0.0/33\n")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("<stdin>:1"))
    }
}
