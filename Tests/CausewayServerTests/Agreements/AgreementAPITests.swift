import CausewayCore
import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import Testing

@Suite("Agreements API")
struct AgreementAPITests {
    /// A draft of the shielding agreement for the capital city, from the template.
    static let draft = #"""
        {"template":"public-health-emergency","provider":"health-ministry","consumer":"capital-city",
         "systems":["resident-services"],"dataset":"vulnerable-persons-register","fields":["person_id","address_id"],
         "purpose":{"code":"shielding-support","description":"Deliver food to shielding residents."}}
        """#

    func decision(_ node: TestNode, system: String = "resident-services", purpose: String = "shielding-support") -> PolicyDecision {
        node.node.policy.snapshot.decide(PolicyRequest(
            consumer: "capital-city", system: system, provider: "health-ministry", target: .dataset("vulnerable-persons-register"),
            purpose: purpose, method: "GET", at: Date()))
    }

    @Test(arguments: Database.Engine.allCases) func draftedApprovedByFourEyesEnforcedSuspendedResumedRevoked(engine: Database.Engine) async throws {
        let sink = RecordingAuditSink()
        try await TestNode.with(engine: engine, auditSink: sink) { node in
            let engineer = try await node.token("cc.engineer")
            let steward = try await node.token("hm.steward")
            let dpo = try await node.token("hm.dpo")

            let created = try await node.request(.post, "/api/v1/agreements", json: Self.draft, token: engineer)
            #expect(created.status == .created, "\(created.text)")
            let body = try created.json()
            let id = try #require(body["id"]?.stringValue)
            #expect(created.headers[.location] == "/api/v1/agreements/\(id)")
            #expect(body["state"]?.stringValue == "draft")
            #expect(body["personalData"]?.boolValue == true)
            #expect(body["quota"]?["perDay"]?.intValue == AgreementTemplate.builtIn[0].quota.perDay)
            #expect(body["legalBasis"]?["ground"]?.stringValue == "public-task")

            // Nothing is allowed before approval.
            #expect(decision(node).denial?.code == .agreementNone)
            try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: steward).expectProblem(.conflict, "agreement.transition")
            #expect(try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: engineer).json()["state"]?.stringValue == "submitted")

            let half = try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: steward).json()
            #expect(half["state"]?.stringValue == "submitted")
            #expect(half["awaiting"]?.arrayValue?.compactMap(\.stringValue) == ["dpo"])
            try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: steward).expectProblem(.forbidden, "agreement.four-eyes")
            let approved = try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: dpo).json()
            #expect(approved["state"]?.stringValue == "active")
            #expect(approved["approvals"]?.arrayValue?.compactMap { $0["username"]?.stringValue } == ["hm.steward", "hm.dpo"])

            // Enforceable the moment the approval is confirmed — once the system holds credentials.
            let grant = try #require(decision(node).grant, "\(decision(node))")
            #expect(grant.agreement == id && grant.fields == ["person_id", "address_id"])
            #expect(decision(node, purpose: "marketing").denial?.code == .purposeMismatch)

            try await node.request(.post, "/api/v1/agreements/\(id)/suspend", token: dpo).expectProblem(.unprocessableContent, "request.invalid")
            let suspended = try await node.request(.post, "/api/v1/agreements/\(id)/suspend", json: #"{"reason":"Complaint received"}"#, token: dpo)
            #expect(try suspended.json()["state"]?.stringValue == "suspended")
            #expect(try suspended.json()["decision"]?["reason"]?.stringValue == "Complaint received")
            #expect(decision(node).denial?.code == .agreementSuspended)
            #expect(try await node.request(.post, "/api/v1/agreements/\(id)/resume", token: steward).json()["state"]?.stringValue == "active")
            #expect(decision(node).grant != nil)
            let revoked = try await node.request(.post, "/api/v1/agreements/\(id)/revoke", json: #"{"reason":"No longer needed"}"#, token: steward).json()
            #expect(revoked["state"]?.stringValue == "revoked")
            #expect(decision(node).denial?.code == .agreementNone)
            try await node.request(.post, "/api/v1/agreements/\(id)/resume", token: steward).expectProblem(.conflict, "agreement.transition")

            let timeline = try await node.request(.get, "/api/v1/agreements/\(id)", token: engineer).json()["timeline"]?.arrayValue ?? []
            let kinds = timeline.compactMap { $0["kind"]?.stringValue }
            #expect(kinds == ["drafted", "submitted", "approved", "approved", "activated", "suspended", "resumed", "revoked"])

            // Every person's action reached the audit sink, in order.
            try await node.node.deliverAuditEvents()
            let emitted = await sink.events.filter { $0.subject == "agreement/\(id)" }.map(\.kind)
            #expect(emitted == ["agreement.drafted", "agreement.submitted", "agreement.approved", "agreement.approved",
                                "agreement.suspended", "agreement.resumed", "agreement.revoked"])
        }
    }

    @Test(arguments: Database.Engine.allCases) func whoMaySeeAndDoWhat(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let engineer = try await node.token("cc.engineer")
            let id = try #require(try await node.request(.post, "/api/v1/agreements", json: Self.draft, token: engineer).json()["id"]?.stringValue)
            try await node.request(.post, "/api/v1/agreements/\(id)/submit").expectProblem(.unauthorized, "auth.missing")
            _ = try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: engineer)
            // The operator can read it but not approve it; another agency cannot even see it.
            let root = try await node.token("operator")
            #expect(try await node.request(.get, "/api/v1/agreements/\(id)", token: root).status == .ok)
            try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: root).expectProblem(.forbidden, "auth.forbidden")
            let outsider = try await node.token("ta.steward")
            try await node.request(.get, "/api/v1/agreements/\(id)", token: outsider).expectProblem(.notFound, "agreement.not-found")
            try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: outsider).expectProblem(.notFound, "agreement.not-found")
            // The consumer's engineer cannot approve its own request; the provider's engineer cannot draft for others.
            try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: engineer).expectProblem(.forbidden, "auth.forbidden")
            try await node.request(.post, "/api/v1/agreements", json: Self.draft, token: try await node.token("hm.engineer"))
                .expectProblem(.forbidden, "auth.forbidden")
            try await node.request(.post, "/api/v1/agreements/\(id)/teleport", token: engineer).expectProblem(.notFound, "route.not-found")
            // 405s name the methods of the most specific path, not of /agreements/{agreement}.
            let stats = try await node.request(.delete, "/api/v1/agreements/stats", token: engineer)
            try stats.expectProblem(.methodNotAllowed, "route.method")
            #expect(stats.headers[.allow] == "GET")
            #expect(try await node.request(.delete, "/api/v1/agreements/batch", token: engineer).headers[.allow] == "POST")
            try await node.request(.get, "/api/v1/agreements?colour=red", token: engineer).expectProblem(.badRequest, "request.parameter")
            try await node.request(.get, "/api/v1/agreements?state=pending", token: engineer).expectProblem(.badRequest, "request.parameter")
            let submitted = try await node.request(.get, "/api/v1/agreements?state=submitted&agency=capital-city", token: engineer).json()
            #expect(submitted["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue }.contains(id) == true)
        }
    }

    @Test(arguments: Database.Engine.allCases) func aDraftIsEditedUntilItIsSubmitted(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let engineer = try await node.token("cc.engineer")
            let id = try #require(try await node.request(.post, "/api/v1/agreements", json: Self.draft, token: engineer).json()["id"]?.stringValue)
            let wider = Self.draft.replacingOccurrences(of: #""address_id"]"#, with: #""address_id","phone"]"#)
            let edited = try await node.request(.put, "/api/v1/agreements/\(id)", json: wider, token: engineer)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try edited.json()["fields"]?.arrayValue?.compactMap(\.stringValue) == ["person_id", "address_id", "phone"])
            #expect(try edited.json()["timeline"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == ["drafted", "edited"])
            try await node.request(.put, "/api/v1/agreements/\(id)", json: wider, token: try await node.token("hm.dpo"))
                .expectProblem(.forbidden, "auth.forbidden")
            _ = try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: engineer)
            // A change after submission withdraws the submission and every approval given so far.
            #expect(try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: try await node.token("hm.steward"))
                .json()["approvals"]?.arrayValue?.count == 1)
            let changed = try await node.request(.put, "/api/v1/agreements/\(id)", json: Self.draft, token: engineer).json()
            #expect(changed["state"]?.stringValue == "draft")
            #expect(changed["approvals"]?.arrayValue?.isEmpty ?? true)
            #expect(changed["timeline"]?.arrayValue?.last?["note"]?.stringValue == "approvals withdrawn")
            let again = try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: engineer).json()
            #expect(again["state"]?.stringValue == "submitted")
            #expect(again["awaiting"]?.arrayValue?.compactMap(\.stringValue) == ["steward", "dpo"], "the old steward approval does not count")
        }
    }

    /// The exact bypass: a provider steward rewrote another agency's draft (every term),
    /// submitted it and approved it alone. Whoever changes the terms is one of their authors and
    /// cannot approve them, so the agreement does not go active on one person's word.
    @Test(arguments: Database.Engine.allCases) func whoeverChangesTheTermsCannotApproveThem(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let draft = #"""
                {"template":"official-statistics","provider":"statistics-office","consumer":"social-services","systems":["shielding-portal"],
                 "dataset":"census-2021-microdata-sample","fields":["record_id"],
                 "purpose":{"code":"district-planning","description":"Plan services by district."}}
                """#
            let engineer = try await node.token("ss.engineer")
            let created = try await node.request(.post, "/api/v1/agreements", json: draft, token: engineer)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.json()["id"]?.stringValue)
            #expect(try created.json()["personalData"]?.boolValue == false, "one steward's approval is enough for this data")
            let steward = try await node.token("so.steward")
            let rewritten = draft
                .replacingOccurrences(of: #""fields":["record_id"]"#, with: #""fields":["record_id","age_band","sex","region_code","household_size","occupation"]"#)
                .replacingOccurrences(of: "Plan services by district.", with: "Anything at all.")
            #expect(try await node.request(.put, "/api/v1/agreements/\(id)", json: rewritten, token: steward).status == .ok)
            #expect(try await node.request(.post, "/api/v1/agreements/\(id)/submit", token: steward).json()["state"]?.stringValue == "submitted")
            try await node.request(.post, "/api/v1/agreements/\(id)/approve", token: steward).expectProblem(.forbidden, "agreement.four-eyes")
            let after = try await node.request(.get, "/api/v1/agreements/\(id)", token: steward).json()
            #expect(after["state"]?.stringValue == "submitted")
            #expect(after["approvals"]?.arrayValue?.isEmpty ?? true)
            let request = PolicyRequest(consumer: "social-services", system: "shielding-portal", provider: "statistics-office",
                                        target: .dataset("census-2021-microdata-sample"), purpose: "district-planning", method: "GET", at: Date())
            #expect(node.node.policy.snapshot.decide(request).grant == nil)
        }
    }

    @Test(arguments: Database.Engine.allCases) func draftsAreCheckedAgainstTheSchemaAndTheParties(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let engineer = try await node.token("cc.engineer")
            func refused(_ json: String) async throws -> [String] {
                let response = try await node.request(.post, "/api/v1/agreements", json: json, token: engineer)
                try response.expectProblem(.unprocessableContent, "request.invalid")
                return try response.json()["errors"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } ?? []
            }
            let badField = Self.draft.replacingOccurrences(of: #""address_id"]"#, with: #""address_id","salary"]"#)
            #expect(try await refused(badField) == ["/fields/2"])
            let badSystem = Self.draft.replacingOccurrences(of: "resident-services", with: "payroll")
            #expect(try await refused(badSystem) == ["/systems/0"])
            let openData = Self.draft.replacingOccurrences(of: "vulnerable-persons-register", with: "covid-19-daily-case-counts-by-region")
            #expect(try await refused(openData).contains("/dataset"))
            let noTemplate = Self.draft.replacingOccurrences(of: #""template":"public-health-emergency","#, with: "")
            #expect(Set(try await refused(noTemplate)).isSuperset(of: ["/legalBasis", "/quota", "/retentionDays", "/validUntil"]))
            let unknownTemplate = Self.draft.replacingOccurrences(of: "public-health-emergency", with: "anything-goes")
            #expect(try await refused(unknownTemplate).contains("/template"))
            try await node.request(.post, "/api/v1/agreements", json: #"{"provider":"x"}"#, token: engineer).expectProblem(.badRequest, "request.malformed")
            try await node.request(.post, "/api/v1/agreements", json: Self.draft.replacingOccurrences(of: "\"fields\"", with: "\"felds\""), token: engineer)
                .expectProblem(.badRequest, "request.malformed")
        }
    }

    @Test(arguments: Database.Engine.allCases) func batchDraftAndBatchApproveWithAResultPerItem(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            // A second steward at the provider, so someone other than the drafter can approve.
            try await node.node.users.save(
                User(username: "ss.steward2", displayName: "Second Steward", memberships: [Membership(agency: "social-services", role: .steward)]),
                passwordHash: try await node.node.hasher.hash("a long enough password"), replace: false)
            let drafter = try await node.token("ss.steward")
            let batch = #"""
                {"draft":{"template":"public-health-emergency","provider":"social-services","dataset":"shielding-support-deliveries",
                          "fields":["week","district","food_parcels"]},
                 "consumers":[{"consumer":"health-ministry","systems":["case-registry"]},
                              {"consumer":"capital-city","systems":["resident-services"]},
                              {"consumer":"land-authority","systems":["no-such-system"]}]}
                """#
            let drafted = try await node.request(.post, "/api/v1/agreements/batch", json: batch, token: drafter).json()
            #expect(drafted["succeeded"]?.intValue == 2 && drafted["failed"]?.intValue == 1)
            let results = drafted["results"]?.arrayValue ?? []
            #expect(results.compactMap { $0["status"]?.intValue } == [201, 201, 422])
            #expect(results[2]["problem"]?["code"]?.stringValue == "request.invalid")
            let ids = results.compactMap { $0["agreement"]?["id"]?.stringValue }
            let list = "[\(ids.map { "\"\($0)\"" }.joined(separator: ","))]"

            let submitted = try await node.request(.post, "/api/v1/agreements/batch/submit", json: #"{"agreements":\#(list)}"#, token: drafter).json()
            #expect(submitted["succeeded"]?.intValue == 2)
            // The drafter may not approve what they drafted; the second steward may.
            let selfApproved = try await node.request(.post, "/api/v1/agreements/batch/approve", json: #"{"agreements":\#(list)}"#, token: drafter).json()
            #expect(selfApproved["results"]?.arrayValue?.compactMap { $0["problem"]?["code"]?.stringValue } == ["agreement.four-eyes", "agreement.four-eyes"])
            let second = try await node.token("ss.steward2", password: "a long enough password")
            let withUnknown = "[\(ids.map { "\"\($0)\"" }.joined(separator: ",")),\"agr-missing\"]"
            let approved = try await node.request(.post, "/api/v1/agreements/batch/approve", json: #"{"agreements":\#(withUnknown)}"#, token: second).json()
            #expect(approved["results"]?.arrayValue?.compactMap { $0["status"]?.intValue } == [200, 200, 404])
            #expect(approved["results"]?[0]?["agreement"]?["state"]?.stringValue == "active")
            try await node.request(.post, "/api/v1/agreements/batch/approve", json: #"{"agreements":[]}"#, token: second)
                .expectProblem(.unprocessableContent, "request.invalid")
        }
    }

    @Test(arguments: Database.Engine.allCases) func templatesRenewalStatsAndExports(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let steward = try await node.token("hm.steward")
            let templates = try await node.request(.get, "/api/v1/agreement-templates", token: steward).json()
            #expect(templates["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == AgreementTemplate.builtIn.map(\.id))
            let template = #"""
                {"id":"vaccine-outreach","title":"Vaccine outreach","description":"Councils contact unvaccinated residents.",
                 "agency":"health-ministry","purpose":{"code":"vaccine-outreach","description":"Invite residents to vaccination."},
                 "legalBasis":{"ground":"public-task","citation":"Immunisation Act s. 4"},"methods":["GET"],"validityDays":90,
                 "quota":{"perMinute":10,"perDay":1000},"retentionDays":14,"onwardSharing":false}
                """#
            try await node.request(.post, "/api/v1/agreement-templates", json: template, token: try await node.token("hm.engineer"))
                .expectProblem(.forbidden, "auth.forbidden")
            #expect(try await node.request(.post, "/api/v1/agreement-templates", json: template, token: steward).status == .created)
            try await node.request(.post, "/api/v1/agreement-templates", json: template, token: steward).expectProblem(.conflict, "agreement-template.exists")
            let fromTemplate = #"""
                {"template":"vaccine-outreach","provider":"health-ministry","consumer":"capital-city","systems":["resident-services"],
                 "dataset":"vulnerable-persons-register","fields":["person_id","phone"]}
                """#
            let drafted = try await node.request(.post, "/api/v1/agreements", json: fromTemplate, token: try await node.token("cc.engineer")).json()
            #expect(drafted["purpose"]?["code"]?.stringValue == "vaccine-outreach")
            #expect(drafted["retentionDays"]?.intValue == 14)

            // The demo's expired agreement is renewed as a linked draft.
            let renewed = try await node.request(.post, "/api/v1/agreements/agr-demo-delivery-planning/renew", token: try await node.token("hm.engineer"))
            #expect(renewed.status == .created, "\(renewed.text)")
            #expect(try renewed.json()["renewalOf"]?.stringValue == "agr-demo-delivery-planning")
            #expect(try renewed.json()["state"]?.stringValue == "draft")

            let stats = try await node.request(.get, "/api/v1/agreements/stats").json()
            let health = try #require(stats["providers"]?.arrayValue?.first { $0["provider"]?.stringValue == "health-ministry" })
            #expect(health["byState"]?["active"]?.intValue == 3, "two datasets or services and one linkage")
            #expect(health["byState"]?["submitted"]?.intValue == 1)
            let social = try #require(stats["providers"]?.arrayValue?.first { $0["provider"]?.stringValue == "social-services" })
            #expect(social["byState"]?["suspended"]?.intValue == 1 && social["byState"]?["expired"]?.intValue == 1)
            #expect(health["medianSecondsToActive"]?.intValue ?? 0 > 0)

            let odrl = try await node.request(.get, "/api/v1/agreements/agr-demo-shielding/odrl", token: steward)
            #expect(odrl.headers[.contentType] == "application/ld+json")
            let policy = try odrl.json()
            #expect(policy["@type"]?.stringValue == "Agreement")
            #expect(policy["assigner"]?.stringValue == "http://causeway.test/agencies/health-ministry")
            #expect(policy["assignee"]?.stringValue == "http://causeway.test/agencies/social-services")
            let permission = try #require(policy["permission"]?[0])
            #expect(permission["action"]?.stringValue == "use")
            let constraints = permission["constraint"]?.arrayValue ?? []
            #expect(constraints.contains { $0["leftOperand"]?.stringValue == "purpose" && $0["rightOperand"]?.stringValue == "shielding-support" })
            #expect(constraints.compactMap { $0["leftOperand"]?.stringValue } == ["purpose", "dateTime", "dateTime", "count", "timeInterval"])
            #expect(permission["duty"]?[0]?["action"]?.stringValue == "delete")
            #expect(permission["duty"]?[0]?["constraint"]?[0]?["rightOperand"]?["@value"]?.stringValue == "P90D")
            #expect(permission["target"]?["dct:hasPart"]?.arrayValue?.count == 5)
            #expect(policy["prohibition"]?[0]?["action"]?.stringValue == "distribute")

            let markdown = try await node.request(.get, "/api/v1/agreements/agr-demo-shielding/summary", token: steward)
            #expect(markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.text.contains("## Purpose and legal basis"))
            #expect(markdown.text.contains("Approved as data protection officer:** hm.dpo"))
            let html = try await node.request(.get, "/api/v1/agreements/agr-demo-shielding/summary", token: steward, headers: [.accept: "text/html"])
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.text.contains("<h1>") && html.text.contains("Ministry of Health"))
            try await node.request(.get, "/api/v1/agreements/agr-demo-shielding/summary?format=pdf", token: steward)
                .expectProblem(.badRequest, "request.parameter")
        }
    }

    @Test(arguments: Database.Engine.allCases) func theDemoHasAgreementsInEveryState(engine: Database.Engine) async throws {
        try await TestNode.with(engine: engine) { node in
            let agreements = try await node.node.agreements.all()
            #expect(Set(agreements.map { $0.state(at: Date()) }) == Set(AgreementState.allCases))
            let shielding = try #require(agreements.first { $0.id == "agr-demo-shielding" })
            #expect(shielding.consumer == "social-services" && shielding.systems == ["shielding-portal"])
            #expect(shielding.terms.purpose.code == "shielding-support")
            #expect(shielding.terms.fields.count < 8, "a reduced field set")
            let grant = node.node.policy.snapshot.decide(PolicyRequest(
                consumer: "social-services", system: "shielding-portal", provider: "health-ministry",
                target: .dataset("vulnerable-persons-register"), purpose: "shielding-support", method: "GET", at: Date())).grant
            #expect(grant?.agreement == "agr-demo-shielding")
        }
    }
}
