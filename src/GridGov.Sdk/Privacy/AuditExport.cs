using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using CsvHelper;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// The inspector's export (审计导出): events of the global log as CSV, one row per event, with personal data masked
/// — a resident actor's name (<see cref="PersonalDataMask.ActorName"/>), phone and ID numbers in reasons and in the
/// payload (<see cref="PersonalDataMask.Scrub"/>), fields marked <see cref="PersonalDataAttribute"/>, and the contact
/// data a payload refers to (<see cref="PersonalDataKind.Reference"/>), shown as the vault's masked view. Given an
/// <see cref="AuditExportReveal"/>, the referred contact data is revealed instead, each reference through
/// <see cref="IPersonalDataVault.RevealAsync"/>, so each unmasked read is allowed by the policy and recorded.
/// </summary>
/// <remarks>
/// <para>Thread-safe.</para>
/// <para>Columns: <c>position,stream,type,actor_id,actor_name,at,reason,payload,personal_data</c>. <c>at</c> is the
/// instant in the deployment's time zone (Asia/Shanghai by default) with its offset; <c>payload</c> is the event's
/// JSON, masked. Fields that a spreadsheet would read as a formula are escaped with a leading <c>'</c>.</para>
/// <para>The events are selected first and written afterwards, so the reveals an export records do not appear in it.</para>
/// </remarks>
public sealed class AuditExport
{
    /// <summary>The header line written.</summary>
    public const string Header = "position,stream,type,actor_id,actor_name,at,reason,payload,personal_data";

    private static readonly string[] Columns = Header.Split(',');
    private static readonly OffsetDateTimePattern AtPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");
    private static readonly ConcurrentDictionary<Type, PayloadShape> Shapes = new();

    private readonly IEventStore _store;
    private readonly IPersonalDataVault _vault;
    private readonly GridHierarchyHolder? _territory;
    private readonly DateTimeZone _zone;
    private readonly EventTypeRegistry _registry;
    private readonly JsonSerializerOptions _json;

    /// <summary>Creates the export. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store to export from.</param>
    /// <param name="vault">The vault that referred contact data is read from.</param>
    /// <param name="options">The deployment's options (time zone); optional, Asia/Shanghai by default.</param>
    /// <param name="territory">The grid hierarchy, to mask addresses down to the compound; optional.</param>
    /// <param name="registry">The stable event type names; optional, <see cref="EventTypeRegistry.CreateDefault"/> by default.</param>
    public AuditExport(IEventStore store, IPersonalDataVault vault, IOptions<GridGovOptions>? options = null, GridHierarchyHolder? territory = null, EventTypeRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(vault);
        _store = store;
        _vault = vault;
        _territory = territory;
        _zone = options?.Value.TimeZone ?? DateTimeZoneProviders.Tzdb[GridGovOptions.DefaultTimeZoneId];
        _registry = registry ?? EventTypeRegistry.CreateDefault();
        _json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            WriteIndented = false,
        }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        _json.Converters.Add(new JsonStringEnumConverter());
        _json.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>Writes the selected events as CSV.</summary>
    /// <param name="writer">Where to write; left open.</param>
    /// <param name="query">Which events: a stream, an actor, a time window; everything when empty.</param>
    /// <param name="reveal">Who reveals the referred contact data and why; null to keep it masked.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>How many rows were written and how many references were revealed, refused or erased.</returns>
    public async Task<AuditExportSummary> WriteAsync(TextWriter writer, AuditExportQuery? query = null, AuditExportReveal? reveal = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        query ??= new AuditExportQuery();
        var selected = new List<RecordedEvent>();
        await foreach (var e in _store.ReadAllAsync(query.FromPosition, cancellationToken).ConfigureAwait(false))
        {
            if (query.Matches(e))
            {
                selected.Add(e);
            }
        }

        var hierarchy = _territory is { IsLoaded: true } t ? t.Current : null;
        var contacts = new Dictionary<PersonalDataRef, string>();
        int revealed = 0, refused = 0, erased = 0;
        var options = CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.Escape };
        using var csv = CsvWriter.Create(writer, options, leaveOpen: true);
        csv.WriteHeader(Columns);
        foreach (var e in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (payload, references) = MaskPayload(e.Payload);
            var personal = new List<string>(references.Count);
            foreach (var reference in references)
            {
                if (!contacts.TryGetValue(reference, out var text))
                {
                    (text, var outcome) = await ContactAsync(reference, reveal, hierarchy, cancellationToken).ConfigureAwait(false);
                    contacts[reference] = text;
                    revealed += outcome == 1 ? 1 : 0;
                    refused += outcome == 2 ? 1 : 0;
                    erased += outcome == 3 ? 1 : 0;
                }

                personal.Add(text);
            }

            csv.WriteField(e.Position.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(e.StreamId);
            csv.WriteField(TypeName(e.Payload));
            csv.WriteField(e.Metadata.Actor.Id);
            csv.WriteField(PersonalDataMask.ActorName(e.Metadata.Actor));
            csv.WriteField(AtPattern.Format(e.Metadata.At.InZone(_zone).ToOffsetDateTime()));
            csv.WriteField(PersonalDataMask.Scrub(e.Metadata.Reason));
            csv.WriteField(payload);
            csv.WriteField(string.Join(" | ", personal));
            csv.EndRecord();
        }

        csv.Flush();
        return new AuditExportSummary(selected.Count, revealed, refused, erased);
    }

