import Foundation

extension AuditEvent {
    /// A step of a linkage project, for the log: under the project's subject and every
    /// party's name, with the project and the linkage it runs in the details. Never a row,
    /// an encoding or a link identifier: counts only.
    public static func linkage(_ kind: String, _ project: LinkageProject, actor: String?, at now: Date,
                               details: [String: String] = [:]) -> AuditEvent {
        var all = details
        all["project"] = project.id
        all["linkage"] = project.name
        return AuditEvent(kind: kind, at: now, actor: actor, subject: "linkage/\(project.id)", agencies: project.parties, details: all)
    }
}
