import Foundation
import IPAuditKit
import Testing
@testable import IPAuditSources

@Suite("Source URLs: names without credentials or query")
struct SourceURLTests {
    @Test("The name drops user info, query and fragment", arguments: [
        ("https://netbox.example:8443/api/ipam/ip-addresses/?limit=5&token=abc#x", "https://netbox.example:8443/api/ipam/ip-addresses/"),
        ("HTTP://u:pw@mesos-1:5050/master/state", "http://mesos-1:5050/master/state"),
        ("http://[fd00::1]:8080/v2/apps?embed=apps.tasks", "http://[fd00::1]:8080/v2/apps"),
        ("https://a@b@host/x", "https://host/x"),
    ])
    func displayName(url: String, name: String) {
        #expect(SourceURL.displayName(url) == name)
    }

    @Test("Only http:// and https:// are URLs; a file name is not")
    func recognises() {
        #expect(SourceURL.isURL("https://x/y"))
        #expect(SourceURL.isURL("HTTP://x/y"))
        #expect(!SourceURL.isURL("http.csv"))
        #expect(!SourceURL.isURL("ftp://x/y"))
        #expect(!SourceURL.isURL("-"))
    }

    @Test("Credentials in a URL are refused without being shown")
    func refusesCredentials() throws {
        let error = try #require(throws: InputError.self) { try SourceURL("https://admin:hunter2pw@netbox/api/ipam/prefixes/") }
        #expect(!error.description.contains("hunter2pw"))
        #expect(!error.description.contains("admin"))
        #expect(error.description.contains("https://netbox/api/ipam/prefixes/"))
        #expect(error.description.contains("--header-file"))
    }

    @Test("A URL without a host is refused")
    func refusesHostless() {
        #expect(throws: InputError.self) { try SourceURL("http:///master/state") }
    }

    @Test("Setting a query value replaces it and encodes a continue token whole")
    func settingQuery() throws {
        let url = try SourceURL("http://k8s:6443/api/v1/pods?limit=10&watch=0")
        let next = url.setting("limit", to: "500").setting("continue", to: "eyJ2Ijoi+/=")
        let items = URLComponents(url: next.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(items.first(where: { $0.name == "limit" })?.value == "500")
        #expect(items.filter { $0.name == "limit" }.count == 1)
        #expect(items.first(where: { $0.name == "watch" })?.value == "0")
        #expect(next.url.absoluteString.contains("continue=eyJ2Ijoi%2B%2F%3D"))
        #expect(next.name == "http://k8s:6443/api/v1/pods")
    }

    @Test("Setting a query value keeps the rest of the query as written ('+', %2F, a bare flag)")
    func settingKeepsQuery() throws {
        let url = try SourceURL("https://netbox/api/ipam/ip-addresses/?q=web+01&tag=a%2Fb&brief&limit=5")
        let next = url.setting("limit", to: "1000")
        #expect(URLComponents(url: next.url, resolvingAgainstBaseURL: false)?.percentEncodedQuery == "q=web+01&tag=a%2Fb&brief&limit=1000")
    }

    @Test("Headers follow a redirect on the same origin, or from http to https on one host; nowhere else")
    func headerOrigin() throws {
        let named = try SourceURL("http://netbox.example/api/ipam/prefixes/")
        #expect(named.mayReceiveHeaders(URL(string: "http://NETBOX.example:80/other")!))
        #expect(named.mayReceiveHeaders(URL(string: "https://netbox.example/api/ipam/prefixes/")!))
        #expect(!named.mayReceiveHeaders(URL(string: "https://netbox.example:8443/api/")!))
        #expect(!named.mayReceiveHeaders(URL(string: "http://netbox.example:8080/api/")!))
        #expect(!named.mayReceiveHeaders(URL(string: "http://evil.example/api/ipam/prefixes/")!))
        let secure = try SourceURL("https://master-1:5050/master/state")
        #expect(!secure.mayReceiveHeaders(URL(string: "http://master-1:5050/master/state")!))  // never down to http
        #expect(!secure.mayReceiveHeaders(URL(string: "https://master-2:5050/master/state")!))
    }

    @Test("Paging is expected from the path, behind a proxy prefix too")
    func pagingFromPath() {
        #expect(PagingStyle.expected(forPath: "/api/ipam/ip-addresses/") == .netbox)
        #expect(PagingStyle.expected(forPath: "/netbox/api/ipam/prefixes/") == .netbox)
        #expect(PagingStyle.expected(forPath: "/api/v1/pods") == .kubernetes)
        #expect(PagingStyle.expected(forPath: "/apis/apps/v1/deployments") == .kubernetes)
        #expect(PagingStyle.expected(forPath: "/master/state") == .none)
        #expect(PagingStyle.expected(forPath: "/api/v1") == .none)  // Mesos operator API
        #expect(PagingStyle.expected(forPath: "/service/marathon/v2/apps") == .none)
    }
}
