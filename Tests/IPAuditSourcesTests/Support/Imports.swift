// The shared test support (built binary, repository, processes, requirements) in every file
// of this target, as if each imported it.
@_exported import IPAuditTestSupport
