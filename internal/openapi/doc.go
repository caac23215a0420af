// Package openapi is Alibaba Cloud's OpenAPI wire format on Rampart's listener: the RPC style
// (GET or POST /?Action=...&Version=...) that RAM (2015-05-01), STS (2015-04-01) and Resource
// Manager (2020-03-31) use, so that the official SDKs and CLI work against Rampart unmodified
// (shared/reference/ram.md §3–§6).
//
// A request goes through the same steps whatever its action:
//
//  1. the per-IP rate limit;
//  2. parameters: the query string and a form body, merged (a name given twice is refused);
//  3. dispatch on Version, then Action (InvalidVersion, InvalidAction.NotFound);
//  4. authentication (package authn: signature, timestamp, nonce, STS token) into a caller;
//  5. the per-AccessKey rate limit;
//  6. the action's handler: decode the typed parameters (MissingParameter, InvalidParameter:
//     an integer must be written as the SDKs write one, so "+5" and "05" are refused, and a
//     repeated parameter's items name.1, name.2, ... must have no gap), call the domain
//     (package ram or sts), which validates, authorizes and acts;
//  7. the response, in JSON (the default) or XML (Format=XML), with exactly the field names and
//     list wrappers the SDK's response structs expect ("Users":{"User":[...]}) and the request's
//     RequestId, the same ID the server logs and returns in X-Acs-Request-Id.
//
// Errors of every step become one wire error in one place (WriteError): an HTTP status chosen
// from the error's kind and code, and RAM's body {RequestId, HostId, Code, Message, Recommend,
// AccessDeniedDetail}.
//
// Each action group has its own file holding a table of handlers (users.go, groups.go, ...);
// products.go assembles the tables per product and version.
package openapi
