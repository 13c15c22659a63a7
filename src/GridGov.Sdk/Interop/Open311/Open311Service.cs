namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// One service of Open311 GeoReport v2's <c>GET services</c>: a category of matter (问题类别) residents
/// may report. Each property carries the spec's element name in its summary.
/// </summary>
/// <param name="ServiceCode">service_code: the issue category code, such as <c>environment</c>.</param>
/// <param name="ServiceName">service_name: the name a resident sees.</param>
/// <param name="Description">description: what the category covers, where it is handled first and how fast.</param>
/// <param name="Metadata">metadata: whether a service definition lists extra attributes (always true here: title and priority).</param>
/// <param name="Type">type: <c>realtime</c>, <c>batch</c> or <c>blackbox</c> (always <c>realtime</c>: the request id is returned at once).</param>
/// <param name="Keywords">keywords: comma-separated words that help a client find the service.</param>
/// <param name="Group">group: the handling level that takes the matter first (楼院, 小区, 社区, 街道…).</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Open311Service(string ServiceCode, string ServiceName, string Description, bool Metadata, string Type, string Keywords, string Group);
