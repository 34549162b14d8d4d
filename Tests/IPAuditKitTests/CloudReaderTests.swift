import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Issue 26's cloud part: AWS EC2 answers and Terraform plans read as inventory, each VPC its
/// own routing domain, records held to their own subnet, VPC and the plan's zones.
@Suite("Cloud readers: AWS EC2 and Terraform plans")
struct CloudReaderTests {
    static func tree(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path(name)))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func load(_ tree: [String: Any], file: String = "cloud.json") throws -> Inventory {
        var loader = InventoryLoader(format: .auto)
        return try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: tree)), file: file, source: file)
    }

    static func ec2(_ edit: (inout [String: Any]) -> Void) throws -> FindingsReport {
        var t = try tree("aws-ec2.json")
        edit(&t)
        return InventoryFixture.audit(try load(t))
    }

    static func planTopology() throws -> AuditTopology {
        var t = AuditTopology()
        t.add(plan: try Plan.load(path: Repository.root.appendingPathComponent("fixtures/plans/aws-eu-west-1.yaml").path))
        return t
    }

    @Test("EC2: VPCs, subnets with zone and region, interface and instance addresses; two VPCs reusing one range are clean")
    func ec2Clean() throws {
        let inventory = try InventoryFixture.load("aws-ec2.json")
        let records = inventory.records
        let subnet = try #require(records.first { $0.labels["subnet_id"] == "subnet-a1" && $0.prefix != nil })
        #expect(subnet.zone == "eu-west-1a" && subnet.region == "eu-west-1" && subnet.network == "aws:vpc-0a1")
        let web = records.filter { $0.name == "i-web1" }
        #expect(Set(web.compactMap { $0.address?.description }) == ["10.30.1.10", "10.30.1.11"])
        #expect(web.allSatisfy { $0.mac == "02:aa:00:00:00:01" && $0.network == "aws:vpc-0a1" })
        // Stopped keeps its address, terminated is history (and had none).
        #expect(records.first { $0.name == "i-old" }?.live == true)
        // 10.30.1.10 in vpc-0a1 and in vpc-0b2: two domains, no duplicate; the same VPC range twice, no overlap.
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
    }

    @Test("EC2: an address outside its subnet, a reserved address, another AZ than the subnet's, a subnet outside its VPC")
    func ec2Planted() throws {
        func edit(eni index: Int, _ body: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { t in
                var enis = t["NetworkInterfaces"] as! [[String: Any]]
                body(&enis[index])
                t["NetworkInterfaces"] = enis
            }
        }
        let outside = try Self.ec2(edit(eni: 1) { $0["PrivateIpAddresses"] = [["PrivateIpAddress": "10.30.9.10", "Primary": true]] })
        #expect(outside.with(.inconsistentRecord).map(\.address) == ["10.30.9.10"])

        let reserved = try Self.ec2(edit(eni: 1) { $0["PrivateIpAddresses"] = [["PrivateIpAddress": "10.30.2.3", "Primary": true]] })
        #expect(reserved.with(.reservedAddress).map(\.address) == ["10.30.2.3"])
        let broadcast = try Self.ec2(edit(eni: 1) { $0["PrivateIpAddresses"] = [["PrivateIpAddress": "10.30.2.255", "Primary": true]] })
        #expect(broadcast.with(.reservedAddress).map(\.address) == ["10.30.2.255"])
        // The first address after the reserved four is an ordinary one.
        let fourth = try Self.ec2(edit(eni: 1) { $0["PrivateIpAddresses"] = [["PrivateIpAddress": "10.30.2.4", "Primary": true]] })
        #expect(fourth.findings.isEmpty)

        let zone = try Self.ec2(edit(eni: 1) { $0["AvailabilityZone"] = "eu-west-1c" })
        #expect(zone.with(.outOfZone).map(\.address) == ["10.30.2.10"])

        let subnetOut = try Self.ec2 { t in
            var subnets = t["Subnets"] as! [[String: Any]]
            subnets[1]["CidrBlock"] = "10.31.2.0/24"
            t["Subnets"] = subnets
            var enis = t["NetworkInterfaces"] as! [[String: Any]]
            enis[1]["PrivateIpAddresses"] = [["PrivateIpAddress": "10.31.2.10", "Primary": true]]
            t["NetworkInterfaces"] = enis
            var reservations = t["Reservations"] as! [[String: Any]]
            var instances = reservations[0]["Instances"] as! [[String: Any]]
            instances.remove(at: 1)
            reservations[0]["Instances"] = instances
            t["Reservations"] = reservations
        }
        let overlaps = subnetOut.with(.overlappingAllocation)
        #expect(overlaps.map(\.address) == ["10.31.2.0/24"] && overlaps.first?.message.contains("outside its VPC vpc-0a1") == true)
    }

    @Test("EC2: one address on two interfaces of one VPC is a duplicate")
    func ec2Duplicate() throws {
        let report = try Self.ec2 { t in
            var enis = t["NetworkInterfaces"] as! [[String: Any]]
            var copy = enis[1]
            copy["NetworkInterfaceId"] = "eni-7"
            copy["MacAddress"] = "02:aa:00:00:00:07"
            copy["Attachment"] = ["InstanceId": "i-web7"]
            enis.append(copy)
            t["NetworkInterfaces"] = enis
        }
        #expect(report.with(.duplicateAddress).map(\.address) == ["10.30.2.10"])
    }

    @Test("IPAM pool allocations that overlap are the pool handing out space twice")
    func ipamAllocations() throws {
        let clean: [String: Any] = ["IpamPoolAllocations": [
            ["Cidr": "10.0.0.0/16", "ResourceType": "vpc", "ResourceId": "vpc-1", "ResourceRegion": "us-east-1"],
            ["Cidr": "10.1.0.0/16", "ResourceType": "vpc", "ResourceId": "vpc-2", "ResourceRegion": "us-east-1"]]]
        #expect(InventoryFixture.audit(try Self.load(clean)).findings.isEmpty)
        var twice = clean
        twice["IpamPoolAllocations"] = (clean["IpamPoolAllocations"] as! [[String: Any]]) + [["Cidr": "10.1.128.0/17", "ResourceType": "custom", "ResourceId": "lab"]]
        #expect(InventoryFixture.audit(try Self.load(twice)).with(.overlappingAllocation).map(\.address) == ["10.1.128.0/17"])
    }

    @Test("Terraform plan: module subnets joined to their VPC through the module's input, an interface through its subnet reference")
    func terraformJoins() throws {
        let records = try InventoryFixture.load("terraform-plan-aws.json").records
        let subnets = records.filter { $0.labels["cloud_subnet"] == "true" }
        #expect(Set(subnets.compactMap(\.labels["terraform_address"])) == ["aws_subnet.db", "module.net.aws_subnet.private[0]", "module.net.aws_subnet.private[1]"])
        #expect(subnets.allSatisfy { $0.network == "aws:aws_vpc.main" })
        let eni = try #require(records.first { $0.address != nil })
        #expect(eni.labels["subnet_id"] == "aws_subnet.db" && eni.network == "aws:aws_vpc.main")
    }

    @Test("Terraform plan gate: clean against the plan; a subnet in the wrong zone's block, or outside the plan, fails before apply")
    func terraformPlanGate() throws {
        let topology = try Self.planTopology()
        let clean = try InventoryFixture.load("terraform-plan-aws.json")
        #expect(InventoryFixture.audit(clean, topology: topology).findings.isEmpty)

        func planted(_ cidr: String, zone: String) throws -> FindingsReport {
            var t = try Self.tree("terraform-plan-aws.json")
            var planned = t["planned_values"] as! [String: Any]
            var root = planned["root_module"] as! [String: Any]
            var children = root["child_modules"] as! [[String: Any]]
            var resources = children[0]["resources"] as! [[String: Any]]
            var values = resources[1]["values"] as! [String: Any]
            values["cidr_block"] = cidr
            values["availability_zone"] = zone
            resources[1]["values"] = values
            children[0]["resources"] = resources
            root["child_modules"] = children
            planned["root_module"] = root
            t["planned_values"] = planned
            return InventoryFixture.audit(try Self.load(t, file: "tfplan.json"), topology: topology)
        }
        let wrongZone = try planted("10.40.3.0/24", zone: "eu-west-1b")
        #expect(wrongZone.with(.outOfZone).map(\.address) == ["10.40.3.0/24"])
        #expect(wrongZone.with(.outOfZone).first?.message.contains("zone eu-west-1a") == true)
        let outside = try planted("10.41.0.0/24", zone: "eu-west-1b")
        #expect(outside.with(.outsideRoutableSpace).map(\.address) == ["10.41.0.0/24"])
        #expect(outside.with(.overlappingAllocation).map(\.address) == ["10.41.0.0/24"])
    }
}
