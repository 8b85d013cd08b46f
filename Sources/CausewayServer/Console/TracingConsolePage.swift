import CausewayCore
import CausewayStore
import Foundation

/// `/console/tracing`: the tracer's cases, newest first, with how far each has come (code
/// issued, used, encounters received), and the form that opens a case and issues its first
/// upload code. After the form, the same page shows the code once, large, to read out.
struct TracingConsolePage {
    struct Case {
        var href: String
        var reference: String
        var openedBy: String
        var opened: String
    }

    struct IssuedCode {
        var code: String
        /// The code with a space in the middle, as it is read out.
        var spoken: String
        var reference: String
        var caseHref: String
        var expires: String
    }

    var chrome: PageChrome
    var cases: [Case]
    var issued: IssuedCode?
    var reference: String
    var error: String?

    init(chrome: PageChrome, cases: [TracingCase], issued: IssuedCode? = nil, reference: String = "", error: String? = nil) {
        self.chrome = chrome
        self.cases = cases.map {
            Case(href: "/console/tracing/cases/\($0.id)", reference: $0.reference, openedBy: $0.openedBy, opened: PageText.dateTime($0.created))
        }
        self.issued = issued
        self.reference = reference
        self.error = error
    }

    static func issued(_ code: TracingService.IssuedCode, reference: String) -> IssuedCode {
        IssuedCode(code: code.code, spoken: code.code.prefix(3) + " " + code.code.suffix(3), reference: reference,
                   caseHref: "/console/tracing/cases/\(code.caseId)", expires: PageText.dateTime(code.expiresAt))
    }
}

/// `/console/tracing/cases/{case}` (and its contact list): the case's codes and uploads, what
/// of each upload was not used and why, and — once the tracer states a purpose, which the log
/// records — the contact list, close contacts first.
struct CaseConsolePage {
    struct Code {
        var issuedBy: String
        var issued: String
        var expires: String
        var state: String
    }

    struct Upload {
        var received: String
        var summary: String
        var notUsed: String?
    }

    struct Contact {
        var phone: String
        var kind: String
        var first: String
        var last: String
        var minutes: String
        var closeMinutes: String
        var nearest: String
        var reason: String
    }

    var chrome: PageChrome
    var id: String
    var reference: String
    var opened: String
    var codes: [Code]
    var uploads: [Upload]
    var purpose: String
    var purposeError: String?
    var listed: Bool
    var contacts: [Contact]
    var csvHref: String?
    var code: TracingConsolePage.IssuedCode?

    init(chrome: PageChrome, tracingCase: TracingCase, codes: [(issuedBy: String, created: Date, expires: Date, used: Date?)],
         uploads: [CaseUpload], now: Date, purpose: String = "", purposeError: String? = nil, list: TracingService.ContactList? = nil,
         code: TracingConsolePage.IssuedCode? = nil) {
        self.chrome = chrome
        id = tracingCase.id
        reference = tracingCase.reference
        opened = PageText.dateTime(tracingCase.created) + " by " + tracingCase.openedBy
        self.codes = codes.map { code in
            let state = code.used.map { "used " + PageText.dateTime($0) } ?? (code.expires > now ? "waiting" : "expired unused")
            return Code(issuedBy: code.issuedBy, issued: PageText.dateTime(code.created), expires: PageText.dateTime(code.expires), state: state)
        }
        self.uploads = uploads.map { upload in
            guard let received = upload.received, let outcome = upload.outcome else {
                return Upload(received: "waiting (token valid until \(PageText.dateTime(upload.tokenExpires)))", summary: "—", notUsed: nil)
            }
            let notUsed = outcome.issues.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.explanation)" }.joined(separator: "; ")
            return Upload(received: PageText.dateTime(received), summary: "\(PageText.plural(outcome.received, "encounter")), \(outcome.used) used",
                          notUsed: notUsed.isEmpty ? nil : notUsed)
        }
        self.purpose = purpose
        self.purposeError = purposeError
        listed = list != nil
        contacts = (list?.contacts ?? []).map { contact in
            Contact(phone: contact.phoneNumber ?? "registration deleted", kind: contact.class.rawValue, first: PageText.dateTime(contact.firstExposure),
                    last: PageText.dateTime(contact.lastExposure), minutes: String(format: "%.0f", contact.minutes),
                    closeMinutes: String(format: "%.0f", contact.closeMinutes), nearest: String(format: "%.1f m", contact.nearestMeters),
                    reason: contact.reason)
        }
        csvHref = list == nil ? nil : QueryString([("purpose", purpose)]).url("/console/tracing/cases/\(tracingCase.id)/contacts.csv")
        self.code = code
    }
}
