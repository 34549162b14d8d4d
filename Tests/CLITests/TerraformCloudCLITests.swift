import Foundation
import Testing

@Suite("ipaudit audit: Terraform plans of Azure and Google Cloud, Azure REST example files (CLI)")
struct TerraformCloudCLITests {
    @Test("azurerm and google plans and an Azure REST example file are read (they were refused, exit 2), clean: exit 0")
    func readClean() throws {
        for (file, records) in [("terraform-plan-azure.json", 8), ("terraform-plan-google.json", 8),
                                ("terraform-state-aws-transit.json", 8), ("azure-rest-example-list.json", 3)] {
            let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/\(file)"), "--format", "json"])
            #expect(r.status == 0, "\(file): \(r.stdout)\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect((json?["stats"] as? [String: Any])?["records"] as? Int == records, "\(file)")
        }
    }

    @Test("A plan gate: a google instance planned in another region's zone exits 1 before apply")
    func planGate() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: CLIRunner.fixture("inventory/terraform-plan-google.json"), encoding: .utf8)
        let planted = dir.appendingPathComponent("tfplan.json")
        try text.replacingOccurrences(of: "\"zone\": \"europe-west4-a\"", with: "\"zone\": \"us-east1-b\"")
            .write(to: planted, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["audit", planted.path])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("[out-of-zone] 10.164.0.5"))
    }

    @Test("A plan whose only addresses are chosen at apply gives no records, and says why")
    func onlyUnknownAddresses() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("tfplan.json")
        try #"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "azurerm_network_interface.n", "mode": "managed", "type": "azurerm_network_interface", "name": "n", "values": {"name": "n", "ip_configuration": [{"name": "p", "private_ip_address_allocation": "Dynamic"}]}}]}}}"#
            .write(to: plan, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["audit", plan.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("1 Azure network interfaces, 1 addresses known only after apply"), "\(r.stderr)")
    }
}
