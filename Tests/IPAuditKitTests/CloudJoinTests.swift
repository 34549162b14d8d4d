import Foundation
import Testing
@testable import IPAuditKit
import IPAuditTestSupport
import IPCore

/// Issue 26: networks joined by a peering or a transit gateway share one space. The answers are
/// written here (and in fixtures/inventory) in the shapes the EC2 API reference and the Compute
/// API document; nothing copied.
@Suite("Cloud joins: VPC peerings, transit gateways, GCP network peerings")
struct CloudJoinTests {
    /// Files audited together, as `ipaudit audit a.json b.json ...` reads them: the joins first.
    static func audit(_ documents: [(String, Any)]) throws -> FindingsReport {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (name, document) in documents {
            let url = dir.appendingPathComponent(name)
            if let fixture = document as? String {
                try FileManager.default.copyItem(atPath: InventoryFixture.path(fixture), toPath: url.path)
            } else {
                try JSONSerialization.data(withJSONObject: document).write(to: url)
            }
            paths.append(url.path)
        }
        var loader = InventoryLoader(format: .auto)
        loader.joinCloudFiles(paths)
        var inventory = Inventory()
        for path in paths { inventory.append(contentsOf: try loader.load(path: path)) }
        return InventoryFixture.audit(inventory)
    }

