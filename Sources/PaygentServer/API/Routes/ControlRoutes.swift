import HTTPTypes
import PaygentCore
import PaygentEVM
import PaygentWire

/// The global policy (read; partial update by admins with `ETag`/`If-Match`) and the global
/// pause switch (operators).
struct ControlRoutes: APIRouteGroup {
    let api: any PaygentAPI

    /// The policy's entity tag: a hash of its wire form.
    static func etag(_ settings: PolicySettings) throws -> String {
        "\"" + Hex.encode(Array(Keccak256.hash(Array(try WireJSON.encode(settings))).prefix(16)), prefix: false) + "\""
    }

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/policy", access: .read, operationID: "getPolicy",
                     summary: "The global policy; its `ETag` guards updates.", tag: "policy", response: "PolicySettings") { _ in
                let settings = try await api.policy()
                return try .json(settings, headers: [("ETag", try Self.etag(settings))])
            },
            APIRoute(.put, "/api/v1/policy", access: .administer, operationID: "updatePolicy",
                     summary: "Partial update: the members given replace the current ones (`If-Match` against lost updates; 412 when stale).",
                     tag: "policy", request: "PolicyPatch", response: "PolicySettings") { call in
                let current = try await api.policy()
                if let match = call.request.headers[.ifMatch], match != "*", match != (try Self.etag(current)) {
                    throw APIFailure(PaygentError.conflict("the policy changed since it was read (If-Match does not match its ETag)"), status: 412)
                }
                let updated = try await api.updatePolicy(try PolicyPatch.apply(call.body, to: current), by: call.actor)
                return try .json(updated, headers: [("ETag", try Self.etag(updated))])
            },
            APIRoute(.get, "/api/v1/control", access: .read, operationID: "controlState", summary: "The global pause switch.",
                     tag: "control", response: "ControlState") { _ in
                try .json(try await api.controlState())
            },
            APIRoute(.post, "/api/v1/control/pause", access: .operate, operationID: "pauseAll",
                     summary: "Global panic stop: every payment is frozen until resumed (409 when already paused).", tag: "control",
                     request: "ReasonBody", requestOptional: true, response: "ControlState") { call in
                try .json(try await api.pauseAll(reason: try call.decode(ReasonBody.self).validated(), by: call.actor))
            },
            APIRoute(.post, "/api/v1/control/resume", access: .operate, operationID: "resumeAll",
                     summary: "Lifts the global pause (409 when not paused).", tag: "control", response: "ControlState") { call in
                try .json(try await api.resumeAll(by: call.actor))
            },
        ]
    }
}
