import Testing
@testable import IPAuditKit
import IPAuditTestSupport

/// fugue/regula's Google plans leave the project to the provider: the overlap of two subnetworks
/// of one network is still found, and the network is named without a bare "?".
@Suite("Terraform plans without a project")
struct TerraformUnnamedProjectTests {
    static func plan(secondCIDR: String) -> String {
        func subnet(_ name: String, _ cidr: String) -> String {
            """
            {"address": "google_compute_subnetwork.\(name)", "mode": "managed", "type": "google_compute_subnetwork",
             "name": "\(name)", "provider_name": "registry.terraform.io/hashicorp/google",
             "values": {"ip_cidr_range": "\(cidr)", "name": "\(name)", "region": "europe-west1", "secondary_ip_range": []}}
            """
        }
        func reference(_ name: String, _ cidr: String) -> String {
            """
            {"address": "google_compute_subnetwork.\(name)", "mode": "managed", "type": "google_compute_subnetwork", "name": "\(name)",
             "expressions": {"ip_cidr_range": {"constant_value": "\(cidr)"}, "name": {"constant_value": "\(name)"},
                             "network": {"references": ["google_compute_network.lab"]}, "region": {"constant_value": "europe-west1"}}}
            """
        }
        return """
        {"format_version": "0.1", "terraform_version": "0.13.5",
         "planned_values": {"root_module": {"resources": [
           {"address": "google_compute_network.lab", "mode": "managed", "type": "google_compute_network", "name": "lab",
            "values": {"auto_create_subnetworks": false, "name": "lab-network"}},
           \(subnet("edge-a", "10.93.0.0/16")), \(subnet("edge-b", secondCIDR))]}},
         "configuration": {"root_module": {"resources": [
           {"address": "google_compute_network.lab", "mode": "managed", "type": "google_compute_network", "name": "lab",
            "expressions": {"name": {"constant_value": "lab-network"}}},
           \(reference("edge-a", "10.93.0.0/16")), \(reference("edge-b", secondCIDR))]}}}
        """
    }

    static func audit(_ text: String) throws -> FindingsReport {
        var loader = InventoryLoader()
        return InventoryFixture.audit(try loader.load(bytes: Array(text.utf8), file: "plan.json", source: "plan.json"))
    }

    @Test("Two subnetworks with one range in a network of no named project: one overlap, the network named in words")
    func overlapNamesNetwork() throws {
        let overlaps = InventoryFixture.audit(try InventoryFixture.load("terraform-plan-google-no-project.json")).with(.overlappingAllocation)
        #expect(overlaps.count == 1)
        let message = overlaps.first?.message ?? ""
        #expect(message.contains("in one network lab-network (its project or resource group is not in the file"))
        #expect(!message.contains("?/"))
    }

    @Test("Disjoint subnetworks of that network: no finding")
    func disjointClean() throws {
        #expect(try Self.audit(Self.plan(secondCIDR: "10.94.0.0/16")).findings.isEmpty)
    }
}