    /// <summary>Writes the selected events as CSV to a string.</summary>
    /// <param name="query">Which events; everything when null.</param>
    /// <param name="reveal">Who reveals the referred contact data and why; null to keep it masked.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The CSV text.</returns>
    public async Task<string> ToCsvAsync(AuditExportQuery? query = null, AuditExportReveal? reveal = null, CancellationToken cancellationToken = default)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await WriteAsync(writer, query, reveal, cancellationToken).ConfigureAwait(false);
        return writer.ToString();
    }

    /// <summary>Returns an event payload as JSON with its personal data masked, and the references it carries.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The masked JSON and the references.</returns>
    /// <remarks>
    /// One pass over the serialized bytes: top-level string members marked <see cref="PersonalDataAttribute"/> are
    /// masked by their kind, every other string holding a run of digits is scrubbed, everything else is copied.
    /// </remarks>
    internal (string Json, List<PersonalDataRef> References) MaskPayload(object payload)
    {
        var type = payload.GetType();
        var shape = ShapeOf(type);
        var references = new List<PersonalDataRef>(shape.References.Length);
        foreach (var property in shape.References)
        {
            if (property.GetValue(payload) is PersonalDataRef r && r.Value.Length > 0)
            {
                references.Add(r);
            }
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, type, _json);
        var buffer = new ArrayBufferWriter<byte>(bytes.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = _json.Encoder, SkipValidation = true }))
        {
            var reader = new Utf8JsonReader(bytes);
            PersonalDataKind? kind = null;
            var kindDepth = -1;
            Dictionary<string, PersonalDataKind>? nested = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (reader.CurrentDepth == 1)
                        {
                            kind = shape.Masks.TryGetValue(name, out var k) ? k : null;
                            nested = shape.Nested.GetValueOrDefault(name);
                        }
                        else
                        {
                            // A member of an object held by a top-level member (directly, or as an array's element).
                            kind = reader.CurrentDepth <= 3 && nested is not null && nested.TryGetValue(name, out var n) ? n : null;
                        }

                        kindDepth = reader.CurrentDepth;
                        writer.WritePropertyName(name);
                        break;
                    case JsonTokenType.String:
                        if (kind is { } marked && reader.CurrentDepth == kindDepth)
                        {
                            writer.WriteStringValue(PersonalDataMask.Mask(marked, reader.GetString()));
                        }
                        else if (reader.ValueIsEscaped || HasDigitRun(reader.ValueSpan))
                        {
                            writer.WriteStringValue(PersonalDataMask.Scrub(reader.GetString()));
                        }
                        else
                        {
                            writer.WriteStringValue(reader.ValueSpan);
                        }

                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }
        }

        return (Encoding.UTF8.GetString(buffer.WrittenSpan), references);
    }

    /// <summary>Whether UTF-8 text holds seven or more digits in a row (spaces and dashes between them allowed): the least any number the scrubber masks has.</summary>
    private static bool HasDigitRun(ReadOnlySpan<byte> utf8)
    {
        var run = 0;
        foreach (var b in utf8)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                if (++run >= 7)
                {
                    return true;
                }
            }
            else if (b is not ((byte)' ' or (byte)'-'))
            {
                run = 0;
            }
        }

        return false;
    }

    private static PayloadShape ShapeOf(Type type)
        => Shapes.GetOrAdd(type, t =>
        {
            var marked = Marked(t);
            // One level down: the marked members of a member's record type, or of its elements' (such as a meeting's invitees).
            var nested = new Dictionary<string, Dictionary<string, PersonalDataKind>>(StringComparer.Ordinal);
            foreach (var property in Properties(t))
            {
                var inner = ElementType(property.PropertyType);
                if (inner is not null && Masks(Marked(inner)) is { Count: > 0 } masks)
                {
                    nested[JsonName(property)] = masks;
                }
            }

            return new PayloadShape(Masks(marked), [.. marked.Where(x => x.Attribute.Kind == PersonalDataKind.Reference).Select(x => x.Property)], nested);
        });

    private static IEnumerable<PropertyInfo> Properties(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);

    private static (PropertyInfo Property, PersonalDataAttribute Attribute)[] Marked(Type type)
        => [.. Properties(type)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<PersonalDataAttribute>(inherit: true)))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Property, x.Attribute!))];

    private static Dictionary<string, PersonalDataKind> Masks((PropertyInfo Property, PersonalDataAttribute Attribute)[] marked)
        => marked.Where(x => x.Attribute.Kind != PersonalDataKind.Reference).ToDictionary(x => JsonName(x.Property), x => x.Attribute.Kind, StringComparer.Ordinal);

    private static string JsonName(PropertyInfo property)
        => property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>The record type a member holds, directly or as the elements of a list; null for strings, values and the rest.</summary>
    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || type.IsValueType)
        {
            return null;
        }

        var element = type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element is null ? type : element == typeof(string) || element.IsValueType ? null : element;
    }

    /// <summary>The contact text of a reference: 1 revealed, 2 refused (masked), 3 erased, 0 masked.</summary>
    private async Task<(string Text, int Outcome)> ContactAsync(PersonalDataRef reference, AuditExportReveal? reveal, GridHierarchy? hierarchy, CancellationToken cancellationToken)
    {
        try
        {
            if (reveal is not null)
            {
                try
                {
                    var contact = await _vault.RevealAsync(reference, reveal.Actor, reveal.Purpose, cancellationToken).ConfigureAwait(false);
                    var parts = new[] { contact.Name?.Reveal(), contact.Phone?.Reveal(), contact.Address?.RevealDetail() };
                    return (string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p))), 1);
                }
                catch (PersonalDataAccessDeniedException)
                {
                    var masked = await _vault.ReadMaskedAsync(reference, cancellationToken).ConfigureAwait(false);
                    return (masked + " (reveal refused)", 2);
                }
            }

            var view = await _vault.ReadMaskedAsync(reference, cancellationToken).ConfigureAwait(false);
            return (view.ToString(), view.IsErased ? 3 : 0);
        }
        catch (PersonalDataErasedException)
        {
            return (PersonalDataMask.ErasedMarker, 3);
        }
        catch (PersonalDataNotFoundException)
        {
            return ("[missing]", 0);
        }
    }

    private string TypeName(object payload)
    {
        try
        {
            return _registry.NameOf(payload.GetType());
        }
        catch (UnknownEventTypeException)
        {
            return payload.GetType().Name;
        }
    }
}