    static func fixture(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path(name)))) as! [String: Any]
    }

    static func overlaps(_ report: FindingsReport) -> [String] {
        report.with(.overlappingAllocation).map { "\($0.address ?? "-") \($0.entities.joined(separator: ","))" }.sorted()
    }

    /// The peering answer with one peering's status changed.
    static func peerings(setting id: String, to code: String) throws -> [String: Any] {
        var t = try fixture("aws-vpc-peerings.json")
        t["VpcPeeringConnections"] = (t["VpcPeeringConnections"] as! [[String: Any]]).map { p in
            var p = p
            if p["VpcPeeringConnectionId"] as? String == id { p["Status"] = ["Code": code] }
            return p
        }
        return t
    }

    @Test("Peering answer alone: both VPCs' CIDRs read; an active peering whose VPCs overlap is an error naming it; closed peerings are history")
    func peeringAlone() throws {
        let inventory = try InventoryFixture.load("aws-vpc-peerings.json")
        let records = inventory.records
        #expect(records.count == 8)
        // pcx-0d4e5 joins vpc-0d4 (10.50.0.0/16 and 10.60.0.0/20, added after) to vpc-0e5 (10.60.0.0/16).
        let report = InventoryFixture.audit(inventory)
        #expect(Self.overlaps(report) == ["10.60.0.0/20 VPC vpc-0e5,VPC vpc-0d4"])
        #expect(report.findings.count == 1 && report.findings[0].severity == .error)
        #expect(report.findings[0].message.contains("pcx-0d4e5"))
        // The deleted peering's VPC row is history; the pending one's is live but joins nothing.
        #expect(records.filter { $0.labels["cloud_peering"] == "pcx-0b2c3" }.allSatisfy { !$0.live })
        #expect(records.filter { $0.labels["cloud_peering"] == "pcx-0a1b2" }.allSatisfy { $0.live && $0.labels["cloud_peers"] == nil })
        #expect(records.contains { $0.prefix == (try? IPPrefix("fd00:40::/56")) && $0.network == "aws:vpc-0c3" })
    }

    @Test("describe-vpcs and the peering answer in one run: an active peering between overlapping VPCs is an error, a pending one is not")
    func activeVersusPending() throws {
        // aws-ec2.json: prod (vpc-0a1) and staging (vpc-0b2) both use 10.30.0.0/16; pcx-0a1b2 is pending.
        let pending = try Self.audit([("ec2.json", "aws-ec2.json"), ("peerings.json", try Self.peerings(setting: "pcx-0d4e5", to: "deleted"))])
        #expect(pending.findings.isEmpty, "\(pending.findings.map(\.message))")

        let active = try Self.audit([("ec2.json", "aws-ec2.json"), ("peerings.json", try Self.peerings(setting: "pcx-0a1b2", to: "active"))])
        let overlaps = active.with(.overlappingAllocation)
        #expect(Self.overlaps(active).contains("10.30.0.0/16 VPC staging (vpc-0b2),VPC prod (vpc-0a1)"))
        #expect(overlaps.contains { $0.message.contains("peered (pcx-0a1b2)") })
        // One block given by describe-vpcs and by the peering answer is one block: no pair twice.
        #expect(overlaps.filter { $0.message.contains("pcx-0a1b2") }.count == 1)
        for code in ["rejected", "expired", "failed", "deleting", "provisioning"] {
            let closed = try Self.audit([("ec2.json", "aws-ec2.json"), ("peerings.json", try Self.peerings(setting: "pcx-0a1b2", to: code))])
            #expect(!Self.overlaps(closed).contains { $0.hasPrefix("10.30.0.0/16") }, "\(code)")
        }
    }

    static func pcx(_ id: String, _ a: (String, String), _ b: (String, String), code: String = "active") -> [String: Any] {
        ["VpcPeeringConnectionId": id, "Status": ["Code": code],
         "RequesterVpcInfo": ["VpcId": a.0, "CidrBlockSet": [["CidrBlock": a.1]]], "AccepterVpcInfo": ["VpcId": b.0, "CidrBlockSet": [["CidrBlock": b.1]]]]
    }

    @Test("A peering joins only its two VPCs: A–B and B–C peered, A and C overlapping, is no finding; on one transit gateway it is")
    func peeringIsNotTransitive() throws {
        let a = ("vpc-a", "10.70.0.0/16"), b = ("vpc-b", "10.71.0.0/16"), c = ("vpc-c", "10.70.0.0/16")
        let chain: [String: Any] = ["VpcPeeringConnections": [Self.pcx("pcx-ab", a, b), Self.pcx("pcx-bc", b, c)]]
        #expect(try Self.audit([("pcx.json", chain)]).findings.isEmpty)
        let hub: [String: Any] = ["TransitGatewayVpcAttachments": ["vpc-a", "vpc-c"].map {
            ["TransitGatewayAttachmentId": "att-\($0)", "TransitGatewayId": "tgw-1", "VpcId": $0, "State": "available"]
        }]
        let report = try Self.audit([("pcx.json", chain), ("tgw.json", hub)])
        #expect(Self.overlaps(report) == ["10.70.0.0/16 VPC vpc-a,VPC vpc-c"] || Self.overlaps(report) == ["10.70.0.0/16 VPC vpc-c,VPC vpc-a"])
        #expect(report.findings.count == 1 && report.findings[0].message.contains("tgw-1"))
    }

    @Test("A page of a longer answer (NextToken set) is read and said to be one page")
    func nextToken() throws {
        var page = try Self.fixture("aws-tgw-attachments.json")
        page["NextToken"] = "eyJ2IjoxfQ=="
        var loader = InventoryLoader(format: .auto)
        _ = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: page)), file: "tgw-1.json", source: "tgw-1.json")
        #expect(loader.lastTally.notes.contains { $0.contains("NextToken") })
        #expect(loader.lastTally.notes.contains { $0.contains("no addresses here") })
    }

    @Test("Transit gateway: available VPC attachments join their VPCs; a deleted attachment joins nothing; the file alone holds no address")
    func transitGateway() throws {
        // vpc-0b2's attachment is deleted: prod and staging overlap, but are not joined.
        let clean = try Self.audit([("ec2.json", "aws-ec2.json"), ("tgw.json", "aws-tgw-attachments.json")])
        #expect(clean.findings.isEmpty, "\(clean.findings.map(\.message))")
        #expect(try InventoryFixture.load("aws-tgw-attachments.json").isEmpty)

        var tgw = try Self.fixture("aws-tgw-attachments.json")
        tgw["TransitGatewayAttachments"] = (tgw["TransitGatewayAttachments"] as! [[String: Any]]).map { a in
            var a = a
            if a["ResourceId"] as? String == "vpc-0b2" { a["State"] = "available" }
            return a
        }
        let joined = try Self.audit([("ec2.json", "aws-ec2.json"), ("tgw.json", tgw)])
        #expect(Self.overlaps(joined) == ["10.30.0.0/16 VPC staging (vpc-0b2),VPC prod (vpc-0a1)"])
        #expect(joined.findings.first?.message.contains("transit gateway tgw-0f1") == true)

        // describe-transit-gateway-vpc-attachments says the same with VpcId.
        let vpcAttachments: [String: Any] = ["TransitGatewayVpcAttachments": [
            ["TransitGatewayAttachmentId": "tgw-attach-11", "TransitGatewayId": "tgw-0f2", "VpcId": "vpc-0a1", "VpcOwnerId": "111122223333",
             "State": "available", "SubnetIds": ["subnet-a1"]],
            ["TransitGatewayAttachmentId": "tgw-attach-12", "TransitGatewayId": "tgw-0f2", "VpcId": "vpc-0b2", "VpcOwnerId": "111122223333",
             "State": "available", "SubnetIds": ["subnet-s1"]]]]
        #expect(Self.overlaps(try Self.audit([("ec2.json", "aws-ec2.json"), ("attach.json", vpcAttachments)])).count == 1)
        var pending = vpcAttachments
        pending["TransitGatewayVpcAttachments"] = (vpcAttachments["TransitGatewayVpcAttachments"] as! [[String: Any]]).map { a in
            var a = a
            a["State"] = "pendingAcceptance"
            return a
        }
        #expect(try Self.audit([("ec2.json", "aws-ec2.json"), ("attach.json", pending)]).findings.isEmpty)
    }

    @Test("Bad link answers: exit 2 naming the file and the field")
    func badInput() throws {
        let cases: [([String: Any], String)] = [
            (["TransitGatewayVpcAttachments": [["VpcId": "vpc-1", "State": "available"]]], "TransitGatewayId"),
            (["TransitGatewayAttachments": [["ResourceType": "vpc", "TransitGatewayId": "tgw-1", "State": "available"]]], "ResourceId"),
            (["VpcPeeringConnections": [["VpcPeeringConnectionId": "pcx-1", "Status": ["Code": "active"], "RequesterVpcInfo": ["VpcId": "vpc-1"],
                                         "AccepterVpcInfo": ["CidrBlock": "10.0.0.0/16"]]]], "VpcId"),
            (["VpcPeeringConnections": [["VpcPeeringConnectionId": "pcx-1", "Status": ["Code": "active"],
                                         "RequesterVpcInfo": ["VpcId": "vpc-1", "CidrBlockSet": [["CidrBlock": "10.0.0.0/33"]]],
                                         "AccepterVpcInfo": ["VpcId": "vpc-2"]]]], "CidrBlock"),
        ]
        for (document, field) in cases {
            var loader = InventoryLoader(format: .auto)
            let error = #expect(throws: InputError.self) {
                try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: document)), file: "links.json", source: "links.json")
            }
            #expect(error?.description.contains("links.json") == true && error?.description.contains(field) == true, "\(String(describing: error))")
        }
    }

    static func gcpSubnets(_ network: String, project: String, _ ranges: [(String, String)]) -> [[String: Any]] {
        let base = "https://www.googleapis.com/compute/v1/projects/\(project)"
        return ranges.map { name, cidr in
            ["kind": "compute#subnetwork", "name": name, "ipCidrRange": cidr, "network": "\(base)/global/networks/\(network)",
             "region": "\(base)/regions/europe-west4", "selfLink": "\(base)/regions/europe-west4/subnetworks/\(name)"]
        }
    }

    @Test("GCP: networks peered ACTIVE share one space; an INACTIVE peering or none leaves overlapping subnets alone")
    func gcpPeering() throws {
        // gcp-networks.json: p1/prod peered ACTIVE with p2/shared, INACTIVE with p1/lab.
        let prod = Self.gcpSubnets("prod", project: "p1", [("prod-nodes", "10.164.0.0/20")])
        let shared = Self.gcpSubnets("shared", project: "p2", [("shared-nodes", "10.164.8.0/24")])
        let lab = Self.gcpSubnets("lab", project: "p1", [("lab-nodes", "10.164.0.0/20")])
        let report = try Self.audit([("networks.json", "gcp-networks.json"), ("prod.json", prod), ("shared.json", shared), ("lab.json", lab)])
        #expect(Self.overlaps(report) == ["10.164.8.0/24 subnet prod-nodes (europe-west4),subnet shared-nodes (europe-west4)"])
        #expect(report.findings.count == 1 && report.findings[0].message.contains("prod-to-shared"))
        // gcloud's bare list of the same networks joins the same way.
        let bare = (try Self.fixture("gcp-networks.json"))["items"] as! [[String: Any]]
        #expect(Self.overlaps(try Self.audit([("networks.json", bare), ("prod.json", prod), ("shared.json", shared)])).count == 1)
        // Without the networks answer nothing joins them.
        #expect(try Self.audit([("prod.json", prod), ("shared.json", shared)]).findings.isEmpty)
        // A peering without its network URL is bad input.
        var broken = try Self.fixture("gcp-networks.json")
        var items = broken["items"] as! [[String: Any]]
        var peerings = items[0]["peerings"] as! [[String: Any]]
        peerings[0]["network"] = nil
        items[0]["peerings"] = peerings
        broken["items"] = items
        #expect(throws: InputError.self) { try Self.audit([("networks.json", broken)]) }
    }

    @Test("Azure VNet peerings still join through the same labels")
    func azureStillJoins() throws {
        let vnets = ["value": [CloudAzureGCPTests.vnet("hub", "10.50.0.0/16", subnets: [], peers: ["spoke"]),
                               CloudAzureGCPTests.vnet("spoke", "10.50.128.0/17", subnets: [], peers: ["hub"]),
                               CloudAzureGCPTests.vnet("lab", "10.50.0.0/16", subnets: [])]]
        let report = try Self.audit([("vnets.json", vnets)])
        #expect(Self.overlaps(report) == ["10.50.128.0/17 VNet hub,VNet spoke"])
    }
}
