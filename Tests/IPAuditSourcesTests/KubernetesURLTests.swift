import Foundation
import Testing

/// The Kubernetes reader behind a URL: the pages a list is pulled in become one document that
/// imports exactly as the file does.
@Suite("Kubernetes lists over HTTP", .serialized)
struct KubernetesURLTests {
    @Test("kubectl's List served over HTTP imports as the file does (one cluster named by --cluster)", arguments: [
        "k8s-kubectl-list.json", "k8s-eks-nodelist.json",
    ])
    func sameAsFile(file: String) async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fromFile = dir.appendingPathComponent("file.db").path, fromURL = dir.appendingPathComponent("url.db").path
        let a = try await IPAuditRunner.run(["import", "--store", fromFile, "--source", "k8s", "--cluster", "prod",
                                             URLSourceCLITests.fixture(file)])
        let b = try await IPAuditRunner.run(["import", "--store", fromURL, "--source", "k8s", "--cluster", "prod",
                                             server.url("/fixture/\(file)")])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(b.status == 0, "\(b.stderr)")
        let rows = try URLSourceCLITests.rows(fromFile)
        #expect(rows.count > 3)
        #expect(try URLSourceCLITests.rows(fromURL) == rows)
    }

    @Test("A PodList pulled page by page (continue) is read whole, named after the API host")
    func pagedPods() async throws {
        let server = try InventoryHTTPServer()
        let dir = try IPAuditRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        // The server holds 7 pods and hands out at most 3 per page.
        let run = try await IPAuditRunner.run(["import", "--store", store, server.url("/k8s/api/v1/pods")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("only its"), "a page note means the pages were not merged: \(run.stderr)")
        let addresses = try URLSourceCLITests.column("address", store).sorted()
        #expect(addresses == (1...7).map { "10.244.0.\($0)" }.sorted())
        // The pods' routing domain is their cluster, named after the host when no --cluster is given.
        #expect(try URLSourceCLITests.column("network", store) == ["127.0.0.1"])
    }
}
