import CausewayStore
import Foundation
import Hummingbird

/// A contact list as CSV, for the call centre's tools: one row per contact, phone number
/// first, times in UTC.
enum ContactListCSV {
    /// The list as a download, never cached (it holds phone numbers).
    static func response(_ list: TracingService.ContactList) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                        .contentDisposition: "attachment; filename=\"contacts-\(list.reference).csv\""],
                 body: .init(byteBuffer: ByteBuffer(string: render(list))))
    }

    static func render(_ list: TracingService.ContactList) -> String {
        var lines = ["phone_number,class,first_exposure,last_exposure,minutes,close_minutes,nearest_meters,encounters,reason"]
        for contact in list.contacts {
            let fields = [contact.phoneNumber ?? "(registration deleted)", contact.class.rawValue, Timestamp.string(contact.firstExposure),
                          Timestamp.string(contact.lastExposure), String(format: "%.1f", contact.minutes), String(format: "%.1f", contact.closeMinutes),
                          String(format: "%.1f", contact.nearestMeters), String(contact.encounters), contact.reason]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func quoted(_ field: String) -> String {
        // A leading = + - @ would make a spreadsheet run the cell as a formula.
        let safe = field.first.map { "=+-@".contains($0) } == true && Double(field) == nil ? "'" + field : field
        return safe.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
    }
}
