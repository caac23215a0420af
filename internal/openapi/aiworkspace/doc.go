// Package aiworkspace serves PAI's AIWorkspace API, version 2021-02-04, in Alibaba Cloud's ROA
// style (shared/reference/pai.md §3–§4), so that the official SDK's services/aiworkspace works
// against Rampart unmodified: the same methods and paths under /api/v1, the same query and body
// fields, the same response field names.
//
// A request goes through the same steps whatever its action:
//
//  1. the route (method and path) names the action; path parameters come from the path;
//  2. the body is read once, then the ROA signature is verified over it (package authn:
//     Authorization "acs <AccessKeyId>:<Signature>", Content-MD5, Date, STS tokens); an
//     x-acs-version other than 2021-02-04 is refused;
//  3. the action decodes its query and its body: the v1 SDK sends the JSON body as the form field
//     body=<url-encoded JSON>, newer SDKs send the JSON itself; both are accepted. Input that
//     could be read two ways is refused (400 InvalidParameter.<parameter>) rather than read one
//     way: a query or form parameter given twice, a JSON member given twice in one object (or
//     twice up to case, as encoding/json matches names in any case), a number not written as
//     the SDKs write one ("+5", "05"), a boolean other than true or false;
//  4. the domain (package pai) validates, authorizes and acts;
//  5. the response is JSON with the SDK's field names and the request's RequestId.
//
// Errors of every step are written by openapi.WriteError: the HTTP status of the error's kind
// and the body {RequestId, HostId, Code, Message, Recommend, AccessDeniedDetail}.
package aiworkspace
