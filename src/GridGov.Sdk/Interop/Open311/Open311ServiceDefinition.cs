namespace GridGov.Sdk.Interop.Open311;

/// <summary>The answer of <c>GET services/{service_code}</c>: the extra attributes a request for the service may carry.</summary>
/// <param name="ServiceCode">service_code.</param>
/// <param name="Attributes">attributes, in <see cref="Open311Attribute.Order"/>.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Open311ServiceDefinition(string ServiceCode, IReadOnlyList<Open311Attribute> Attributes);

/// <summary>One attribute of a service definition; a request sends it as <c>attribute[code]</c>.</summary>
/// <param name="Variable">variable: whether the client asks the resident for it (false for informational attributes).</param>
/// <param name="Code">code: the attribute's key in <c>attribute[code]</c>.</param>
/// <param name="Datatype">datatype: string, number, datetime, text, singlevaluelist or multivaluelist.</param>
/// <param name="Required">required: whether a request must carry it.</param>
/// <param name="DatatypeDescription">datatype_description: how to fill it in.</param>
/// <param name="Order">order: its position in a form, from 1.</param>
/// <param name="Description">description: the question put to the resident.</param>
/// <param name="Values">values: the allowed values of a list datatype; empty otherwise.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Open311Attribute(bool Variable, string Code, string Datatype, bool Required, string DatatypeDescription, int Order, string Description, IReadOnlyList<Open311AttributeValue> Values);

/// <summary>One allowed value of a list attribute.</summary>
/// <param name="Key">key: what the request sends.</param>
/// <param name="Name">name: what the resident sees.</param>
public sealed record Open311AttributeValue(string Key, string Name);
