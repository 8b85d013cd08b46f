/// The OpenAPI 3.1 description served at `GET /openapi.json`. It is written by hand, kept next
/// to the routes, and checked against the live node by schemathesis in CI: any response the
/// code gives that this document does not allow fails the build.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Causeway",
    "version": "0.1.0",
    "summary": "Public-sector data exchange: catalogue, agreements, gateway, transparency log.",
    "description": "Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.",
    "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}
  },
  "servers": [{"url": "/"}],
  "components": {
    "securitySchemes": {
      "session": {"type": "http", "scheme": "bearer", "description": "Token from POST /api/v1/session."},
      "client": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": "Access token from POST /oauth/token (client credentials)."},
      "clientSecret": {"type": "http", "scheme": "basic", "description": "client_id (agency/system) and client secret, RFC 6749 §2.3.1."}
    },
    "responses": {
      "Problem": {"description": "A problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
      "JobLoaded": {"description": "Loaded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
      "JobAccepted": {"description": "Accepted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
      "JobRejected": {"description": "Rejected", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}
    },
    "requestBodies": {
      "Upload": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}, "application/jsonl": {"schema": {"type": "string"}}}}
    },
    "parameters": {
      "dataset": {"name": "dataset", "in": "path", "required": true, "description": "Dataset id or name", "schema": {"type": "string"}},
      "distribution": {"name": "distribution", "in": "path", "required": true, "schema": {"type": "string"}},
      "agency": {"name": "agency", "in": "path", "required": true, "schema": {"type": "string"}},
      "system": {"name": "system", "in": "path", "required": true, "schema": {"type": "string"}},
      "agreement": {"name": "agreement", "in": "path", "required": true, "description": "Agreement id", "schema": {"type": "string"}}
    },
    "schemas": {
      "AccessChange": {"type": "object", "required": ["id", "dataset", "publisher", "from", "to", "reason", "proposedBy", "proposedAs", "proposedAt", "state"],
        "properties": {"id": {"type": "string"}, "dataset": {"type": "string"}, "publisher": {"type": "string"},
          "from": {"type": "string"}, "to": {"type": "string"}, "reason": {"type": "string"},
          "proposedBy": {"type": "string"}, "proposedAs": {"type": "string", "enum": ["steward", "dpo"]}, "proposedAt": {"type": "string", "format": "date-time"},
          "state": {"type": "string", "enum": ["pending", "applied", "rejected"]}, "decidedBy": {"type": "string"}, "decidedAs": {"type": "string"},
          "decidedAt": {"type": "string", "format": "date-time"}, "decisionReason": {"type": "string"}}},
      "SubjectAccesses": {"type": "object", "required": ["checkpoint", "size", "accesses"], "properties": {
        "checkpoint": {"type": "string"}, "size": {"type": "integer"},
        "accesses": {"type": "array", "items": {"type": "object", "required": ["index", "at", "kind", "entry", "proof"], "properties": {
          "index": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "kind": {"type": "string"},
          "consumer": {"type": "string"}, "provider": {"type": "string"}, "target": {"type": "string"}, "purpose": {"type": "string"},
          "agreement": {"type": "string"}, "status": {"type": "integer"}, "entry": {"type": "string"},
          "proof": {"type": "array", "items": {"type": "string"}}}}}}},
      "TransparencyReport": {"type": "object", "required": ["suppressionThreshold", "rows"], "properties": {
        "suppressionThreshold": {"type": "integer"},
        "rows": {"type": "array", "items": {"type": "object", "required": ["month", "provider", "consumer", "purpose", "outcome", "suppressed"],
          "properties": {"month": {"type": "string"}, "provider": {"type": "string"}, "consumer": {"type": "string"}, "purpose": {"type": "string"},
            "outcome": {"type": "string", "enum": ["call", "refused"]}, "calls": {"type": "integer", "minimum": 5}, "suppressed": {"type": "boolean"}}}}}},
      "LogEntries": {"type": "object", "required": ["entries"], "properties": {"entries": {"type": "array", "items": {"type": "object",
        "required": ["index", "entry"], "properties": {"index": {"type": "integer"}, "entry": {"type": "string", "contentEncoding": "base64"}}}}}},
      "LogProof": {"type": "object", "required": ["hashes"], "properties": {"index": {"type": "integer"}, "size": {"type": "integer"},
        "from": {"type": "integer"}, "to": {"type": "integer"}, "leafHash": {"type": "string"},
        "hashes": {"type": "array", "items": {"type": "string", "contentEncoding": "base64"}}}},
      "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "code"],
        "properties": {
          "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
          "detail": {"type": "string"}, "code": {"type": "string"}, "instance": {"type": "string"},
          "errors": {"type": "array", "items": {"type": "object", "required": ["pointer", "detail"],
            "properties": {"pointer": {"type": "string"}, "detail": {"type": "string"}}}}
        }
      },
      "AccessRights": {"type": "string", "enum": ["public", "restricted", "personal"]},
      "Theme": {"type": "string", "enum": ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTL", "JUST", "REGI", "SOCI", "TECH", "TRAN"]},
      "Frequency": {"type": "string", "enum": ["CONT", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "IRREG", "NEVER", "UNKNOWN"]},
      "ContactPoint": {"type": "object", "additionalProperties": false, "required": ["name", "email"],
        "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": "\\S"}, "email": {"type": "string", "format": "email"}}},
      "Temporal": {"type": "object", "additionalProperties": false, "required": ["start"],
        "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}},
      "TableSchema": {
        "type": "object", "required": ["fields"], "additionalProperties": false,
        "description": "Frictionless Table Schema",
        "properties": {
          "fields": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["name", "type"], "additionalProperties": false,
            "properties": {
              "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"},
              "type": {"type": "string", "enum": ["string", "integer", "number", "boolean", "date", "datetime", "time", "year", "geopoint", "any"]},
              "format": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
              "trueValues": {"type": "array", "items": {"type": "string"}}, "falseValues": {"type": "array", "items": {"type": "string"}},
              "index": {"type": "boolean", "description": "Causeway extension: index this field in the hosted table"},
              "constraints": {"type": "object", "additionalProperties": false, "properties": {
                "required": {"type": "boolean"}, "unique": {"type": "boolean"}, "minimum": {"type": "number"},
                "maximum": {"type": "number"}, "minLength": {"type": "integer"}, "maxLength": {"type": "integer"},
                "pattern": {"type": "string"}, "enum": {"type": "array", "items": {"type": "string"}}}}
            }}},
          "primaryKey": {"type": "array", "items": {"type": "string"}},
          "missingValues": {"type": "array", "items": {"type": "string"}}
        }
      },
      "TableError": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "row": {"type": "integer"}, "field": {"type": "string"}, "cell": {"type": "string"}, "message": {"type": "string"}}},
      "Job": {"type": "object", "required": ["id", "dataset", "distribution", "mode", "format", "state", "createdBy", "created", "byteSize", "rowsRead", "rowsWritten", "errorCount", "errors"],
        "properties": {
          "id": {"type": "string"}, "dataset": {"type": "string"}, "distribution": {"type": "string"},
          "mode": {"type": "string", "enum": ["replace", "append", "upsert"]}, "format": {"type": "string", "enum": ["csv", "jsonl"]},
          "state": {"type": "string", "enum": ["queued", "running", "succeeded", "failed"]}, "createdBy": {"type": "string"},
          "created": {"type": "string", "format": "date-time"}, "started": {"type": "string", "format": "date-time"},
          "finished": {"type": "string", "format": "date-time"}, "byteSize": {"type": "integer"}, "rowsRead": {"type": "integer"},
          "rowsWritten": {"type": "integer"}, "rowsPerSecond": {"type": "number"}, "errorCount": {"type": "integer"},
          "errors": {"type": "array", "items": {"$ref": "#/components/schemas/TableError"}}, "version": {"type": "integer"},
          "detail": {"type": "string"}}},
      "Version": {"type": "object", "required": ["version", "mode", "rowCount", "rowsWritten", "sha256", "byteSize", "uploadedBy", "created"],
        "properties": {
          "version": {"type": "integer"}, "mode": {"type": "string", "enum": ["replace", "append", "upsert", "delete"]},
          "rowCount": {"type": "integer"}, "rowsWritten": {"type": "integer"}, "sha256": {"type": "string"}, "byteSize": {"type": "integer"},
          "uploadedBy": {"type": "string"}, "created": {"type": "string", "format": "date-time"}, "job": {"type": "string"}}},
      "RecordPage": {"type": "object", "required": ["dataset", "distribution", "version", "fields", "records", "next"],
        "properties": {
          "dataset": {"type": "string"}, "distribution": {"type": "string"}, "version": {"type": "integer"},
          "fields": {"type": "array", "items": {"type": "object", "required": ["name", "type"], "properties": {"name": {"type": "string"}, "type": {"type": "string"}}}},
          "total": {"type": "integer"}, "records": {"type": "array", "items": {"type": "object"}},
          "next": {"type": ["string", "null"]}}},
      "Distribution": {
        "type": "object", "required": ["id", "title", "format"],
        "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
          "format": {"type": "string"}, "mediaType": {"type": "string"}, "accessURL": {"type": "string"},
          "downloadURL": {"type": "string"}, "byteSize": {"type": "integer"},
          "dialect": {"type": "object", "additionalProperties": false, "properties": {
            "delimiter": {"type": "string", "minLength": 1, "maxLength": 1}, "quoteChar": {"type": "string", "minLength": 1, "maxLength": 1},
            "header": {"type": "boolean"}}},
          "schema": {"$ref": "#/components/schemas/TableSchema"}
        }
      },
      "DistributionDraft": {
        "type": "object", "additionalProperties": false, "required": ["title", "format"],
        "properties": {
          "id": {"type": "string", "pattern": "^[a-z0-9_-]{1,100}$"}, "title": {"type": "string", "minLength": 1, "maxLength": 300, "pattern": "\\S"},
          "description": {"type": "string", "maxLength": 20000},
          "format": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "\\S"}, "mediaType": {"type": "string"}, "accessURL": {"type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$"},
          "downloadURL": {"type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$"}, "byteSize": {"type": "integer", "minimum": 0, "maximum": 9007199254740991},
          "dialect": {"type": "object", "additionalProperties": false, "properties": {
            "delimiter": {"type": "string", "minLength": 1, "maxLength": 1}, "quoteChar": {"type": "string", "minLength": 1, "maxLength": 1},
            "header": {"type": "boolean"}}},
          "schema": {"$ref": "#/components/schemas/TableSchema"}
        }
      },
      "Dataset": {
        "type": "object",
        "required": ["id", "name", "title", "description", "publisher", "keywords", "themes", "license", "accessRights", "accrualPeriodicity", "distributions", "issued", "modified"],
        "properties": {
          "id": {"type": "string"}, "name": {"type": "string"}, "title": {"type": "string"},
          "description": {"type": "string"}, "publisher": {"type": "string"},
          "keywords": {"type": "array", "items": {"type": "string"}},
          "themes": {"type": "array", "items": {"$ref": "#/components/schemas/Theme"}},
          "contactPoint": {"$ref": "#/components/schemas/ContactPoint"},
          "license": {"type": "string"}, "accessRights": {"$ref": "#/components/schemas/AccessRights"},
          "accrualPeriodicity": {"$ref": "#/components/schemas/Frequency"},
          "temporal": {"$ref": "#/components/schemas/Temporal"},
          "spatial": {"type": "string"}, "landingPage": {"type": "string"}, "version": {"type": "string"},
          "distributions": {"type": "array", "items": {"$ref": "#/components/schemas/Distribution"}},
          "issued": {"type": "string", "format": "date-time"}, "modified": {"type": "string", "format": "date-time"}
        }
      },
      "DatasetDraft": {
        "type": "object", "additionalProperties": false,
        "required": ["name", "title", "description", "publisher", "license", "accessRights"],
        "properties": {
          "name": {"type": "string", "pattern": "^[a-z0-9_-]{2,100}$"}, "title": {"type": "string", "minLength": 1, "maxLength": 300, "pattern": "\\S"},
          "description": {"type": "string", "maxLength": 50000}, "publisher": {"type": "string", "pattern": "^[a-z0-9_-]{2,100}$"},
          "keywords": {"type": "array", "maxItems": 50, "items": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"}},
          "themes": {"type": "array", "items": {"$ref": "#/components/schemas/Theme"}},
          "contactPoint": {"$ref": "#/components/schemas/ContactPoint"},
          "license": {"type": "string", "enum": ["CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "ODbL-1.0", "OGL-3.0", "restricted"]},
          "accessRights": {"$ref": "#/components/schemas/AccessRights"},
          "accrualPeriodicity": {"$ref": "#/components/schemas/Frequency"},
          "temporal": {"$ref": "#/components/schemas/Temporal"},
          "spatial": {"type": "string", "maxLength": 300}, "landingPage": {"type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$"}, "version": {"type": "string", "maxLength": 50},
          "distributions": {"type": "array", "maxItems": 100, "items": {"$ref": "#/components/schemas/DistributionDraft"}}
        }
      },
      "FacetCount": {"type": "object", "required": ["value", "count"], "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}},
      "DatasetSearch": {
        "type": "object", "required": ["total", "offset", "limit", "facets", "results"],
        "properties": {
          "total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
          "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetCount"}}},
          "results": {"type": "array", "items": {"$ref": "#/components/schemas/Dataset"}}
        }
      },
      "DistributionList": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Distribution"}}}},
      "Agency": {
        "type": "object", "required": ["code", "name"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
          "homepage": {"type": "string"}, "email": {"type": "string"}, "datasetCount": {"type": "integer"}}
      },
      "AgencyInput": {
        "type": "object", "additionalProperties": false, "required": ["code", "name"],
        "properties": {"code": {"type": "string", "pattern": "^[a-z0-9_-]{2,100}$"}, "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}, "description": {"type": "string", "maxLength": 10000},
          "homepage": {"type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$"}, "email": {"type": "string", "format": "email"}}
      },
      "AgencyList": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Agency"}}}},
      "System": {
        "type": "object", "required": ["agency", "code", "clientId", "name", "description", "roles"],
        "properties": {"agency": {"type": "string"}, "code": {"type": "string"}, "clientId": {"type": "string"},
          "name": {"type": "string"}, "description": {"type": "string"},
          "roles": {"type": "array", "items": {"type": "string", "enum": ["citizen-portal"]}}}
      },
      "SystemInput": {
        "type": "object", "additionalProperties": false, "required": ["code", "name"],
        "properties": {"code": {"type": "string", "pattern": "^[a-z0-9_-]{2,100}$"}, "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}, "description": {"type": "string", "maxLength": 10000},
          "roles": {"type": "array", "description": "Only operators may grant roles", "items": {"type": "string", "enum": ["citizen-portal"]}}}
      },
      "SystemList": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/System"}}}},
      "IssuedSecret": {
        "type": "object", "required": ["id", "clientId", "clientSecret", "createdAt", "note"],
        "properties": {"id": {"type": "string"}, "clientId": {"type": "string"}, "clientSecret": {"type": "string"},
          "createdAt": {"type": "string", "format": "date-time"}, "note": {"type": "string"}}
      },
      "SecretList": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {
        "type": "object", "required": ["id", "agency", "system", "createdAt"],
        "properties": {"id": {"type": "string"}, "agency": {"type": "string"}, "system": {"type": "string"},
          "createdAt": {"type": "string", "format": "date-time"}, "revokedAt": {"type": "string", "format": "date-time"}}}}}},
      "Login": {"type": "object", "additionalProperties": false, "required": ["username", "password"],
        "properties": {"username": {"type": "string"}, "password": {"type": "string"}}},
      "User": {
        "type": "object", "required": ["username", "displayName", "memberships", "isOperator"],
        "properties": {"username": {"type": "string"}, "displayName": {"type": "string"}, "isOperator": {"type": "boolean"},
          "memberships": {"type": "array", "items": {"type": "object", "required": ["agency", "role"],
            "properties": {"agency": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "steward", "dpo", "engineer", "viewer"]}}}}}
      },
      "Session": {
        "type": "object", "required": ["token", "tokenType", "expiresAt", "user"],
        "properties": {"token": {"type": "string"}, "tokenType": {"type": "string"},
          "expiresAt": {"type": "string", "format": "date-time"}, "user": {"$ref": "#/components/schemas/User"}}
      },
      "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
      "TokenResponse": {"type": "object", "required": ["access_token", "token_type", "expires_in"],
        "properties": {"access_token": {"type": "string"}, "token_type": {"type": "string", "enum": ["Bearer"]}, "expires_in": {"type": "integer"}}},
      "OAuthError": {"type": "object", "required": ["error"], "description": "RFC 6749 §5.2, with Causeway's problem code",
        "properties": {"error": {"type": "string", "enum": ["invalid_request", "invalid_client", "unsupported_grant_type"]},
          "error_description": {"type": "string"}, "code": {"type": "string"}, "status": {"type": "integer"}, "title": {"type": "string"}}},
      "JWKS": {"type": "object", "required": ["keys"], "properties": {"keys": {"type": "array", "items": {"type": "object",
        "required": ["kty", "crv", "kid", "x"], "properties": {"kty": {"type": "string", "enum": ["OKP"]}, "crv": {"type": "string", "enum": ["Ed25519"]},
          "alg": {"type": "string"}, "use": {"type": "string"}, "kid": {"type": "string"}, "x": {"type": "string"}}}}}},
      "ExchangeRecords": {"type": "object", "required": ["dataset", "version", "fields", "records"],
        "properties": {"dataset": {"type": "string"}, "version": {"type": "integer"}, "fields": {"type": "array", "items": {"type": "string"}},
          "total": {"type": "integer"}, "records": {"type": "array", "items": {"type": "object"}}}},
      "Service": {"type": "object", "additionalProperties": false,
        "required": ["provider", "code", "title", "description", "baseURL", "methods", "paths", "responseFields", "personalData", "timeoutSeconds", "maxResponseBytes"],
        "properties": {"provider": {"type": "string"}, "code": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
          "baseURL": {"type": "string"}, "methods": {"type": "array", "items": {"type": "string"}},
          "paths": {"type": "array", "items": {"type": "string"}, "description": "Allowed paths below baseURL: literal segments, * for one segment, a final ** for any rest"},
          "responseFields": {"type": "array", "items": {"type": "string"}}, "personalData": {"type": "boolean"},
          "timeoutSeconds": {"type": "number"}, "maxResponseBytes": {"type": "integer"}}},
      "ServiceList": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}}}},
      "AgreementState": {"type": "string", "enum": ["draft", "submitted", "approved", "active", "suspended", "expired", "revoked", "rejected"]},
      "Purpose": {"type": "object", "additionalProperties": false, "required": ["code", "description"],
        "properties": {"code": {"type": "string"}, "description": {"type": "string"}}},
      "LegalBasis": {"type": "object", "additionalProperties": false, "required": ["ground", "citation"],
        "properties": {"ground": {"type": "string", "enum": ["consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"]},
          "citation": {"type": "string"}}},
      "Quota": {"type": "object", "additionalProperties": false, "required": ["perMinute", "perDay"],
        "properties": {"perMinute": {"type": "integer"}, "perDay": {"type": "integer"}}},
      "AgreementDraft": {
        "type": "object", "additionalProperties": false, "required": ["provider", "consumer", "systems", "fields"],
        "description": "With a template, only the parties, the target (dataset or service) and the fields are needed.",
        "properties": {
          "title": {"type": "string"}, "template": {"type": "string"}, "provider": {"type": "string"}, "consumer": {"type": "string"},
          "systems": {"type": "array", "items": {"type": "string"}}, "dataset": {"type": "string"}, "service": {"type": "string"},
          "fields": {"type": "array", "items": {"type": "string"}}, "purpose": {"$ref": "#/components/schemas/Purpose"},
          "legalBasis": {"$ref": "#/components/schemas/LegalBasis"}, "methods": {"type": "array", "items": {"type": "string"}},
          "validFrom": {"type": "string", "format": "date-time"}, "validUntil": {"type": "string", "format": "date-time"},
          "quota": {"$ref": "#/components/schemas/Quota"}, "retentionDays": {"type": "integer"}, "onwardSharing": {"type": "boolean"},
          "wholeResponses": {"type": "boolean", "description": "Services only: answers that are not JSON may pass unreduced"}
        }
      },
      "Approval": {"type": "object", "required": ["username", "capacity", "at"],
        "properties": {"username": {"type": "string"}, "capacity": {"type": "string", "enum": ["steward", "dpo"]}, "at": {"type": "string", "format": "date-time"}}},
      "AgreementEvent": {"type": "object", "required": ["kind", "at", "to"],
        "properties": {"kind": {"type": "string", "enum": ["drafted", "edited", "submitted", "approved", "rejected", "suspended", "resumed", "revoked", "renewed", "activated", "expired"]},
          "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"}, "from": {"$ref": "#/components/schemas/AgreementState"},
          "to": {"$ref": "#/components/schemas/AgreementState"}, "reason": {"type": "string"}, "note": {"type": "string"}}},
      "Agreement": {
        "type": "object",
        "required": ["id", "title", "state", "provider", "consumer", "systems", "target", "purpose", "legalBasis", "fields", "methods",
                     "validFrom", "validUntil", "quota", "retentionDays", "onwardSharing", "personalData", "drafter", "createdAt",
                     "approvals", "awaiting", "timeline", "links"],
        "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "state": {"$ref": "#/components/schemas/AgreementState"},
          "provider": {"type": "string"}, "consumer": {"type": "string"}, "systems": {"type": "array", "items": {"type": "string"}},
          "target": {"type": "object", "required": ["kind", "id"], "properties": {"kind": {"type": "string", "enum": ["dataset", "service"]}, "id": {"type": "string"}}},
          "purpose": {"$ref": "#/components/schemas/Purpose"}, "legalBasis": {"$ref": "#/components/schemas/LegalBasis"},
          "fields": {"type": "array", "items": {"type": "string"}}, "methods": {"type": "array", "items": {"type": "string"}},
          "validFrom": {"type": "string", "format": "date-time"}, "validUntil": {"type": "string", "format": "date-time"},
          "quota": {"$ref": "#/components/schemas/Quota"}, "retentionDays": {"type": "integer"}, "onwardSharing": {"type": "boolean"},
          "wholeResponses": {"type": "boolean"}, "personalData": {"type": "boolean"}, "template": {"type": "string"}, "renewalOf": {"type": "string"}, "drafter": {"type": "string"},
          "createdAt": {"type": "string", "format": "date-time"}, "submittedAt": {"type": "string", "format": "date-time"},
          "activatedAt": {"type": "string", "format": "date-time"},
          "approvals": {"type": "array", "items": {"$ref": "#/components/schemas/Approval"}},
          "awaiting": {"type": "array", "items": {"type": "string", "enum": ["steward", "dpo"]}},
          "decision": {"type": "object", "required": ["username", "at", "reason"],
            "properties": {"username": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "reason": {"type": "string"}}},
          "timeline": {"type": "array", "items": {"$ref": "#/components/schemas/AgreementEvent"}},
          "links": {"type": "object", "required": ["self", "odrl", "summary"],
            "properties": {"self": {"type": "string"}, "odrl": {"type": "string"}, "summary": {"type": "string"}}}
        }
      },
      "AgreementList": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Agreement"}}}},
      "AgreementTemplate": {
        "type": "object", "additionalProperties": false,
        "required": ["id", "title", "description", "purpose", "legalBasis", "methods", "validityDays", "quota", "retentionDays", "onwardSharing"],
        "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}, "agency": {"type": "string"},
          "purpose": {"$ref": "#/components/schemas/Purpose"}, "legalBasis": {"$ref": "#/components/schemas/LegalBasis"},
          "methods": {"type": "array", "items": {"type": "string"}}, "validityDays": {"type": "integer"},
          "quota": {"$ref": "#/components/schemas/Quota"}, "retentionDays": {"type": "integer"}, "onwardSharing": {"type": "boolean"}
        }
      },
      "AgreementTemplateList": {"type": "object", "required": ["results"],
        "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/AgreementTemplate"}}}},
      "AgreementStats": {"type": "object", "required": ["providers"], "properties": {"providers": {"type": "array", "items": {
        "type": "object", "required": ["provider", "total", "byState", "activatedCount"],
        "properties": {"provider": {"type": "string"}, "total": {"type": "integer"}, "activatedCount": {"type": "integer"},
          "byState": {"type": "object", "additionalProperties": {"type": "integer"}},
          "medianSecondsToActive": {"type": "number", "description": "Median seconds from submission to active; absent when none became active"}}}}}},
      "Transition": {"type": "object", "additionalProperties": false, "properties": {"reason": {"type": "string"}}},
      "BatchDraft": {"type": "object", "additionalProperties": false, "required": ["draft", "consumers"],
        "properties": {"draft": {"type": "object", "description": "An AgreementDraft without consumer and systems"},
          "consumers": {"type": "array", "maxItems": 1000, "items": {"type": "object", "additionalProperties": false, "required": ["consumer", "systems"],
            "properties": {"consumer": {"type": "string"}, "systems": {"type": "array", "items": {"type": "string"}}}}}}},
      "BatchTransition": {"type": "object", "additionalProperties": false, "required": ["agreements"],
        "properties": {"agreements": {"type": "array", "maxItems": 1000, "items": {"type": "string"}}, "reason": {"type": "string"}}},
      "BatchResult": {"type": "object", "required": ["succeeded", "failed", "results"],
        "properties": {"succeeded": {"type": "integer"}, "failed": {"type": "integer"}, "results": {"type": "array", "items": {
          "type": "object", "required": ["key", "status"],
          "properties": {"key": {"type": "string"}, "status": {"type": "integer"}, "agreement": {"$ref": "#/components/schemas/Agreement"},
            "problem": {"$ref": "#/components/schemas/Problem"}}}}}}
    }
  },
  "paths": {
    "/healthz": {"get": {"operationId": "healthz", "summary": "Liveness", "responses": {
      "200": {"description": "Serving", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}}},
    "/readyz": {"get": {"operationId": "readyz", "summary": "Readiness: database reachable, schema current", "responses": {
      "200": {"description": "Ready", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}},
      "503": {"$ref": "#/components/responses/Problem"}}}},
    "/api/v1/session": {
      "post": {"operationId": "login", "summary": "Sign in with username and password",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Login"}}}},
        "responses": {"201": {"description": "Signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"},
          "429": {"$ref": "#/components/responses/Problem"}}},
      "get": {"operationId": "whoAmI", "summary": "The signed-in user", "security": [{"session": []}],
        "responses": {"200": {"description": "The user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
          "401": {"$ref": "#/components/responses/Problem"}}},
      "delete": {"operationId": "signOut", "summary": "Sign out: every session of the user ends", "security": [{"session": []}],
        "responses": {"204": {"description": "Signed out"}, "401": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/access-changes": {
      "parameters": [{"name": "dataset", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"operationId": "listAccessChanges", "summary": "Proposals to open the dataset's data, and their decisions", "security": [{"session": []}],
        "responses": {"200": {"description": "Access changes", "content": {"application/json": {"schema": {"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/AccessChange"}}}}}}},
          "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "proposeAccessChange", "summary": "Propose opening the data (a steward or DPO of the publisher)", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["accessRights", "reason"], "additionalProperties": false,
          "properties": {"accessRights": {"type": "string", "enum": ["public", "restricted", "personal"]}, "reason": {"type": "string"}}}}}},
        "responses": {"201": {"description": "Proposed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccessChange"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
          "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/access-changes/{change}/approve": {
      "parameters": [{"name": "dataset", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "change", "in": "path", "required": true, "schema": {"type": "string"}}],
      "post": {"operationId": "approveAccessChange", "summary": "Approve (the other of steward and DPO): the data opens", "security": [{"session": []}],
        "responses": {"200": {"description": "Applied", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccessChange"}}}},
          "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
          "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/access-changes/{change}/reject": {
      "parameters": [{"name": "dataset", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "change", "in": "path", "required": true, "schema": {"type": "string"}}],
      "post": {"operationId": "rejectAccessChange", "summary": "Reject, with a reason (a steward or DPO of the publisher)", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reason"], "additionalProperties": false,
          "properties": {"reason": {"type": "string"}}}}}},
        "responses": {"200": {"description": "Rejected", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccessChange"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
          "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/services": {
      "get": {"operationId": "listServices", "summary": "Upstream APIs providers expose through the gateway",
        "parameters": [{"name": "provider", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Services", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceList"}}}}, "400": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "createService", "summary": "Register a service (the provider's engineers and stewards)", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}}},
        "responses": {"201": {"description": "Registered", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/services/{provider}/{service}": {
      "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "service", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"operationId": "getService", "responses": {"200": {"description": "The service", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}}}, "404": {"$ref": "#/components/responses/Problem"}}},
      "put": {"operationId": "replaceService", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}}},
        "responses": {"200": {"description": "Replaced", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
      "delete": {"operationId": "deleteService", "security": [{"session": []}], "responses": {"204": {"description": "Deleted"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/exchange/{provider}/{service}/{path}": {
      "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "service", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "path", "in": "path", "required": true, "description": "Any path below the service's base URL (may contain '/')", "schema": {"type": "string"}},
        {"name": "Causeway-Purpose", "in": "header", "schema": {"type": "string"}},
        {"name": "Causeway-Subject", "in": "header", "schema": {"type": "string"}},
        {"name": "Causeway-Request-Id", "in": "header", "schema": {"type": "string"}}],
      "get": {"operationId": "exchangeCall", "summary": "Call a provider's API through the gateway; the JSON answer is reduced to the agreed fields",
        "security": [{"client": []}],
        "responses": {"200": {"description": "The upstream's answer, reduced", "content": {"application/json": {"schema": {}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "405": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "429": {"$ref": "#/components/responses/Problem"}, "502": {"$ref": "#/components/responses/Problem"}, "504": {"$ref": "#/components/responses/Problem"}}}
    },
    "/oauth/token": {
      "post": {"operationId": "token", "summary": "Client credentials grant (RFC 6749 §4.4): a 5-minute access token for the gateway",
        "security": [{"clientSecret": []}, {}],
        "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["grant_type"],
          "properties": {"grant_type": {"type": "string", "enum": ["client_credentials"]}, "client_id": {"type": "string"}, "client_secret": {"type": "string"}}}}}},
        "responses": {"200": {"description": "Issued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenResponse"}}}},
          "400": {"description": "Bad request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}}},
          "401": {"description": "Unknown client or wrong secret", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}}},
          "413": {"$ref": "#/components/responses/Problem"}, "429": {"$ref": "#/components/responses/Problem"}}}
    },
    "/.well-known/jwks.json": {
      "get": {"operationId": "jwks", "summary": "The public keys that verify access tokens (during a rotation, old and new)",
        "responses": {"200": {"description": "JWK Set", "content": {"application/jwk-set+json": {"schema": {"$ref": "#/components/schemas/JWKS"}}}}}}
    },
    "/log/checkpoint": {
      "get": {"operationId": "logCheckpoint", "summary": "The newest signed checkpoint (C2SP tlog-checkpoint as a signed note)",
        "responses": {"200": {"description": "The checkpoint", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
    },
    "/log/key": {
      "get": {"operationId": "logKey", "summary": "The verifier key of the log (signed-note format: name+keyID+base64 key)",
        "responses": {"200": {"description": "The key", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
    },
    "/log/entries": {
      "get": {"operationId": "logEntries", "summary": "Entries start..<end (at most 1000), as base64 canonical bytes",
        "parameters": [{"name": "start", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0}},
          {"name": "end", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "Entries", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LogEntries"}}}},
          "400": {"$ref": "#/components/responses/Problem"}}}
    },
    "/log/proof/inclusion": {
      "get": {"operationId": "logInclusionProof", "summary": "RFC 9162 inclusion proof of an entry in the tree of a size (default: the newest checkpoint's)",
        "parameters": [{"name": "index", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0}},
          {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "The proof", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LogProof"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/log/proof/consistency": {
      "get": {"operationId": "logConsistencyProof", "summary": "RFC 9162 consistency proof between two tree sizes",
        "parameters": [{"name": "from", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0}},
          {"name": "to", "in": "query", "required": true, "schema": {"type": "integer", "minimum": 0}}],
        "responses": {"200": {"description": "The proof", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LogProof"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/transparency/subjects/{subject}": {
      "get": {"operationId": "subjectAccesses", "summary": "Every logged exchange call about a person, with inclusion proofs (citizen-portal systems only)",
        "security": [{"client": []}],
        "parameters": [{"name": "subject", "in": "path", "required": true, "description": "The person's identifier, as sent in Causeway-Subject", "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
        "responses": {"200": {"description": "Accesses, newest first", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubjectAccesses"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/transparency/report": {
      "get": {"operationId": "transparencyReport", "summary": "Exchange calls per month, provider, consumer agency and purpose; cells under 5 suppressed",
        "parameters": [{"name": "month", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}},
          {"name": "provider", "in": "query", "schema": {"type": "string"}}, {"name": "consumer", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TransparencyReport"}}}},
          "400": {"$ref": "#/components/responses/Problem"}}}
    },
    "/exchange/{provider}/datasets/{dataset}/records": {
      "parameters": [{"name": "provider", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "dataset", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "Causeway-Purpose", "in": "header", "description": "The agreed purpose code", "schema": {"type": "string"}},
        {"name": "Causeway-Subject", "in": "header", "description": "The person the call is about; stored only as a keyed hash", "schema": {"type": "string"}},
        {"name": "Causeway-Request-Id", "in": "header", "schema": {"type": "string"}}],
      "get": {"operationId": "exchangeRecords", "summary": "A provider's hosted restricted data, under an agreement, reduced to the agreed fields",
        "security": [{"client": []}],
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000}},
          {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
          {"name": "sort", "in": "query", "schema": {"type": "string"}}, {"name": "fields", "in": "query", "schema": {"type": "string"}},
          {"name": "total", "in": "query", "schema": {"type": "boolean"}}, {"name": "version", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": "Records", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExchangeRecords"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "429": {"$ref": "#/components/responses/Problem"}}}
    },
    "/exchange/{provider}/datasets/{dataset}/records/{key}": {
      "parameters": [{"name": "key", "in": "path", "required": true, "schema": {"type": "string"}},{"name": "provider", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "dataset", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "Causeway-Purpose", "in": "header", "description": "The agreed purpose code", "schema": {"type": "string"}},
        {"name": "Causeway-Subject", "in": "header", "description": "The person the call is about; stored only as a keyed hash", "schema": {"type": "string"}},
        {"name": "Causeway-Request-Id", "in": "header", "schema": {"type": "string"}}],
      "get": {"operationId": "exchangeRecord", "summary": "One record by its primary key, under an agreement", "security": [{"client": []}],
        "responses": {"200": {"description": "The record", "content": {"application/json": {"schema": {"type": "object"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "429": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agencies/{agency}/systems/{system}/secrets/{secret}": {
      "parameters": [{"$ref": "#/components/parameters/agency"}, {"$ref": "#/components/parameters/system"},
        {"name": "secret", "in": "path", "required": true, "schema": {"type": "string"}}],
      "delete": {"operationId": "revokeSecret", "summary": "Revoke a client secret", "security": [{"session": []}],
        "responses": {"204": {"description": "Revoked"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreement-templates": {
      "get": {"operationId": "listAgreementTemplates", "summary": "Built-in and agency-defined agreement templates", "responses": {
        "200": {"description": "Templates", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementTemplateList"}}}}}},
      "post": {"operationId": "createAgreementTemplate", "summary": "Define an agency template (its stewards and DPOs)", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementTemplate"}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementTemplate"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreement-templates/{template}": {
      "parameters": [{"name": "template", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"operationId": "getAgreementTemplate", "responses": {"200": {"description": "The template", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementTemplate"}}}}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements": {
      "get": {"operationId": "listAgreements", "summary": "Agreements the caller's agencies are party to (operators: all)", "security": [{"session": []}],
        "parameters": [
          {"name": "agency", "in": "query", "schema": {"type": "string"}},
          {"name": "state", "in": "query", "schema": {"$ref": "#/components/schemas/AgreementState"}}
        ],
        "responses": {"200": {"description": "Agreements", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementList"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "draftAgreement", "summary": "Draft an agreement, from a template or in full", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementDraft"}}}},
        "responses": {"201": {"description": "Drafted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/stats": {
      "get": {"operationId": "agreementStats", "summary": "Per provider: agreements by state and median time from submission to active",
        "responses": {"200": {"description": "Statistics", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementStats"}}}}, "400": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/batch": {
      "post": {"operationId": "draftAgreements", "summary": "Draft one agreement for many consumers; a result per consumer", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchDraft"}}}},
        "responses": {"200": {"description": "A result per consumer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchResult"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/batch/{transition}": {
      "parameters": [{"name": "transition", "in": "path", "required": true,
        "schema": {"type": "string", "enum": ["submit", "approve", "reject", "suspend", "resume", "revoke"]}}],
      "post": {"operationId": "transitionAgreements", "summary": "Apply one transition to many agreements; a result per agreement", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchTransition"}}}},
        "responses": {"200": {"description": "A result per agreement", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchResult"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "get": {"operationId": "getAgreement", "security": [{"session": []}], "responses": {"200": {"description": "The agreement", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}},
      "put": {"operationId": "editAgreement", "summary": "Change a draft's terms", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgreementDraft"}}}},
        "responses": {"200": {"description": "Edited", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/submit": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "submitAgreement", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"200": {"description": "The agreement after the transition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/approve": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "approveAgreement", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"200": {"description": "The agreement after the transition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/reject": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "rejectAgreement", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"200": {"description": "The agreement after the transition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/suspend": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "suspendAgreement", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"200": {"description": "The agreement after the transition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/resume": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "resumeAgreement", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"200": {"description": "The agreement after the transition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/revoke": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "revokeAgreement", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"200": {"description": "The agreement after the transition", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/renew": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "post": {"operationId": "renewAgreement", "summary": "Draft a successor for the next period, linked to this one", "security": [{"session": []}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Transition"}}}},
        "responses": {"201": {"description": "The new draft", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agreement"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/odrl": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "get": {"operationId": "agreementODRL", "summary": "The agreement as a W3C ODRL 2.2 policy", "security": [{"session": []}],
        "responses": {"200": {"description": "ODRL JSON-LD", "content": {"application/ld+json": {"schema": {"type": "object", "required": ["@context", "@type", "uid", "permission"]}}}}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agreements/{agreement}/summary": {
      "parameters": [{"$ref": "#/components/parameters/agreement"}],
      "get": {"operationId": "agreementSummary", "summary": "A human-readable summary for the legal file", "security": [{"session": []}],
        "parameters": [{"name": "format", "in": "query", "schema": {"type": "string", "enum": ["markdown", "html"]}}],
        "responses": {"200": {"description": "Markdown (default) or HTML", "content": {"text/markdown": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}}, "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agencies": {
      "get": {"operationId": "listAgencies", "summary": "Agencies", "responses": {
        "200": {"description": "All agencies", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgencyList"}}}}}},
      "post": {"operationId": "createAgency", "summary": "Register an agency (operators)", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgencyInput"}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agency"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agencies/{agency}": {
      "parameters": [{"$ref": "#/components/parameters/agency"}],
      "get": {"operationId": "getAgency", "responses": {
        "200": {"description": "The agency", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agency"}}}},
        "404": {"$ref": "#/components/responses/Problem"}}},
      "put": {"operationId": "updateAgency", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AgencyInput"}}}},
        "responses": {"200": {"description": "Updated", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Agency"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agencies/{agency}/systems": {
      "parameters": [{"$ref": "#/components/parameters/agency"}],
      "get": {"operationId": "listSystems", "responses": {
        "200": {"description": "Client systems", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SystemList"}}}},
        "404": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "createSystem", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SystemInput"}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/System"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agencies/{agency}/systems/{system}": {
      "parameters": [{"$ref": "#/components/parameters/agency"}, {"$ref": "#/components/parameters/system"}],
      "get": {"operationId": "getSystem", "responses": {
        "200": {"description": "The system", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/System"}}}},
        "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/agencies/{agency}/systems/{system}/secrets": {
      "parameters": [{"$ref": "#/components/parameters/agency"}, {"$ref": "#/components/parameters/system"}],
      "get": {"operationId": "listSecrets", "security": [{"session": []}], "responses": {
        "200": {"description": "Issued secrets (metadata only)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SecretList"}}}},
        "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
        "404": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "issueSecret", "summary": "Issue a client secret, shown once", "security": [{"session": []}], "responses": {
        "201": {"description": "Issued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IssuedSecret"}}}},
        "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
        "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets": {
      "get": {"operationId": "searchDatasets", "summary": "Search the catalogue",
        "parameters": [
          {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 1000}},
          {"name": "publisher", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          {"name": "theme", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          {"name": "keyword", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          {"name": "license", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          {"name": "accessRights", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          {"name": "format", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "name", "-name", "title", "-title", "modified", "-modified", "issued", "-issued"]}},
          {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000}},
          {"name": "facets", "in": "query", "description": "Comma-separated facet names", "schema": {"type": "string", "pattern": "^((publisher|theme|keyword|license|accessRights|format)(,(publisher|theme|keyword|license|accessRights|format))*)?$"}},
          {"name": "facetLimit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000}}
        ],
        "responses": {"200": {"description": "A page of results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DatasetSearch"}}}},
          "400": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "createDataset", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DatasetDraft"}}}},
        "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dataset"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}": {
      "parameters": [{"$ref": "#/components/parameters/dataset"}],
      "get": {"operationId": "getDataset", "responses": {
        "200": {"description": "The dataset", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dataset"}}}},
        "404": {"$ref": "#/components/responses/Problem"}}},
      "put": {"operationId": "replaceDataset", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DatasetDraft"}}}},
        "responses": {"200": {"description": "Replaced", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dataset"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"}}},
      "delete": {"operationId": "deleteDataset", "security": [{"session": []}], "responses": {
        "204": {"description": "Deleted"}, "401": {"$ref": "#/components/responses/Problem"},
        "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/distributions": {
      "parameters": [{"$ref": "#/components/parameters/dataset"}],
      "get": {"operationId": "listDistributions", "responses": {
        "200": {"description": "Distributions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DistributionList"}}}},
        "404": {"$ref": "#/components/responses/Problem"}}},
      "post": {"operationId": "addDistribution", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DistributionDraft"}}}},
        "responses": {"201": {"description": "Added", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Distribution"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/distributions/{distribution}": {
      "parameters": [{"$ref": "#/components/parameters/dataset"}, {"$ref": "#/components/parameters/distribution"}],
      "get": {"operationId": "getDistribution", "responses": {
        "200": {"description": "The distribution", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Distribution"}}}},
        "404": {"$ref": "#/components/responses/Problem"}}},
      "put": {"operationId": "replaceDistribution", "security": [{"session": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DistributionDraft"}}}},
        "responses": {"200": {"description": "Replaced", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Distribution"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
      "delete": {"operationId": "deleteDistribution", "security": [{"session": []}], "responses": {
        "204": {"description": "Deleted"}, "401": {"$ref": "#/components/responses/Problem"},
        "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/distributions/{distribution}/data": {
      "parameters": [{"$ref": "#/components/parameters/dataset"}, {"$ref": "#/components/parameters/distribution"},
        {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["replace", "append", "upsert"], "default": "replace"}},
        {"name": "wait", "in": "query", "schema": {"type": "boolean", "default": false}},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "jsonl"]}}],
      "put": {"operationId": "uploadData", "security": [{"session": []}],
        "description": "Streams CSV or JSON Lines into the distribution's hosted table. Answers 202 with the job, or with wait=true 201 (loaded) or 422 (rejected, nothing written).",
        "requestBody": {"$ref": "#/components/requestBodies/Upload"},
        "responses": {"201": {"$ref": "#/components/responses/JobLoaded"}, "202": {"$ref": "#/components/responses/JobAccepted"},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/JobRejected"}}},
      "post": {"operationId": "uploadDataPost", "security": [{"session": []}],
        "requestBody": {"$ref": "#/components/requestBodies/Upload"},
        "responses": {"201": {"$ref": "#/components/responses/JobLoaded"}, "202": {"$ref": "#/components/responses/JobAccepted"},
          "400": {"$ref": "#/components/responses/Problem"}, "401": {"$ref": "#/components/responses/Problem"},
          "403": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"},
          "409": {"$ref": "#/components/responses/Problem"}, "413": {"$ref": "#/components/responses/Problem"},
          "422": {"$ref": "#/components/responses/JobRejected"}}}
    },
    "/api/v1/datasets/{dataset}/distributions/{distribution}/versions": {
      "parameters": [{"$ref": "#/components/parameters/dataset"}, {"$ref": "#/components/parameters/distribution"}],
      "get": {"operationId": "listVersions", "responses": {
        "200": {"description": "Versions, newest first", "content": {"application/json": {"schema": {"type": "object", "required": ["results"],
          "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Version"}}}}}}},
        "401": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
        "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/jobs/{job}": {
      "parameters": [{"name": "job", "in": "path", "required": true, "schema": {"type": "string"}}],
      "get": {"operationId": "getJob", "security": [{"session": []}], "responses": {
        "200": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
        "401": {"$ref": "#/components/responses/Problem"}, "404": {"$ref": "#/components/responses/Problem"}}}
    },
    "/api/v1/datasets/{dataset}/records": {
      "parameters": [{"$ref": "#/components/parameters/dataset"}],
      "get": {"operationId": "queryRecords",
        "description": "Records of a hosted open dataset. Filters: where[field]=value and where[field][gt|gte|lt|lte]=value.",
        "parameters": [
          {"name": "distribution", "in": "query", "schema": {"type": "string"}},
          {"name": "version", "in": "query", "schema": {"type": "integer", "minimum": 1}},
          {"name": "q", "in": "query", "schema": {"type": "string"}},
          {"name": "fields", "in": "query", "schema": {"type": "string"}},
          {"name": "sort", "in": "query", "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 100}},
          {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
          {"name": "cursor", "in": "query", "schema": {"type": "string"}},
          {"name": "total", "in": "query", "schema": {"type": "boolean"}},
          {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "jsonl", "csv"]}}],
        "responses": {
          "200": {"description": "Records", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecordPage"}},
            "application/jsonl": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}},
          "400": {"$ref": "#/components/responses/Problem"}, "403": {"$ref": "#/components/responses/Problem"},
          "404": {"$ref": "#/components/responses/Problem"}, "409": {"$ref": "#/components/responses/Problem"}}}
    }
  }
}
"""#
}
