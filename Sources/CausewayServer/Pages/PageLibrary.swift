import Foundation
import Mustache

/// Every page template, parsed once at start: the portal's and the console's HTML comes from
/// the Mustache files under `Resources/Templates`, compiled into the binary so that a node
/// stays one file to deploy.
///
/// Invariant: every template parses (a broken template stops the node at start, not a page at
/// request time), and every `.mustache` file in the folder is listed in ``sources`` (a test
/// holds the list to the folder). Immutable after `init`, so it is shared freely across tasks.
struct PageLibrary: Sendable {
    private let library: MustacheLibrary

    /// The templates by name, as `{{> name}}` and `{{< name}}` refer to them.
    static let sources: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache,
        "problem": PackageResources.problem_mustache,
        "home": PackageResources.home_mustache,
        "datasets": PackageResources.datasets_mustache,
        "dataset": PackageResources.dataset_mustache,
        "agencies": PackageResources.agencies_mustache,
        "agency": PackageResources.agency_mustache,
        "registries": PackageResources.registries_mustache,
        "registry": PackageResources.registry_mustache,
        "transparency": PackageResources.transparency_mustache,
        "api": PackageResources.api_mustache,
        "bar_chart": PackageResources.bar_chart_mustache,
        "dataset_item": PackageResources.dataset_item_mustache,
        "form_field": PackageResources.form_field_mustache,
        "error_summary": PackageResources.error_summary_mustache,
        "dataset_fields": PackageResources.dataset_fields_mustache,
        "console_sign_in": PackageResources.console_sign_in_mustache,
        "console_inbox": PackageResources.console_inbox_mustache,
        "console_agreements": PackageResources.console_agreements_mustache,
        "console_agreement": PackageResources.console_agreement_mustache,
        "console_agreement_form": PackageResources.console_agreement_form_mustache,
        "console_datasets": PackageResources.console_datasets_mustache,
        "console_dataset": PackageResources.console_dataset_mustache,
        "console_dataset_form": PackageResources.console_dataset_form_mustache,
        "console_upload": PackageResources.console_upload_mustache,
        "console_systems": PackageResources.console_systems_mustache,
        "console_secret": PackageResources.console_secret_mustache,
        "console_traffic": PackageResources.console_traffic_mustache,
        "console_traffic_entries": PackageResources.console_traffic_entries_mustache,
        "console_operator": PackageResources.console_operator_mustache,
        "console_registries": PackageResources.console_registries_mustache,
        "console_report": PackageResources.console_report_mustache,
        "console_tracing": PackageResources.console_tracing_mustache,
        "console_privacy": PackageResources.console_privacy_mustache,
        "console_linkage": PackageResources.console_linkage_mustache,
        "console_linkage_project": PackageResources.console_linkage_project_mustache,
        "console_case": PackageResources.console_case_mustache,
    ]

    init() throws {
        var library = MustacheLibrary()
        for (name, bytes) in Self.sources {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                throw TemplateError(name: name, underlying: "\(error)")
            }
        }
        self.library = library
    }

    /// The page `name` filled from `view` (a value whose stored properties the template names).
    func render(_ name: String, _ view: Any) -> String {
        library.render(view, withTemplate: name) ?? "<!doctype html><title>Missing page template \(name)</title>"
    }

    struct TemplateError: Error, CustomStringConvertible {
        var name: String
        var underlying: String
        var description: String { "page template '\(name)' does not parse: \(underlying)" }
    }
}
