using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace GridGov.Sdk.Storage;

/// <summary>An event in its stored form: a stable type name and UTF-8 JSON for payload and metadata.</summary>
/// <param name="Type">The stable type name.</param>
/// <param name="Payload">The payload as UTF-8 JSON.</param>
/// <param name="Metadata">The metadata as UTF-8 JSON.</param>
public sealed record SerializedEvent(string Type, byte[] Payload, byte[] Metadata);

/// <summary>
/// Turns events into their stored form and back: System.Text.Json with NodaTime's converters, type
/// names from an <see cref="EventTypeRegistry"/>. Durable stores hash exactly these bytes.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class EventSerializer
{
    private readonly EventTypeRegistry _registry;
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a serializer.</summary>
    /// <param name="registry">The event type names; <see cref="EventTypeRegistry.CreateDefault"/> when null.</param>
    public EventSerializer(EventTypeRegistry? registry = null)
    {
        _registry = registry ?? EventTypeRegistry.CreateDefault();
        _options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            WriteIndented = false,
        }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        _options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        _options.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>Gets the event type names.</summary>
    public EventTypeRegistry Registry => _registry;

    /// <summary>Serializes an event.</summary>
    /// <param name="data">The event.</param>
    /// <returns>Its stored form.</returns>
    /// <exception cref="UnknownEventTypeException">The payload's type is not registered.</exception>
    public SerializedEvent Serialize(EventData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var type = data.Payload.GetType();
        var name = _registry.NameOf(type);
        return new SerializedEvent(
            name,
            JsonSerializer.SerializeToUtf8Bytes(data.Payload, type, _options),
            JsonSerializer.SerializeToUtf8Bytes(data.Metadata, _options));
    }

    /// <summary>Deserializes an event's payload and metadata.</summary>
    /// <param name="type">The stable type name.</param>
    /// <param name="payload">The payload JSON.</param>
    /// <param name="metadata">The metadata JSON.</param>
    /// <returns>The payload object and the metadata.</returns>
    /// <exception cref="UnknownEventTypeException">The type name is not registered.</exception>
    /// <exception cref="JsonException">The JSON does not fit the type.</exception>
    public (object Payload, EventMetadata Metadata) Deserialize(string type, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> metadata)
    {
        var clrType = _registry.TypeOf(type);
        var p = JsonSerializer.Deserialize(payload, clrType, _options) ?? throw new JsonException($"Event payload of '{type}' is null.");
        var m = JsonSerializer.Deserialize<EventMetadata>(metadata, _options) ?? throw new JsonException("Event metadata is null.");
        return (p, m);
    }
}
