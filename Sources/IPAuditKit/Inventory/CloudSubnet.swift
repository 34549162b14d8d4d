/// What the cloud readers (AWS, Azure, Google Cloud, Terraform) write on their rows so the audit
/// can hold a record to its own subnet and VPC: the labels and the cloud's reserved addresses.
enum CloudLabels {
    /// The provider: `aws`, `azure` or `gcp`.
    static let cloud = "cloud"
    /// A subnet row's id, and on an address row the id of the subnet it says it is in.
    static let subnet = "subnet_id"
    /// The VPC a subnet or address belongs to (also its routing domain, `aws:<vpc>`).
    static let vpc = "vpc_id"
    /// On a prefix row: it is a subnet (not a VPC CIDR).
    static let isSubnet = "cloud_subnet"
    /// On a prefix row: it is one of a VPC's CIDR blocks.
    static let isVPC = "cloud_vpc"
    /// On a VPC row: the VPCs (VNets) it is peered with, joined by spaces.
    static let peers = "cloud_peers"

    /// Addresses the provider keeps for itself in every subnet: (first n, last n). AWS: the
    /// network address, the VPC router, DNS and one for future use, and the broadcast address
    /// (VPC user guide, "Subnet CIDR blocks"); IPv6 subnets the same first four and last.
    static func reserved(cloud: String) -> (first: Int, last: Int)? {
        switch cloud {
        case "aws": (4, 1)
        // Azure: network, default gateway, two for DNS, and broadcast (Azure VNet FAQ).
        case "azure": (4, 1)
        // GCP primary ranges: network and default gateway, the second-to-last and broadcast.
        case "gcp": (2, 2)
        default: nil
        }
    }

    /// Each VPC is its own routing domain.
    static func domain(cloud: String, vpc: String) -> String { "\(cloud):\(vpc)" }

    /// A Google Cloud zone's region: `us-central1-a` → `us-central1`.
    static func gcpRegion(ofZone zone: String) -> String? {
        guard let dash = zone.lastIndex(of: "-"), zone[..<dash].contains("-") else { return nil }
        return String(zone[..<dash])
    }

    /// The region a zone lies in, for the clouds whose zone names say it (Azure's `1`, `2`, `3` do not).
    static func region(ofZone zone: String, cloud: String) -> String? {
        switch cloud {
        case "aws": awsRegion(ofZone: zone)
        case "gcp": gcpRegion(ofZone: zone)
        default: nil
        }
    }

    /// `us-east-1a` → `us-east-1`; a Local Zone `us-west-2-lax-1a` → `us-west-2`.
    static func awsRegion(ofZone zone: String) -> String? {
        let parts = zone.split(separator: "-")
        guard parts.count >= 3 else { return nil }
        let number = parts[2].prefix { $0.isNumber }
        return number.isEmpty ? nil : "\(parts[0])-\(parts[1])-\(number)"
    }
}
