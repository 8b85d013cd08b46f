import CausewayCore
import Testing

@Suite("Catalogue permissions")
struct PermissionsTests {
    @Test(arguments: Role.allCases)
    func onlyEditingRolesOfTheSameAgencyMayEdit(role: Role) {
        let user = User(username: "u1", displayName: "U", memberships: [Membership(agency: "health-ministry", role: role)])
        let expected = [.admin, .steward, .engineer].contains(role)
        #expect(CatalogPermissions.canEdit(catalogOf: "health-ministry", user: user) == expected)
        #expect(!CatalogPermissions.canEdit(catalogOf: "land-authority", user: user))
    }

    @Test func operatorsMayEditAnyCatalogue() {
        let user = User(username: "op", displayName: "Op", isOperator: true)
        #expect(CatalogPermissions.canEdit(catalogOf: "anything", user: user))
    }

    @Test func usernames() {
        #expect(Username.isValid("ana.silva"))
        #expect(!Username.isValid("Ana"))
        #expect(!Username.isValid("a"))
        #expect(Role.admin < Role.viewer)
    }
}
