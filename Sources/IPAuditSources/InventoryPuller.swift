import IPAuditKit

/// The one entry point: a URL in, the whole inventory document out (all pages), or an error
/// naming the URL, the status and the start of the answer.
public enum InventoryPuller {
    public static func pull(_ text: String, settings: HTTPSourceSettings,
                            progress: (@Sendable (PullProgress) -> Void)? = nil) throws -> PulledDocument {
        let source = try SourceURL(text)
        return try BlockingWait.run { try await pull(source, settings: settings, progress: progress) }
    }

    public static func pull(_ source: SourceURL, settings: HTTPSourceSettings,
                            progress: (@Sendable (PullProgress) -> Void)? = nil) async throws -> PulledDocument {
        let fetcher = try HTTPFetcher(settings: settings)
        do {
            let document = try await PageWalker(fetcher: fetcher, source: source, settings: settings, progress: progress).run()
            await fetcher.shutdown()
            return document
        } catch {
            await fetcher.shutdown()
            throw error
        }
    }
}
