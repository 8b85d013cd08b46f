/// Thrown where a page cannot be shown to this reader and another page can (the console's
/// pages, to someone not signed in: the sign-in form, which comes back afterwards). The
/// ``PageErrorMiddleware`` answers it with `303 See Other`.
struct PageRedirect: Error, Sendable {
    var location: String
}
