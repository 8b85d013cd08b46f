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
      "session": {"type": "http", "scheme": "bearer", "description": "Token from POST /api/v1/session."}
    },
    "responses": {
      "Problem": {"description": "A problem", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    },
    "parameters": {
      "dataset": {"name": "dataset", "in": "path", "required": true, "description": "Dataset id or name", "schema": {"type": "string"}},
      "distribution": {"name": "distribution", "in": "path", "required": true, "schema": {"type": "string"}},
      "agency": {"name": "agency", "in": "path", "required": true, "schema": {"type": "string"}},
      "system": {"name": "system", "in": "path", "required": true, "schema": {"type": "string"}}
    },
    "schemas": {
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
              "constraints": {"type": "object", "additionalProperties": false, "properties": {
                "required": {"type": "boolean"}, "unique": {"type": "boolean"}, "minimum": {"type": "number"},
                "maximum": {"type": "number"}, "minLength": {"type": "integer"}, "maxLength": {"type": "integer"},
                "pattern": {"type": "string"}, "enum": {"type": "array", "items": {"type": "string"}}}}
            }}},
          "primaryKey": {"type": "array", "items": {"type": "string"}},
          "missingValues": {"type": "array", "items": {"type": "string"}}
        }
      },
      "Distribution": {
        "type": "object", "required": ["id", "title", "format"],
        "properties": {
          "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
          "format": {"type": "string"}, "mediaType": {"type": "string"}, "accessURL": {"type": "string"},
          "downloadURL": {"type": "string"}, "byteSize": {"type": "integer"},
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
        "type": "object", "required": ["agency", "code", "clientId", "name", "description"],
        "properties": {"agency": {"type": "string"}, "code": {"type": "string"}, "clientId": {"type": "string"},
          "name": {"type": "string"}, "description": {"type": "string"}}
      },
      "SystemInput": {
        "type": "object", "additionalProperties": false, "required": ["code", "name"],
        "properties": {"code": {"type": "string", "pattern": "^[a-z0-9_-]{2,100}$"}, "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}, "description": {"type": "string", "maxLength": 10000}}
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
      "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}
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
          "413": {"$ref": "#/components/responses/Problem"}, "422": {"$ref": "#/components/responses/Problem"}}},
      "get": {"operationId": "whoAmI", "summary": "The signed-in user", "security": [{"session": []}],
        "responses": {"200": {"description": "The user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
          "401": {"$ref": "#/components/responses/Problem"}}}
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
    }
  }
}
"""#
}
