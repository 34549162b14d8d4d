import ArgumentParser

// Placeholder until the feature lands; replaced by its owner.
struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("'Release' is not implemented yet") }
}
