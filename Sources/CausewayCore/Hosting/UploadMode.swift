/// What an upload does to the rows already in a hosted table.
public enum UploadMode: String, Sendable, Hashable, Codable {
    /// The upload becomes the whole table.
    case replace
    /// The upload's rows are added; a primary key already in the table is an error.
    case append
    /// Rows whose primary key is in the table replace those rows; the rest are added.
    case upsert
    /// Rows were removed (CKAN `datastore_delete`); never an upload's mode.
    case delete

    /// The modes an upload may ask for.
    public static let uploadModes: [UploadMode] = [.replace, .append, .upsert]
}

/// The formats an upload may be in.
public enum UploadFormat: String, Sendable, Hashable, Codable {
    case csv
    case jsonl

    /// Picks the format from a media type; CSV unless it says JSON Lines.
    public init(mediaType: String?) {
        let type = mediaType?.lowercased() ?? ""
        self = type.contains("jsonl") || type.contains("json-lines") || type.contains("ndjson") || type.contains("x-ndjson") ? .jsonl : .csv
    }
}
