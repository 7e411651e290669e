import PaygentCore
import PaygentFoundation
import X402

/// Builds the OpenAPI 3.1 document of a route table.
///
/// Written by hand (not by swift-openapi-generator): the domain types of PaygentCore already are
/// the wire forms, and generated server stubs would add a second copy of every type plus a
/// conversion layer; instead the paths come from the same ``APIRoute`` table the router serves
/// (so they cannot drift), and ``APISchemas`` describes each component once. A test validates
/// the document and runs schemathesis against a live server, which keeps the schemas true.
enum OpenAPIDocument {
    static func build(routes: [APIRoute], version: String) -> JSONValue {
        var paths = JSONObject()
        var byPath: [String: [APIRoute]] = [:]
        var order: [String] = []
        for route in routes {
            if byPath[route.path] == nil { order.append(route.path) }
            byPath[route.path, default: []].append(route)
        }
        for path in order {
            var item = JSONObject()
            for route in byPath[path] ?? [] { item[route.method.rawValue.lowercased()] = operation(route) }
            paths[path] = .object(item)
        }
        var components = JSONObject()
        components["schemas"] = .object(APISchemas.all)
        components["securitySchemes"] = .object(["bearer": .object(["type": .string("http"), "scheme": .string("bearer")])])
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Paygent"),
                "version": .string(version),
                "description": .string("Control plane for AI agents that pay over x402. Bearer tokens with roles admin ⊃ operator ⊃ viewer, and agent."),
            ]),
            "servers": .array([.object(["url": .string("/")])]),
            "security": .array([.object(["bearer": .array([])])]),
            "paths": .object(paths),
            "components": .object(components),
        ])
    }

    static func operation(_ route: APIRoute) -> JSONValue {
        var op = JSONObject()
        op["operationId"] = .string(route.operationID)
        op["summary"] = .string(route.summary)
        op["tags"] = .array([.string(route.tag)])
        if let access = route.access {
            op["description"] = .string("Roles: \(access.roles.map(\.rawValue).sorted().joined(separator: ", ")).")
        } else {
            op["security"] = .array([])
        }
        var parameters: [JSONValue] = route.pathParameters.map { name in
            .object(["name": .string(name), "in": .string("path"), "required": .bool(true),
                     "schema": .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(128), "pattern": .string("^[^\\s]+$")])])
        }
        for parameter in route.query {
            parameters.append(.object(["name": .string(parameter.name), "in": .string("query"), "required": .bool(parameter.required),
                                       "description": .string(parameter.description), "schema": schema(parameter.schema)]))
        }
        if route.changesState {
            parameters.append(.object(["name": .string("Idempotency-Key"), "in": .string("header"), "required": .bool(false),
                                       "description": .string("A retry with the same key returns the first answer."),
                                       "schema": .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(200),
                                                          "pattern": .string("^[!-~]+$")])]))
        }
        if !parameters.isEmpty { op["parameters"] = .array(parameters) }
        if let request = route.requestSchema {
            op["requestBody"] = .object([
                "required": .bool(!route.requestOptional),
                "content": .object(["application/json": .object(["schema": ref(request)])]),
            ])
        }
        var responses = JSONObject()
        var content = JSONObject()
        if let response = route.responseSchema { content["application/json"] = .object(["schema": ref(response)]) }
        if let type = route.responseContentType, !type.hasPrefix("application/json") {
            content[type] = .object(["schema": .object(["type": .string("string")])])
        } else if route.responseSchema == nil {
            content["application/json"] = .object(["schema": .object(["type": .string("object")])])
        }
        let success: JSONValue = .object(["description": .string("Success."), "content": .object(content)])
        responses[String(route.status)] = success
        for (status, text) in errorStatuses(route) {
            responses[String(status)] = .object([
                "description": .string(text),
                "content": .object(["application/json": .object(["schema": ref("Error")])]),
            ])
        }
        if let response = route.responseSchema {
            for status in route.outcomeStatuses {
                let text = status == 202 ? "Waiting for an approval (request_id)." : (status == 502 ? "The payment failed." : "Refused or in flight.")
                responses[String(status)] = .object([
                    "description": .string(text),
                    "content": .object(["application/json": .object(["schema": .object(["oneOf": .array([ref(response), ref("Error")])])])]),
                ])
            }
        }
        op["responses"] = .object(responses)
        return .object(op)
    }

    static func errorStatuses(_ route: APIRoute) -> [(Int, String)] {
        var out: [(Int, String)] = []
        if route.access != nil {
            out += [(401, "Missing or invalid token."), (403, "The token's role may not do this."), (429, "Rate limited (see Retry-After).")]
        }
        out.append((422, "Invalid input; `field` names it."))
        if !route.pathParameters.isEmpty || route.changesState { out.append((404, "No such resource.")) }
        if route.changesState { out.append((409, "The state changed first (already decided, killed, paused…).")) }
        if route.method == .put && route.path.hasSuffix("/policy") { out.append((412, "If-Match does not match the policy's ETag.")) }
        if route.method != .get { out.append((413, "Body too large.")) }
        for status in route.extraStatuses where !out.contains(where: { $0.0 == status }) {
            out.append((status, status == 409 ? "Not possible in the current state." : "Refused."))
        }
        var seen = Set<Int>()
        return out.filter { seen.insert($0.0).inserted }
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    /// A schema written as JSON text in the route table.
    static func schema(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .object([:])
    }
}
