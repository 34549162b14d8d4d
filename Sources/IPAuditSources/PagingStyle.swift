import Foundation

/// How an API splits a long answer, told by the path before the first request (to ask for big
/// pages) and by the answer itself (to follow it).
enum PagingStyle: Equatable {
    /// `{count, next, previous, results}`: follow `next`.
    case netbox
    /// `{kind, metadata: {continue}, items}`: ask again with `continue=`.
    case kubernetes
    case none

    /// NetBox apps live under `/api/<app>/`; Kubernetes under `/api/v1/` and `/apis/`. A proxy
    /// prefix (DC/OS Admin Router, an ingress path) before them is allowed.
    static func expected(forPath path: String) -> PagingStyle {
        let netboxApps = ["/api/ipam/", "/api/dcim/", "/api/virtualization/", "/api/tenancy/", "/api/extras/", "/api/circuits/"]
        if netboxApps.contains(where: { path.contains($0) }) { return .netbox }
        if path.contains("/api/v1/") || path.contains("/apis/") { return .kubernetes }
        return .none
    }

    /// The page size asked for when the URL names none: NetBox's default MAX_PAGE_SIZE, and
    /// the chunk size kubectl uses.
    var pageSize: Int? {
        switch self {
        case .netbox: return 1000
        case .kubernetes: return 500
        case .none: return nil
        }
    }

    /// What the answer says about itself.
    static func of(_ object: [String: Any]) -> PagingStyle {
        if object["results"] is [Any], object.keys.contains("next"), object.keys.contains("count") { return .netbox }
        if object["items"] is [Any], object["metadata"] is [String: Any] { return .kubernetes }
        return .none
    }
}
