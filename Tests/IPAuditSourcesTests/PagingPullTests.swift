import Foundation
import IPAuditKit
import Testing
@testable import IPAuditSources

/// Pages fetched from the test server and merged; the server pages NetBox by 2 and Kubernetes by 3.
@Suite("Paging: NetBox next, Kubernetes continue, merged into one document")
struct PagingPullTests {
    static func object(_ document: PulledDocument) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(document.bytes)) as? [String: Any])
    }

    static func query(_ request: [String: Any]) -> [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: "?" + (request["query"] as? String ?? ""))?.queryItems ?? [] { items[item.name] = item.value }
        return items
    }

    @Test("NetBox: limit=1000 asked, next followed over five pages, results merged in order")
    func netboxPages() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(
            try SourceURL(server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")), settings: HTTPSourceSettings())
        let fixture = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: InventoryHTTPServer.fixtures.appendingPathComponent("netbox-api-ip-addresses.json"))) as? [String: Any])
        let expected = try #require(fixture["results"] as? [[String: Any]]).map { $0["id"] as? Int }
        let merged = try Self.object(document)
        #expect(document.pages == 5)
        #expect(try #require(merged["results"] as? [[String: Any]]).map { $0["id"] as? Int } == expected)
        #expect(merged["next"] is NSNull)
        #expect(merged["count"] as? Int == expected.count)
        let requests = try server.requests()
        #expect(requests.count == 5)
        #expect(Self.query(requests[0])["limit"] == "1000")
        #expect(requests.dropFirst().map { Self.query($0)["offset"] } == ["2", "4", "6", "8"])
    }

    @Test("NetBox behind a proxy: a 'next' naming an inner host is asked of the origin the user named")
    func netboxProxiedNext() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(
            try SourceURL(server.url("/netbox-proxied/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")), settings: HTTPSourceSettings())
        #expect(document.pages == 5)
        #expect(try server.requests().allSatisfy { ($0["host"] as? String) == "127.0.0.1:\(server.port)" })
    }

    @Test("NetBox: an object added during the pull shifts the offsets; the object seen twice is kept once, with a note")
    func netboxShiftedOffsets() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(
            try SourceURL(server.url("/netbox-shift/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")), settings: HTTPSourceSettings())
        let fixture = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: InventoryHTTPServer.fixtures.appendingPathComponent("netbox-api-ip-addresses.json"))) as? [String: Any])
        let expected = try #require(fixture["results"] as? [[String: Any]]).map { $0["id"] as? Int }
        let ids = try #require(try Self.object(document)["results"] as? [[String: Any]]).map { $0["id"] as? Int }
        #expect(ids == expected)  // each once, in order; the added object came after the offsets passed it
        #expect(document.notes.contains { $0.hasPrefix("1 object came on two pages") })
    }

    @Test("NetBox: a 'next' more than 4 kB into the page (keys reordered by a proxy) is still followed")
    func netboxLateNext() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(
            try SourceURL(server.url("/netbox-late/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")), settings: HTTPSourceSettings())
        #expect(document.pages == 5)
        #expect(try #require(try Self.object(document)["results"] as? [Any]).count == 9)
    }

    @Test("NetBox behind a proxy prefix: a 'next' without the prefix is asked on the path the user named")
    func netboxPrefixKept() async throws {
        let server = try InventoryHTTPServer()
        let path = "/netbox-unprefixed/netbox-api-ip-addresses.json/api/ipam/ip-addresses/"
        let document = try await InventoryPuller.pull(try SourceURL(server.url(path)), settings: HTTPSourceSettings())
        #expect(document.pages == 5)
        #expect(try #require(try Self.object(document)["results"] as? [Any]).count == 9)
        #expect(try server.requests().allSatisfy { $0["path"] as? String == path })
    }

    @Test("A URL that names its page size keeps it")
    func keepsGivenLimit() async throws {
        let server = try InventoryHTTPServer()
        _ = try await InventoryPuller.pull(
            try SourceURL(server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/?limit=4")), settings: HTTPSourceSettings())
        let requests = try server.requests()
        #expect(requests.map { Self.query($0)["limit"] } == ["4", "2", "2", "2", "2"])  // the server caps at 2
    }

    @Test("Kubernetes: limit=500, continue followed, items merged, continue and remainingItemCount dropped")
    func kubernetesPages() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(try SourceURL(server.url("/k8s/api/v1/pods")), settings: HTTPSourceSettings())
        let merged = try Self.object(document)
        let items = try #require(merged["items"] as? [[String: Any]])
        #expect(items.map { ($0["metadata"] as? [String: Any])?["name"] as? String } == (0..<7).map { "pod-\($0)" })
        let metadata = try #require(merged["metadata"] as? [String: Any])
        #expect(metadata["continue"] == nil)
        #expect(metadata["remainingItemCount"] == nil)
        #expect(metadata["resourceVersion"] as? String == "4711")
        #expect(merged["kind"] as? String == "PodList")
        #expect(document.pages == 3)
        let queries = try server.requests().map(Self.query)
        #expect(queries.map { $0["limit"] } == ["500", "500", "500"])
        #expect(queries.map { $0["continue"] } == [nil, "o=3", "o=6"])
    }

    @Test("Kubernetes: 410 Gone on a continue restarts the list once, without duplicates")
    func kubernetesExpiredOnce() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(try SourceURL(server.url("/k8s-expire/api/v1/pods")), settings: HTTPSourceSettings())
        let items = try #require(try Self.object(document)["items"] as? [[String: Any]])
        #expect(items.count == 7)
        #expect(Set(items.map { ($0["metadata"] as? [String: Any])?["name"] as? String }).count == 7)
        #expect(document.notes.contains { $0.contains("410 Gone") })
        #expect(try server.requests().map { Self.query($0)["continue"] } == [nil, "o=3", nil, "o=3", "o=6"])
    }

    @Test("Kubernetes: a list that expires again fails with 410 and the API's message")
    func kubernetesExpiredTwice() async throws {
        let server = try InventoryHTTPServer()
        let error = try await #require(throws: HTTPSourceError.self) {
            try await InventoryPuller.pull(try SourceURL(server.url("/k8s-expire-always/api/v1/pods")), settings: HTTPSourceSettings())
        }
        #expect(error.status == 410)
        #expect(error.description.hasPrefix("HTTP 410 from \(server.url("/k8s-expire-always/api/v1/pods")): The provided continue parameter is too old"))
    }

    @Test("NetBox: an empty page that names a next page is refused, not followed for ever")
    func netboxLoop() async throws {
        let server = try InventoryHTTPServer()
        let error = try await #require(throws: HTTPSourceError.self) {
            try await InventoryPuller.pull(try SourceURL(server.url("/netbox-loop/api/ipam/ip-addresses/")), settings: HTTPSourceSettings())
        }
        #expect(error.description == "\(server.url("/netbox-loop/api/ipam/ip-addresses/")): page 2 is empty but names a next page: the paging loops")
        #expect(try server.requests().count == 2)
    }

    @Test("One page is handed on byte for byte")
    func singlePageUntouched() async throws {
        let server = try InventoryHTTPServer()
        let document = try await InventoryPuller.pull(try SourceURL(server.url("/fixture/mesos-state.json")), settings: HTTPSourceSettings())
        #expect(document.bytes == Array(try Data(contentsOf: InventoryHTTPServer.fixtures.appendingPathComponent("mesos-state.json"))))
        #expect(document.pages == 1)
    }

    @Test("The pages together are held to the size cap")
    func pagesCapped() async throws {
        let server = try InventoryHTTPServer()
        var settings = HTTPSourceSettings()
        settings.sizeLimit = 2500  // one page fits, five do not
        let error = try await #require(throws: InputError.self) {
            try await InventoryPuller.pull(try SourceURL(server.url("/netbox/netbox-api-ip-addresses.json/api/ipam/ip-addresses/")),
                                           settings: settings)
        }
        #expect(error.description.contains("larger than the input limit of 2500 bytes"))
    }
}
