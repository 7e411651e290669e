import PaygentCore
import PaygentFoundation
import X402

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, generated from the route table (paths,
/// methods, access, parameters, statuses) and the hand-written component schemas of
/// ``APISchemas`` — so no route can be served without being described.
enum OpenAPIRoutes {
    static let path = "/api/v1/openapi.json"

    /// The route serving the document of `routes` (and of itself).
    static func route(documenting routes: [APIRoute], version: String) -> APIRoute {
        var selfRoute = APIRoute(.get, path, access: .read, operationID: "openapi", summary: "This OpenAPI 3.1 document.", tag: "meta",
                                 response: nil, responseContentType: "application/json") { _ in .text("") }
        let text = JSONWriter.string(OpenAPIDocument.build(routes: routes + [selfRoute], version: version))
        selfRoute.handler = { _ in .text(text, contentType: "application/json") }
        return selfRoute
    }
}
