import PaygentCore
import PaygentWire

/// The service registry: discover, one service, its pricing (every role, agents included);
/// register and update (admin).
struct ServiceRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/services/discover", access: .catalog, operationID: "discoverServices",
                     summary: "Services matching the filters, highest reputation first.", tag: "services",
                     query: [
                        .string("category", "Only this category.", maxLength: 64),
                        APIParameter("min_price", APISchemas.decimalParameter, "Price at least this many USD."),
                        APIParameter("max_price", APISchemas.decimalParameter, "Price at most this many USD."),
                        APIParameter("min_reputation", #"{"type":"number","minimum":0,"maximum":5}"#, "Reputation at least this (0…5)."),
                        APIParameter("mcp_compatible", #"{"type":"boolean"}"#, "Only MCP-compatible services (or only not)."),
                     ] + APIParameter.paging,
                     response: "ServicePage") { call in
                try .page(try await api.discoverServices(try call.query(ServiceQuery.self)))
            },
            APIRoute(.get, "/api/v1/services/{id}", access: .catalog, operationID: "getService", summary: "One service.",
                     tag: "services", response: "Service") { call in
                try .json(try await api.service(id: try call.id("id")))
            },
            APIRoute(.get, "/api/v1/services/{id}/pricing", access: .catalog, operationID: "getServicePricing",
                     summary: "A service's price.", tag: "services", response: "ServicePricing") { call in
                try .json(try await api.pricing(serviceID: try call.id("id")))
            },
            APIRoute(.post, "/api/v1/services", access: .administer, operationID: "registerService",
                     summary: "Registers a service (409 when its endpoint is registered).", tag: "services", status: 201,
                     request: "NewService", response: "Service") { call in
                try .json(try await api.registerService(try call.decode(NewService.self), by: call.actor), status: 201)
            },
            APIRoute(.put, "/api/v1/services/{id}", access: .administer, operationID: "updateService",
                     summary: "Changes the given fields of a service.", tag: "services", request: "ServiceUpdate",
                     response: "Service") { call in
                let id = try call.id("id")
                return try .json(try await api.updateService(id: id, try call.decode(ServiceUpdate.self), by: call.actor))
            },
        ]
    }
}
