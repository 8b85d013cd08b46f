import CausewayCore
import CausewayStore
import Foundation

/// `/console/registries/{r}/reports/{id}`: one error report beside the record as it is now,
/// and the owner's two answers: accept (correcting the record, prefilled with the proposed
/// values) or reject, each with the reason the reporter and the feed will see.
struct ReportReviewPage {
    struct Field {
        var name: String
        var inputID: String
        var current: String
        var proposed: String
        var error: String?
    }

    var chrome: PageChrome
    var action: String
    var registry: String
    var registryTitle: String
    var record: String
    var recordHref: String
    var reporter: String
    var note: String
    var opened: String
    var age: String
    var open: Bool
    var outcome: String?
    var fields: [Field]
    var summary: ErrorSummary?
    var resolutionError: String?

    init(chrome: PageChrome, report: ErrorReport, registry: CausewayCore.Registry, current: [String: CellValue]?, snapshot: CatalogSnapshot,
         errors: FormErrors = FormErrors(), now: Date) {
        self.chrome = chrome
        action = RegistryConsolePage.reportHref(report)
        self.registry = registry.code
        registryTitle = registry.title
        record = report.record
        recordHref = "/registries/\(registry.code)?id=\(report.record)"
        reporter = "\(snapshot.agency(report.reporterAgency)?.name ?? report.reporterAgency) (\(report.reporter))"
        note = report.note
        opened = PageText.dateTime(report.opened)
        age = PageText.duration(now.timeIntervalSince(report.opened))
        open = report.state == .open
        outcome = report.state == .open ? nil
            : "\(report.state == .accepted ? "Accepted" : "Rejected") by \(report.resolvedBy ?? "?") on \(report.resolved.map(PageText.dateTime) ?? "?"): \(report.resolution ?? "")"
        fields = report.proposed.keys.sorted().map { name in
            Field(name: name, inputID: "correction-\(name)", current: current?[name]?.plainText ?? "",
                  proposed: report.proposed[name]?.plainText ?? "", error: errors.message("correction-\(name)"))
        }
        summary = errors.isEmpty ? nil : ErrorSummary(errors)
        resolutionError = errors.message("resolution")
    }
}

extension ReportReviewPage {
    /// A refused answer's problems, each on its form field: `/correction/{field}` on that
    /// field's input, anything else on the reason.
    static func formErrors(_ problems: [Problem.FieldErrorBody], detail: String) -> FormErrors {
        var errors = FormErrors()
        for problem in problems.isEmpty ? [Problem.FieldErrorBody(pointer: "/resolution", detail: detail)] : problems {
            if problem.pointer.hasPrefix("/correction/") {
                let field = String(problem.pointer.dropFirst("/correction/".count))
                errors.add("correction-\(field)", "The corrected \(field) \(problem.detail).")
            } else {
                errors.add("resolution", "The reason \(problem.detail).")
            }
        }
        return errors
    }
}
