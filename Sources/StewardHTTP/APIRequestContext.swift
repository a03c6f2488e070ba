import Hummingbird
import StewardServiceDesk

/// What a handler knows about its request beyond the request itself: who is calling.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware on every `/v1` route.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }

    /// Bodies are small JSON documents; anything larger is refused with 413 before it is read.
    public var maxUploadSize: Int { APIServer.maxBodyBytes }

    /// The caller; only routes behind the authentication middleware ask.
    func caller() throws -> Principal {
        guard let principal else { throw Problem(.unauthorized, "unauthenticated", "send `Authorization: Bearer <token>`") }
        return principal
    }
}
