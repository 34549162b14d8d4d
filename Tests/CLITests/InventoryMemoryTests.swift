import Foundation
import Testing

/// `audit` of a large JSON inventory: memory is that of the records kept, not of a tree of
/// the whole file (500k records once peaked at 76 times the file).
@Suite struct InventoryMemoryTests {
    /// The same `count` records as ipaudit JSON and as CSV.
    static func write(count: Int, dir: URL) throws -> (json: String, csv: String) {
        var json = "[\n", csv = "address,name,zone,role\n"
        json.reserveCapacity(count * 70)
        csv.reserveCapacity(count * 40)
        for i in 0..<count {
            let address = "10.\((i >> 16) & 255).\((i >> 8) & 255).\(i & 255)"
            let zone = "z\(i % 7)"
            json += "{\"address\":\"\(address)\",\"name\":\"h\(i)\",\"zone\":\"\(zone)\",\"role\":\"app\"}"
            json += i == count - 1 ? "\n]\n" : ",\n"
            csv += "\(address),h\(i),\(zone),app\n"
        }
        let jsonPath = dir.appendingPathComponent("big.json").path
        let csvPath = dir.appendingPathComponent("big.csv").path
        try json.write(toFile: jsonPath, atomically: false, encoding: .utf8)
        try csv.write(toFile: csvPath, atomically: false, encoding: .utf8)
        return (jsonPath, csvPath)
    }

    /// Exit status, findings summary and peak resident memory (KiB, the child's rusage) of `audit FILE`.
    static func audit(_ file: String) throws -> (status: Int, summary: String, peakKiB: Int) {
        let run = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", """
            import json, resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            summary = json.loads(r.stdout)["summary"]["by_rule"] if r.stdout else None
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, json.dumps(summary, sort_keys=True))
            """, CLIRunner.binary.path, "audit", file, "--format", "json"])
        let fields = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2).map(String.init)
        try #require(fields.count == 3, "\(run.stdout) \(run.stderr)")
        return (Int(fields[0]) ?? -1, fields[2], Int(fields[1]) ?? -1)
    }

    @Test func auditOf500kJSONRecordsPeaksNearTheSameRecordsAsCSV() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.write(count: 500_000, dir: dir)
        let fileKiB = Int((try FileManager.default.attributesOfItem(atPath: files.json)[.size] as? Int ?? 0) / 1024)
        let csv = try Self.audit(files.csv)
        let json = try Self.audit(files.json)
        #expect(csv.status == 0 && json.status == 0)
        #expect(json.summary == csv.summary)
        // The CSV reader keeps only the records: JSON may cost its file's bytes and parse
        // buffers on top, not a tree (before: 1.5 GB for this 30 MB file, 6x the CSV run).
        #expect(Double(json.peakKiB) < Double(csv.peakKiB) * 1.25 + Double(fileKiB),
                "JSON peak \(json.peakKiB) KiB, CSV peak \(csv.peakKiB) KiB, file \(fileKiB) KiB")
    }
}
