/// A registry: an authoritative record set one agency owns and every other agency reads
/// instead of keeping a copy (addresses, persons, businesses). Its records follow a Table
/// Schema and are named by one of its fields, which never changes for a record.
public struct Registry: Sendable, Hashable, Codable {
    /// Part of its addresses (`/api/v1/registries/{code}`): a slug, unique per node.
    public var code: String
    /// The agency whose people alone may write.
    public var owner: String
    public var title: String
    public var description: String
    public var schema: TableSchema
    /// The field that names a record: required, text or a whole number.
    public var identifierField: String
    /// Open registries are read by anyone; restricted and personal ones by other agencies only
    /// through the gateway, under an agreement.
    public var accessRights: AccessRights

    public init(code: String, owner: String, title: String, description: String = "", schema: TableSchema, identifierField: String,
                accessRights: AccessRights) {
        self.code = code
        self.owner = owner
        self.title = title
        self.description = description
        self.schema = schema
        self.identifierField = identifierField
        self.accessRights = accessRights
    }

    public func validate() throws(ValidationError) {
        var validator = Validator()
        validator.check(Slug.isValid(code), "/code", "must be \(Slug.rule)")
        validator.check(Slug.isValid(owner), "/owner", "must be an agency code")
        validator.requireText(title, "/title", maxLength: 300)
        validator.limitText(description, "/description", maxLength: 50_000)
        do {
            try schema.validate()
        } catch {
            validator.merge(error, under: "/schema")
        }
        if let field = schema.fields.first(where: { $0.name == identifierField }) {
            validator.check([.string, .integer].contains(field.type), "/identifierField", "must name a string or integer field")
        } else {
            validator.add(FieldError("/identifierField", "must name a field of the schema"))
        }
        try validator.finish()
    }
}
