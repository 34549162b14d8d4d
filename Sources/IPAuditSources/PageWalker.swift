import Foundation
import IPAuditKit

/// Fetches a URL and, when the answer is one page of many, the pages after it, merged into one
/// document: NetBox's `results` (following `next`), Kubernetes' `items` (following
/// `metadata.continue`, restarting once when the list expires with 410 Gone).
struct PageWalker {
    let fetcher: HTTPFetcher
    let source: SourceURL
    let settings: HTTPSourceSettings
    let progress: (@Sendable (PullProgress) -> Void)?
    private let started = ContinuousClock.now
    /// --timeout: every page, redirect, attempt and wait of this one URL ends by then.
    private let deadline: ContinuousClock.Instant

    init(fetcher: HTTPFetcher, source: SourceURL, settings: HTTPSourceSettings, progress: (@Sendable (PullProgress) -> Void)?) {
        self.fetcher = fetcher
        self.source = source
        self.settings = settings
        self.progress = progress
        deadline = started.advanced(by: settings.timeout)
    }

    func run() async throws -> PulledDocument {
        let first = firstPageURL()
        let body = try await fetcher.get(first, limit: settings.sizeLimit, deadline: deadline)
        // A paging API's answer is always parsed (a reformatting proxy may put `next` late);
        // elsewhere a look at the start spares a big Mesos state a second parse.
        let pagingAPI = PagingStyle.expected(forPath: source.url.path) != .none
        guard pagingAPI || Self.mayBePaged(body.bytes), let object = Self.jsonObject(body.bytes) else {
            return PulledDocument(name: source.name, bytes: body.bytes, pages: 1, notes: [])
        }
        switch PagingStyle.of(object) {
        case .netbox where Self.nextLink(object) != nil:
            return try await followNetBox(object, bytes: body.bytes.count)
        case .kubernetes where Self.continueToken(object) != nil:
            return try await followKubernetes(object, first: first, bytes: body.bytes.count)
        default:
            // One page: handed on byte for byte, exactly as the same answer saved to a file.
            return PulledDocument(name: source.name, bytes: body.bytes, pages: 1, notes: [])
        }
    }

    /// Big pages when the URL asks for no size: fewer round trips.
    func firstPageURL() -> SourceURL {
        let style = PagingStyle.expected(forPath: source.url.path)
        guard let size = style.pageSize, source.queryValue("limit") == nil else { return source }
        return source.setting("limit", to: String(size))
    }

    private func followNetBox(_ firstPage: [String: Any], bytes firstBytes: Int) async throws -> PulledDocument {
        var results: [Any] = []
        // Offset paging shifts when an object is added or deleted during the pull: one object
        // then shows on two pages (a false duplicate address if kept twice), so ids are kept once.
        var ids = Set<String>()
        var repeats = 0
        func keep(_ page: [Any]) {
            for object in page {
                if let id = ((object as? [String: Any])?["id"]).map({ "\($0)" }), !ids.insert(id).inserted {
                    repeats += 1
                    continue
                }
                results.append(object)
            }
        }
        keep(firstPage["results"] as? [Any] ?? [])
        var next = Self.nextLink(firstPage)
        var seen = Set<String>()
        var pages = 1
        var bytes = firstBytes
        while let link = next {
            // The link's query on the origin and path the user named: a NetBox behind a proxy
            // often writes http:// or an inner host name into `next`, and the token goes only
            // where the user sent it.
            let page = try nextPage(link)
            guard seen.insert(page.url.absoluteString).inserted else {
                throw HTTPSourceError(url: source.name, "NetBox's 'next' link repeats at page \(pages + 1): the paging loops")
            }
            let body = try await fetcher.get(page, limit: try remaining(after: bytes), deadline: deadline)
            guard let object = Self.jsonObject(body.bytes), let more = object["results"] as? [Any] else {
                throw HTTPSourceError(url: page.name, "page \(pages + 1) is not a NetBox page (no 'results' list)")
            }
            next = Self.nextLink(object)
            // An empty page that names another would lead on forever, a few bytes at a time.
            if more.isEmpty && next != nil {
                throw HTTPSourceError(url: page.name, "page \(pages + 1) is empty but names a next page: the paging loops")
            }
            keep(more)
            pages += 1
            bytes += body.bytes.count
            report(pages: pages, records: results.count, bytes: bytes)
        }
        var notes: [String] = []
        if repeats > 0 {
            notes.append("\(repeats) object\(repeats == 1 ? "" : "s") came on two pages (NetBox's list changed during the pull, shifting its offsets): kept once by id; one may have been skipped, pull again to be sure")
        }
        if let counted = (firstPage["count"] as? NSNumber)?.intValue, counted != results.count {
            notes.append("NetBox counted \(counted) objects at the first page but the \(pages) pages held \(results.count): the data changed during the pull")
        }
        var merged = firstPage
        merged["results"] = results
        merged["count"] = results.count
        merged["next"] = NSNull()
        merged["previous"] = NSNull()
        return PulledDocument(name: source.name, bytes: try Self.serialize(merged, name: source.name), pages: pages, notes: notes)
    }

