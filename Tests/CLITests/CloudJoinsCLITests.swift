import Foundation
import Testing

/// `aws ec2 describe-vpcs ... > ec2.json`, `describe-transit-gateway-attachments > tgw.json`, then
/// `ipaudit audit ec2.json tgw.json`: the attachments join the VPCs of the other file, in the
/// audit and in the store `import` fills.
@Suite struct CloudJoinsCLITests {
    /// aws-ec2.json's prod and staging (both 10.30.0.0/16) attached to one transit gateway.
    static func attachedBoth(in dir: URL) throws -> String {
        var tgw = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLIRunner.fixture("inventory/aws-tgw-attachments.json")))) as! [String: Any]
        tgw["TransitGatewayAttachments"] = (tgw["TransitGatewayAttachments"] as! [[String: Any]]).map { a in
            var a = a
            a["State"] = "available"
            return a
        }
        let url = dir.appendingPathComponent("tgw.json")
        try JSONSerialization.data(withJSONObject: tgw).write(to: url)
        return url.path
    }

    @Test("audit ec2.json tgw.json: overlapping VPCs on one transit gateway are an error; with the deleted attachment, clean")
    func auditJoins() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ec2 = CLIRunner.fixture("inventory/aws-ec2.json")
        let clean = try CLIRunner.run(["audit", ec2, CLIRunner.fixture("inventory/aws-tgw-attachments.json")])
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
        #expect(clean.stderr.contains("no addresses here"))

        let joined = try CLIRunner.run(["audit", ec2, try Self.attachedBoth(in: dir)])
        #expect(joined.status == 1, "\(joined.stderr)")
        #expect(joined.stdout.contains("overlapping-allocation") && joined.stdout.contains("transit gateway tgw-0f1"))

        // Imported together, the store keeps the join on the VPCs' rows.
        let store = dir.appendingPathComponent("store.sqlite").path
        let imported = try CLIRunner.run(["import", ec2, try Self.attachedBoth(in: dir), "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let stored = try CLIRunner.run(["audit", "--store", store])
        #expect(stored.status == 1 && stored.stdout.contains("transit gateway tgw-0f1"), "\(stored.stdout) \(stored.stderr)")
    }

    @Test("A transit gateway attachment without its gateway is refused: exit 2 naming the file and field")
    func badAttachment() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("tgw.json")
        try Data(#"{"TransitGatewayVpcAttachments": [{"VpcId": "vpc-1", "State": "available"}]}"#.utf8).write(to: url)
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/aws-ec2.json"), url.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("tgw.json") && r.stderr.contains("TransitGatewayId"), "\(r.stderr)")
    }
}
