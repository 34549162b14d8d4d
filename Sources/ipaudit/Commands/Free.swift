import ArgumentParser

// Placeholder until the feature lands; replaced by its owner.
struct Free: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("'Free' is not implemented yet") }
}