    private func followKubernetes(_ firstPage: [String: Any], first: SourceURL, bytes firstBytes: Int) async throws -> PulledDocument {
        var list = firstPage
        var items = firstPage["items"] as? [Any] ?? []
        var token = Self.continueToken(firstPage)
        var pages = 1
        var bytes = firstBytes
        var restarted = false
        var notes: [String] = []
        while let current = token {
            // Kubernetes may answer a filtered list with empty pages; a bound keeps a server that
            // never ends the list from holding the pull for ever.
            guard pages < Self.maxPages else {
                throw HTTPSourceError(url: source.name, "more than \(Self.maxPages) pages: the list does not end")
            }
            let page = first.setting("continue", to: current)
            let body: FetchedBody
            do {
                body = try await fetcher.get(page, limit: try remaining(after: bytes), deadline: deadline)
            } catch let gone as HTTPSourceError where gone.status == 410 {
                // The snapshot the token points into has expired: the list is read again from
                // the start, once; a second expiry means the API moves faster than we read.
                guard !restarted else {
                    throw HTTPSourceError(url: source.name, status: 410, gone.detail + " (the list expired twice during the pull)")
                }
                restarted = true
                notes.append("the list expired (410 Gone) at page \(pages + 1) and was read again from the start")
                let again = try await fetcher.get(first, limit: settings.sizeLimit, deadline: deadline)
                guard let object = Self.jsonObject(again.bytes), let fresh = object["items"] as? [Any] else {
                    throw HTTPSourceError(url: source.name, "the restarted list is not a Kubernetes list (no 'items')")
                }
                list = object
                items = fresh
                token = Self.continueToken(object)
                pages = 1
                bytes = again.bytes.count
                continue
            }
            guard let object = Self.jsonObject(body.bytes), let more = object["items"] as? [Any] else {
                throw HTTPSourceError(url: source.name, "page \(pages + 1) is not a Kubernetes list (no 'items')")
            }
            items += more
            token = Self.continueToken(object)
            pages += 1
            bytes += body.bytes.count
            report(pages: pages, records: items.count, bytes: bytes)
        }
        list["items"] = items
        if var metadata = list["metadata"] as? [String: Any] {
            metadata.removeValue(forKey: "continue")
            metadata.removeValue(forKey: "remainingItemCount")
            list["metadata"] = metadata
        }
        return PulledDocument(name: source.name, bytes: try Self.serialize(list, name: source.name), pages: pages, notes: notes)
    }

    private func nextPage(_ link: String) throws -> SourceURL {
        guard let target = URL(string: link, relativeTo: source.url)?.absoluteURL,
              var components = URLComponents(url: source.url, resolvingAgainstBaseURL: false),
              let linked = URLComponents(url: target, resolvingAgainstBaseURL: false)
        else {
            throw HTTPSourceError(url: source.name, "NetBox's 'next' link is not a URL")
        }
        // Only the query (limit, offset, the filters) is taken: NetBox behind a proxy prefix
        // (/netbox/api/...) writes `next` without the prefix, and the path the user named is
        // the one that reaches it.
        components.percentEncodedQuery = linked.percentEncodedQuery
        components.fragment = nil
        guard let url = components.url else { throw HTTPSourceError(url: source.name, "NetBox's 'next' link is not a URL") }
        return SourceURL(url: url)
    }

    /// What the cap leaves for the next page: the pages together count, as one file would.
    private func remaining(after bytes: Int) throws -> Int {
        guard bytes < settings.sizeLimit else { throw InputReader.tooLargeError(name: source.name, limit: settings.sizeLimit) }
        return settings.sizeLimit - bytes
    }

    private func report(pages: Int, records: Int, bytes: Int) {
        guard let progress else { return }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        progress(PullProgress(name: source.name, pages: pages, records: records, bytes: bytes, elapsed: seconds))
    }

    static let maxPages = 100_000

    static func nextLink(_ object: [String: Any]) -> String? {
        guard let link = object["next"] as? String, !link.isEmpty else { return nil }
        return link
    }

    static func continueToken(_ object: [String: Any]) -> String? {
        guard let metadata = object["metadata"] as? [String: Any], let token = metadata["continue"] as? String,
              !token.isEmpty else { return nil }
        return token
    }

    /// Paged answers say so at their start (`"next"` of NetBox, `"continue"` of Kubernetes):
    /// a big Mesos state is not parsed twice to learn that it is one page.
    static func mayBePaged(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return head.contains("\"next\"") || head.contains("\"continue\"")
    }

    static func jsonObject(_ bytes: [UInt8]) -> [String: Any]? {
        guard bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }

    static func serialize(_ object: [String: Any], name: String) throws -> [UInt8] {
        do {
            return Array(try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]))
        } catch {
            throw HTTPSourceError(url: name, "the merged pages could not be written as JSON: \(error)")
        }
    }
}