/// <summary>How a payload type's personal data is found: the JSON names of its marked top-level strings, its reference members, and the marked members one level down.</summary>
/// <param name="Masks">Marked string members by JSON name, with their kind.</param>
/// <param name="References">Members holding a <see cref="PersonalDataRef"/>.</param>
/// <param name="Nested">By a top-level member's JSON name: the marked members of the record it holds (or of its elements).</param>
internal sealed record PayloadShape(Dictionary<string, PersonalDataKind> Masks, PropertyInfo[] References, Dictionary<string, Dictionary<string, PersonalDataKind>> Nested);

/// <summary>Which events an <see cref="AuditExport"/> writes; every condition given must hold.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record AuditExportQuery
{
    /// <summary>Gets the one stream to export (such as <c>issue-…</c>); null for every stream.</summary>
    public string? StreamId { get; init; }

    /// <summary>Gets a prefix the stream must start with (such as <c>personal-data-</c> for the personal-data audit trail); null for any.</summary>
    public string? StreamPrefix { get; init; }

    /// <summary>Gets the actor whose events to export; null for every actor.</summary>
    public string? ActorId { get; init; }

    /// <summary>Gets the time window the events' instants must fall in; null for all time.</summary>
    public Interval? Window { get; init; }

    /// <summary>Gets the first global position to read. Defaults to 1.</summary>
    public long FromPosition { get; init; } = 1;

    /// <summary>Whether an event is selected.</summary>
    /// <param name="e">The event.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool Matches(RecordedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (StreamId is null || string.Equals(e.StreamId, StreamId, StringComparison.Ordinal))
               && (StreamPrefix is null || e.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal))
               && (ActorId is null || string.Equals(e.Metadata.Actor.Id, ActorId, StringComparison.Ordinal))
               && (Window is not { } w || w.Contains(e.Metadata.At));
    }
}

/// <summary>Reveals the contact data an export refers to: each reference is revealed, checked and recorded on its own.</summary>
/// <param name="Actor">Who reveals (the inspector, or who exports for them).</param>
/// <param name="Purpose">Why, for the audit trail.</param>
public sealed record AuditExportReveal(Actor Actor, string Purpose);

/// <summary>What an export wrote.</summary>
/// <param name="Rows">Rows written (events selected).</param>
/// <param name="Revealed">References revealed (each recorded).</param>
/// <param name="Refused">References whose reveal the policy refused (each recorded; shown masked).</param>
/// <param name="Erased">References whose data was erased.</param>
public sealed record AuditExportSummary(int Rows, int Revealed, int Refused, int Erased);
