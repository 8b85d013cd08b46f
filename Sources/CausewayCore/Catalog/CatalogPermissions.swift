/// Who may change an agency's catalogue entries: its own engineers and stewards, its admins,
/// and node operators. Everyone may read public metadata; the catalogue lists restricted and
/// personal datasets too (that they exist is public; their data is not).
public enum CatalogPermissions {
    public static let editingRoles: Set<Role> = [.admin, .steward, .engineer]

    public static func canEdit(catalogOf agency: String, user: User) -> Bool {
        user.isOperator || !user.roles(in: agency).isDisjoint(with: editingRoles)
    }
}
