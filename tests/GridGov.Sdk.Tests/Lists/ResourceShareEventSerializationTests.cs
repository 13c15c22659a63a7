using GridGov.Sdk.Lists;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>The events that take and give back a share of a resource have stable names and survive the stored form.</summary>
public sealed class ResourceShareEventSerializationTests
{
    public static TheoryData<object> Events() =>
    [
        new ResourceShareTaken("prj-1", Quantity.Yuan(100_000.50m)) { ResourceId = "res-1" },
        new ResourceShareReleased("prj-1", Quantity.Hours(2.25m)) { ResourceId = "res-1" },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void Serializer_RoundTrip_GivesAnEqualEventUnderAStableName(object payload)
    {
        var serializer = new EventSerializer();
        var data = new EventData(payload, new EventMetadata(ListTestHost.Worker, ListTestHost.Start, "项目 prj-1 提出"));

        var stored = serializer.Serialize(data);
        var (back, _) = serializer.Deserialize(stored.Type, stored.Payload, stored.Metadata);

        Assert.Matches("^resource\\.share-(taken|released)$", stored.Type);
        Assert.Equal(payload, back);
    }

    [Fact]
    public void Registry_NamesEveryPublicResourceEventType()
    {
        var registry = EventTypeRegistry.CreateDefault();
        var types = typeof(ResourceEvent).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && typeof(ResourceEvent).IsAssignableFrom(t)).ToArray();

        Assert.All(types, t => Assert.NotNull(registry.NameOf(t)));
        Assert.Equal(5, types.Length);
    }
}
