import CausewayCore
import Foundation

/// `/console/linkage`: the projects a person's agencies take part in, and, for the stewards
/// and admins of an agency that provides active linkage agreements, the form that starts a
/// project (each agreement chosen invites its partner).
struct LinkageConsolePage {
    /// What the form was sent with, to show it again beside its errors.
    struct Values: Sendable {
        var title = ""
        var threshold = "0.8"
        var solver = "greedy"
        var grant = "links"
        var schema = ""
        var agreements: [String] = []
        var balanced = false

        init() {}

        init(_ form: ConsoleForm) {
            title = form.value("title") ?? ""
            threshold = form.value("threshold") ?? ""
            solver = form.value("solver") ?? "greedy"
            grant = form.value("grant") ?? "links"
            schema = form.values["schema"]?.last ?? ""
            agreements = form.all("agreement")
            balanced = form.value("balanced") == "yes"
        }
    }

    struct Row {
        var title: String
        var href: String
        var state: String
        var parties: String
        var waiting: String
    }

    struct Choice {
        var value: String
        var label: String
        var checked: Bool
    }

    var chrome: PageChrome
    var projects: [Row]
    var agreements: [Choice]
    var canStart: Bool
    var values: Values
    var errors: [String]
    var solvers: [Choice]
    var grants: [Choice]

    init(chrome: PageChrome, projects: [LinkageProject], startable: [Agreement], values: Values, errors: [String]) {
        self.chrome = chrome
        self.projects = projects.map { project in
            Row(title: project.title, href: "/console/linkage/\(project.id)", state: LinkageProjectPage.stateText(project.state),
                parties: project.parties.joined(separator: ", "),
                waiting: project.state == .collecting ? project.waitingFor.joined(separator: ", ") : "")
        }
        agreements = startable.map { agreement in
            Choice(value: agreement.id, label: "\(agreement.target.identifier): with \(agreement.consumer), under \(agreement.id) (until \(PageText.date(agreement.terms.validUntil)))",
                   checked: values.agreements.contains(agreement.id))
        }
        canStart = !startable.isEmpty
        self.values = values
        self.errors = errors
        solvers = [Choice(value: "greedy", label: "One to one: each record in at most one link (anonlink's greedy solver)", checked: values.solver != "all"),
                   Choice(value: "all", label: "Every pair at or above the threshold", checked: values.solver == "all")]
        grants = [Choice(value: "links", label: "Their rows against link identifiers", checked: values.grant != "scores"),
                  Choice(value: "scores", label: "The same, with each link's similarity", checked: values.grant == "scores")]
    }
}
