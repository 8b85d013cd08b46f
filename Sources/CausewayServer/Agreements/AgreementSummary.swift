import CausewayCore
import CausewayStore
import Foundation

/// An agreement in words, for the legal file: the same sections as Markdown (the default,
/// easy to diff and paste) or as a standalone HTML page (to print or archive).
struct AgreementSummary {
    let agreement: Agreement
    let providerName: String
    let consumerName: String
    let targetTitle: String
    let now: Date

    /// The summary with the parties' and the data's names as the catalogue has them now.
    init(_ agreement: Agreement, snapshot: CatalogSnapshot, now: Date) {
        self.agreement = agreement
        providerName = snapshot.agency(agreement.provider)?.name ?? agreement.provider
        consumerName = snapshot.agency(agreement.consumer)?.name ?? agreement.consumer
        targetTitle = snapshot.dataset(idOrName: agreement.target.identifier)?.title ?? agreement.target.identifier
        self.now = now
    }

    typealias Section = (heading: String, lines: [(label: String, value: String)])

    var sections: [Section] {
        let terms = agreement.terms
        let state = agreement.state(at: now)
        var decided: [(String, String)] = agreement.status.approvalsGiven.map {
            ("Approved as \($0.capacity == .dpo ? "data protection officer" : "data steward")", "\($0.username), \(Self.day($0.at))")
        }
        if let decision = agreement.status.decision {
            decided.append(("\(state.rawValue.capitalized) by", "\(decision.username), \(Self.day(decision.at)): \(decision.reason)"))
        }
        return [
            ("Parties", [
                ("Provider", "\(providerName) (\(agreement.provider))"),
                ("Consumer", "\(consumerName) (\(agreement.consumer)), systems: \(agreement.systems.joined(separator: ", "))"),
                ("Data", "\(agreement.target.kind) \(targetTitle) (\(agreement.target.identifier))"),
            ]),
            ("Purpose and legal basis", [
                ("Purpose", "\(terms.purpose.description) (code `\(terms.purpose.code)`)"),
                ("Legal basis", "\(terms.legalBasis.ground.label): \(terms.legalBasis.citation)"),
                ("Personal data", agreement.personalData ? "yes: a data protection officer must approve" : "no"),
            ]),
            ("Terms", [
                ("Fields", terms.fields.joined(separator: ", ")),
                ("Methods", terms.methods.joined(separator: ", ")),
                ("Valid", "from \(Self.day(terms.validFrom)) until \(Self.day(terms.validUntil))"),
                ("Quota", "\(terms.quota.perMinute) calls per minute, \(terms.quota.perDay) per day"),
                ("Retention", "received data is deleted within \(terms.retentionDays) days"),
                ("Onward sharing", terms.onwardSharing ? "allowed" : "not allowed"),
                ("Whole responses", terms.allowsWholeResponses ? "allowed: answers that are not JSON pass unreduced" : "no: only JSON, reduced to the fields"),
            ]),
            ("Status", [("State", state.rawValue), ("Drafted by", "\(agreement.drafter), \(Self.day(agreement.createdAt))")]
                + decided + (agreement.renewalOf.map { [("Renews", $0)] } ?? [])),
            ("Timeline", agreement.timeline(at: now).map { event in
                (Self.day(event.at), "\(event.kind.rawValue)\(event.actor.map { " by \($0)" } ?? "")\(event.reason.map { ": \($0)" } ?? "")")
            }),
        ]
    }

    /// Markdown with the agreement's own text (title, purpose, reasons) HTML-escaped: Markdown
    /// passes raw HTML through, so a `<script>` in a purpose would run in whatever renders it.
    var markdown: String {
        var text = "# \(Self.escapeMarkdownHTML(agreement.title))\n\nData sharing agreement `\(agreement.id)`.\n"
        for section in sections {
            text += "\n## \(section.heading)\n\n"
            for line in section.lines { text += "- **\(Self.escapeMarkdownHTML(line.label)):** \(Self.escapeMarkdownHTML(line.value))\n" }
        }
        return text
    }

    /// `&`, `<` and `>` as entities: enough that no tag or entity of the author's survives, and
    /// the text still reads plainly in a terminal.
    static func escapeMarkdownHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    var html: String {
        var body = "<h1>\(Self.escape(agreement.title))</h1>\n<p>Data sharing agreement <code>\(Self.escape(agreement.id))</code>.</p>\n"
        for section in sections {
            body += "<h2>\(Self.escape(section.heading))</h2>\n<dl>\n"
            for line in section.lines {
                body += "<dt>\(Self.escape(line.label))</dt><dd>\(Self.escape(line.value.replacingOccurrences(of: "`", with: "")))</dd>\n"
            }
            body += "</dl>\n"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(agreement.title))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .5rem 0}</style>
            </head><body>
            \(body)</body></html>

            """
    }

    static func day(_ date: Date) -> String { Timestamp.string(date) }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
