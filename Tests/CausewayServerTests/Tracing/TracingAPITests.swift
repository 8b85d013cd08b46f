import CausewayCore
@testable import CausewayServer
import CausewayStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Contact tracing end to end over HTTP, as phones and a tracer use it: two phones register
/// with SMS codes from the outbox, fetch TempIDs and meet; a tracer issues an upload code to
/// one of them; it uploads once; the tracer reads and exports the contact list; the person
/// sees who used the upload; after the retention nothing survives.
@Suite("Contact tracing")
struct TracingAPITests {
    struct Phone {
        var uid: String
        var token: String
        var number: String
    }

    /// The newest code the outbox holds for `number`.
    static func smsCode(_ node: TestNode, to number: String) throws -> String {
        let text = try String(contentsOfFile: node.node.configuration.dataDirectory + "/sms-outbox.jsonl", encoding: .utf8)
        let normalised = number.filter { $0 != " " }
        let line = try #require(text.split(separator: "\n").last { $0.contains("\"\(normalised)\"") })
        let message = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])["text"] ?? ""
        let words = message.split(whereSeparator: { !$0.isNumber })
        return try #require(words.first { $0.count == 6 }).description
    }

    static func register(_ node: TestNode, _ number: String) async throws -> Phone {
        let sent = try await node.request(.post, "/api/v1/tracing/devices/verification", json: #"{"phoneNumber":"\#(number)"}"#)
        #expect(sent.status == .accepted, "\(sent.text)")
        let code = try smsCode(node, to: number)
        let registered = try await node.request(.post, "/api/v1/tracing/devices", json: #"{"phoneNumber":"\#(number)","code":"\#(code)"}"#)
        #expect(registered.status == .created, "\(registered.text)")
        let body = try registered.json()
        return Phone(uid: try #require(body["uid"]?.stringValue), token: try #require(body["deviceToken"]?.stringValue), number: number)
    }

    static func tempIDs(_ node: TestNode, _ phone: Phone) async throws -> [(id: String, start: Int64, expiry: Int64)] {
        let answer = try await node.request(.get, "/api/v1/tracing/tempids", token: phone.token)
        #expect(answer.status == .ok, "\(answer.text)")
        #expect(try answer.json()["status"]?.stringValue == "SUCCESS")
        return try (answer.json()["tempIDs"]?.arrayValue ?? []).map {
            (try #require($0["tempID"]?.stringValue), Int64(try #require($0["startTime"]?.intValue)), Int64(try #require($0["expiryTime"]?.intValue)))
        }
    }

    /// Encounters of `minutes`, one a minute from `start`, hearing the TempIDs valid then.
    static func encounters(hearing ids: [(id: String, start: Int64, expiry: Int64)], from start: Int64, minutes: Int, rssi: Int) -> [[String: Any]] {
        (0..<minutes).compactMap { minute in
            let time = start + Int64(minute) * 60
            guard let heard = ids.first(where: { $0.start <= time && time < $0.expiry }) else { return nil }
            return ["timestamp": time, "msg": heard.id, "modelC": "Pixel 4", "modelP": "iPhone 11", "rssi": rssi, "txPower": -7,
                    "org": "CAUSEWAY", "v": 2]
        }
    }

    static func upload(_ node: TestNode, token: String, records: [Any]) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["token": token, "records": records, "events": [["msg": "scan"]]])
        return try await node.request(.post, "/api/v1/tracing/uploads", json: String(decoding: body, as: UTF8.self))
    }

    @Test(arguments: Database.Engine.allCases) func fromRegistrationToContactListAndDeletion(engine: Database.Engine) async throws {
        let offset = NodeClockTests.Offset()
        var configuration = try await TestNode.configuration(demo: true, engine: engine)
        configuration.clock = { offset.now }
        try await TestNode.with(configuration: configuration) { node in
            let caseHolder = try await Self.register(node, "+44 7700 900001")
            let contact = try await Self.register(node, "+447700900002")
            let passer = try await Self.register(node, "+447700900003")
            #expect(TempID.isWellFormed(uid: caseHolder.uid) && caseHolder.uid != contact.uid)
            let contactIDs = try await Self.tempIDs(node, contact)
            let passerIDs = try await Self.tempIDs(node, passer)
            #expect(contactIDs.count == 100)
            let start = try #require(contactIDs.first).start + 60

            // A day later the case phone holds 20 minutes close to the contact and 3 with a passer-by.
            offset.move(to: 86_400)
            var records = Self.encounters(hearing: contactIDs, from: start, minutes: 20, rssi: -58)
                + Self.encounters(hearing: passerIDs, from: start + 3_600, minutes: 3, rssi: -75)
            records.append(["timestamp": "yesterday"])
            records.append(["timestamp": start, "msg": try #require(contactIDs.first).id, "modelC": "x", "modelP": "y", "rssi": -60, "org": "OTHER_HA"])

            // Only a tracer opens cases and issues codes.
            let steward = try await node.token("hm.steward")
            try await node.request(.post, "/api/v1/tracing/cases", json: #"{"reference":"C-1"}"#, token: steward).expectProblem(.forbidden, "auth.forbidden")
            let tracer = try await node.token("hm.tracer")
            try await node.request(.post, "/api/v1/tracing/cases", json: #"{"reference":"Jane Doe"}"#, token: tracer).expectProblem(.unprocessableContent, "request.invalid")
            let opened = try await node.request(.post, "/api/v1/tracing/cases", json: #"{"reference":"CASE-2026-0042"}"#, token: tracer)
            #expect(opened.status == .created, "\(opened.text)")
            let caseID = try #require(try opened.json()["id"]?.stringValue)
            let issued = try await node.request(.post, "/api/v1/tracing/cases/\(caseID)/upload-codes", token: tracer)
            #expect(issued.status == .created, "\(issued.text)")
            let code = try #require(try issued.json()["code"]?.stringValue)

            // A wrong code is refused; the right one works once.
            try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"ZZZZZZ"}"#, token: caseHolder.token)
                .expectProblem(.forbidden, "tracing.code-invalid")
            try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"\#(code)"}"#)
                .expectProblem(.unauthorized, "tracing.device-invalid")
            let redeemed = try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"\#(code.lowercased())"}"#, token: caseHolder.token)
            #expect(redeemed.status == .created, "\(redeemed.text)")
            let uploadToken = try #require(try redeemed.json()["token"]?.stringValue)
            try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"\#(code)"}"#, token: caseHolder.token)
                .expectProblem(.forbidden, "tracing.code-invalid")

            // The upload: every record used or counted by reason; a token works once.
            try await node.request(.post, "/api/v1/tracing/uploads", json: "{not json").expectProblem(.badRequest, "request.malformed")
            try await Self.upload(node, token: "upl_nothing", records: []).expectProblem(.unauthorized, "tracing.token-invalid")
            let uploaded = try await Self.upload(node, token: uploadToken, records: records)
            #expect(uploaded.status == .created, "\(uploaded.text)")
            let receipt = try uploaded.json()
            #expect(receipt["received"]?.intValue == 25 && receipt["used"]?.intValue == 23 && receipt["contacts"]?.intValue == 2)
            #expect(receipt["notUsed"]?["malformed"]?.intValue == 1 && receipt["notUsed"]?["other-organisation"]?.intValue == 1)
            try await Self.upload(node, token: uploadToken, records: records).expectProblem(.conflict, "tracing.upload-used")

            // The contact list needs a purpose; close contacts come with their number and the reason.
            try await node.request(.get, "/api/v1/tracing/cases/\(caseID)/contacts", token: tracer).expectProblem(.unprocessableContent, "request.invalid")
            try await node.request(.get, "/api/v1/tracing/cases/\(caseID)/contacts?purpose=x", token: steward).expectProblem(.forbidden, "auth.forbidden")
            let list = try await node.request(.get, "/api/v1/tracing/cases/\(caseID)/contacts?purpose=Calling%20close%20contacts&class=close,casual,ignored", token: tracer)
            #expect(list.status == .ok, "\(list.text)")
            let contacts = try list.json()["contacts"]?.arrayValue ?? []
            #expect(contacts.map { $0["phoneNumber"]?.stringValue } == [contact.number, passer.number])
            #expect(contacts.map { $0["class"]?.stringValue } == ["close", "ignored"])
            #expect(contacts.first?["reason"]?.stringValue?.hasPrefix("20 min within about 2 m") == true, "\(contacts)")
            let csv = try await node.request(.get, "/api/v1/tracing/cases/\(caseID)/contacts.csv?purpose=Call%20centre%20list", token: tracer)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.contains(contact.number) && !csv.text.contains(passer.number))

            // Everything the tracer did and the upload are in the log, with no number or user id in clear.
            let events = try await node.logEvents().filter { $0.kind.hasPrefix("tracing.") }
            #expect(events.map(\.kind) == ["tracing.code-issued", "tracing.uploaded", "tracing.decrypted", "tracing.contacts-viewed",
                                           "tracing.contacts-exported"])
            #expect(events.last?.reason == "Call centre list" && events.last?.actor == "hm.tracer")
            let texts = try await node.logEntryTexts().joined()
            for secret in [caseHolder.uid, contact.uid, passer.uid, "7700900001", "7700900002", code] { #expect(!texts.contains(secret)) }

            // The person sees that their upload was used, by whom and why.
            let mine = try await node.request(.get, "/api/v1/tracing/devices/me/uploads", token: caseHolder.token).json()
            #expect(mine["uploads"]?.arrayValue?.count == 1)
            let uses = mine["uses"]?.arrayValue ?? []
            #expect(uses.contains { $0["kind"]?.stringValue == "tracing.contacts-exported" && $0["by"]?.stringValue == "hm.tracer"
                && $0["purpose"]?.stringValue == "Call centre list" })

            // A person deletes their registration: their token dies, their number leaves the list.
            #expect(try await node.request(.delete, "/api/v1/tracing/devices/me", token: contact.token).status == .noContent)
            try await node.request(.get, "/api/v1/tracing/tempids", token: contact.token).expectProblem(.unauthorized, "tracing.device-invalid")
            let after = try await node.request(.get, "/api/v1/tracing/cases/\(caseID)/contacts?purpose=Recheck", token: tracer).json()
            #expect(after["contacts"]?.arrayValue?.first?["phoneNumber"] == nil, "\(after)")

            // 22 days on, the retention has deleted every upload, code and old key, and logged it.
            offset.move(to: 23 * 86_400)
            let retention = TracingRetention(repository: node.node.tracing, settings: node.node.configuration.tracing,
                                             logger: TestNode.logger, clock: { offset.now })
            let purged = try await retention.run(now: offset.now)
            #expect(purged.uploads == 1 && purged.codes == 1)
            let oldest = try await node.node.tracing.oldest()
            #expect(oldest["tracing_uploads"] == nil && oldest["tracing_upload_codes"] == nil, "\(oldest)")
            #expect(oldest["tracing_keys"].map { $0 >= retention.keysCutoff(at: offset.now) } ?? true, "\(oldest)")
            let later = try await node.token("hm.tracer")
            let gone = try await node.request(.get, "/api/v1/tracing/cases/\(caseID)/contacts?purpose=Recheck", token: later).json()
            #expect(gone["contacts"]?.arrayValue?.isEmpty == true)
            let purge = try #require(try await node.logEvents().last { $0.kind == TracingRetention.eventKind })
            #expect(purge.details["uploads"] == "1")
        }
    }

    @Test func guessedCodesAreThrottledAndBadInputIsAProblem() async throws {
        var configuration = try await TestNode.configuration(demo: true)
        configuration.tracing.maxUploadBytes = 4_096
        try await TestNode.with(configuration: configuration) { node in
            let phone = try await Self.register(node, "+447700900010")
            for attempt in 1...5 {
                try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"WRONG\#(attempt)"}"#, token: phone.token)
                    .expectProblem(.forbidden, "tracing.code-invalid")
            }
            try await node.request(.post, "/api/v1/tracing/upload-token", json: #"{"code":"WRONG6"}"#, token: phone.token)
                .expectProblem(.tooManyRequests, "auth.throttled")

            // Verification codes: wrong ones count down, then the code is void.
            _ = try await node.request(.post, "/api/v1/tracing/devices/verification", json: #"{"phoneNumber":"+447700900011"}"#)
            try await node.request(.post, "/api/v1/tracing/devices", json: #"{"phoneNumber":"+447700900011","code":"000000x"}"#)
                .expectProblem(.unauthorized, "tracing.verification-invalid")
            // A second code for the same number within the minute is refused, with when to ask again.
            let again = try await node.request(.post, "/api/v1/tracing/devices/verification", json: #"{"phoneNumber":"+447700900011"}"#)
            try again.expectProblem(.tooManyRequests, "tracing.verification-too-soon")
            #expect((1...60).contains(Int(again.headers[.retryAfter] ?? "") ?? 0), "\(again.headers)")
            try await node.request(.post, "/api/v1/tracing/devices/verification", json: #"{"phoneNumber":"07700 900011"}"#)
                .expectProblem(.unprocessableContent, "request.invalid")
            try await node.request(.get, "/api/v1/tracing/tempids").expectProblem(.unauthorized, "tracing.device-invalid")

            // An upload over the limit is refused whole.
            let big = String(repeating: "x", count: 8_192)
            let tooLarge = try await node.request(.post, "/api/v1/tracing/uploads", json: #"{"token":"\#(big)","records":[]}"#)
            try tooLarge.expectProblem(.contentTooLarge, "request.too-large")
            #expect(tooLarge.text.contains("at most 4096 bytes"), "\(tooLarge.text)")
        }
    }
}
