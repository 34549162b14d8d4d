import IPCore

/// The EC2 answers that join VPCs: `describe-vpc-peering-connections` (`VpcPeeringConnections`)
/// and `describe-transit-gateway-attachments` / `describe-transit-gateway-vpc-attachments`.
///
/// Only an `active` peering routes (pending-acceptance, provisioning, rejected, expired, failed,
/// deleting and deleted do not), and only a VPC attachment in state `available` puts its VPC
/// on the transit gateway. The peering answer also names both VPCs' CIDR blocks (AWS returns
/// them for active peerings): they are read as the VPCs' rows, so that an overlapping peering
/// (a CIDR added after it was made) is found from that file alone. Attachments carry no
/// address: their joins reach the VPCs of the other files of the run (`CloudJoins`).
extension AWSReader {
    static let joinKeys = ["VpcPeeringConnections", "TransitGatewayAttachments", "TransitGatewayVpcAttachments"]

    static func carriesJoins(_ o: [String: Any]) -> Bool {
        joinKeys.contains { DocumentValue.array(o[$0]) != nil }
    }

    /// An active peering joins its two VPCs.
    static let activePeering = "active"
    /// States whose peering is gone: its VPC rows are history.
    static let closedPeering: Set<String> = ["rejected", "expired", "failed", "deleting", "deleted"]

    /// The joins of one answer: active peerings, available VPC attachments.
    static func joins(_ o: [String: Any], file: String) throws -> CloudJoins {
        var joins = CloudJoins()
        for (k, item) in (DocumentValue.array(o["VpcPeeringConnections"]) ?? []).enumerated() {
            let peering = try self.peering(DocumentValue.object(item) ?? [:], path: "$.VpcPeeringConnections[\(k)]", file: file)
            if peering.active { joins.peer(peering.requester, peering.accepter, via: peering.id) }
        }
        for (key, vpcField) in [("TransitGatewayAttachments", "ResourceId"), ("TransitGatewayVpcAttachments", "VpcId")] {
            for (k, item) in (DocumentValue.array(o[key]) ?? []).enumerated() {
                let path = "$.\(key)[\(k)]"
                let a = DocumentValue.object(item) ?? [:]
                // The generic list holds VPN, Direct Connect and peering attachments too: no VPC there.
                if key == "TransitGatewayAttachments", DocumentValue.text(a["ResourceType"]) != "vpc" { continue }
                let vpc = try required(a, vpcField, path: path, file: file, what: "a VPC attachment names its VPC")
                let gateway = try required(a, "TransitGatewayId", path: path, file: file, what: "an attachment names its transit gateway")
                let state = try required(a, "State", path: path, file: file, what: "an attachment has a State")
                if state == "available" { joins.attach(vpc, hub: gateway) }
            }
        }
        return joins
    }

    static func required(_ o: [String: Any], _ field: String, path: String, file: String, what: String) throws -> String {
        guard let text = DocumentValue.text(o[field]), !text.isEmpty else {
            throw InputError(file: file, path: "\(path).\(field)", field: field, "missing: \(what)")
        }
        return text
    }

    struct Peering {
        var id: String
        var requester: String
        var accepter: String
        var state: String
        var active: Bool { state == AWSReader.activePeering }
    }

    static func peering(_ o: [String: Any], path: String, file: String) throws -> Peering {
        let id = try required(o, "VpcPeeringConnectionId", path: path, file: file, what: "a peering has an id")
        let requester = try required(DocumentValue.object(o["RequesterVpcInfo"]) ?? [:], "VpcId", path: "\(path).RequesterVpcInfo",
                                     file: file, what: "a peering names its requester VPC")
        let accepter = try required(DocumentValue.object(o["AccepterVpcInfo"]) ?? [:], "VpcId", path: "\(path).AccepterVpcInfo",
                                    file: file, what: "a peering names its accepter VPC")
        let state = try required(DocumentValue.object(o["Status"]) ?? [:], "Code", path: "\(path).Status", file: file,
                                 what: "a peering has a Status.Code")
        return Peering(id: id, requester: requester, accepter: accepter, state: state)
    }

    /// Both VPCs' CIDR blocks as VPC rows, joined to each other when the peering is active.
    static func peeringRows(_ o: [String: Any], path: String, file: String, source: String, tally: inout ReadTally) throws -> [InventoryRecord] {
        let peering = try self.peering(o, path: path, file: file)
        tally.count(peering.active ? "active VPC peerings" : "VPC peerings not active (\(peering.state))")
        var out: [InventoryRecord] = []
        for (side, vpc, remote) in [("RequesterVpcInfo", peering.requester, peering.accepter), ("AccepterVpcInfo", peering.accepter, peering.requester)] {
            let info = DocumentValue.object(o[side]) ?? [:]
            let base = "\(path).\(side)"
            var cidrs: [(String, String)] = []
            for (k, b) in (DocumentValue.array(info["CidrBlockSet"]) ?? []).enumerated() {
                if let cidr = DocumentValue.text(DocumentValue.object(b)?["CidrBlock"]) { cidrs.append((cidr, "\(base).CidrBlockSet[\(k)].CidrBlock")) }
            }
            if cidrs.isEmpty, let cidr = DocumentValue.text(info["CidrBlock"]) { cidrs.append((cidr, "\(base).CidrBlock")) }
            for (k, b) in (DocumentValue.array(info["Ipv6CidrBlockSet"]) ?? []).enumerated() {
                if let cidr = DocumentValue.text(DocumentValue.object(b)?["Ipv6CidrBlock"]) { cidrs.append((cidr, "\(base).Ipv6CidrBlockSet[\(k)].Ipv6CidrBlock")) }
            }
            var labels = [CloudLabels.cloud: "aws", CloudLabels.vpc: vpc, CloudLabels.isVPC: "true", InventoryLabel.vrf: vpc,
                          CloudLabels.peering: peering.id]
            if peering.active { labels[CloudLabels.peers] = "\(remote)@\(peering.id)" }
            for (text, p) in cidrs {
                out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: "CidrBlock"),
                                           name: "VPC \(vpc)", role: .other, region: DocumentValue.text(info["Region"]),
                                           network: CloudLabels.domain(cloud: "aws", vpc: vpc),
                                           live: !closedPeering.contains(peering.state), labels: labels,
                                           source: source, file: file, path: p))
            }
        }
        return out
    }

    /// The joins-only parts of an answer, checked and counted (their rows: none).
    static func countAttachments(_ o: [String: Any], file: String, tally: inout ReadTally) throws {
        let joins = try self.joins(o, file: file)
        for key in ["TransitGatewayAttachments", "TransitGatewayVpcAttachments"] {
            if let list = DocumentValue.array(o[key]) { tally.count("transit gateway attachments", list.count) }
        }
        let attached = joins.hubs.count
        if o["TransitGatewayAttachments"] != nil || o["TransitGatewayVpcAttachments"] != nil {
            tally.count("VPCs attached (available)", attached)
        }
        tally.joinsOnly = carriesJoins(o)
    }
}
