using GridGov.Sdk.Storage;
using GridGov.Sdk.Testing;

namespace GridGov.Sdk.Tests.Storage;

/// <summary>The in-memory store, keeping events as objects, passes the public conformance suite.</summary>
public sealed class InMemoryEventStoreConformanceTests : EventStoreConformanceTests
{
    protected override bool HashesEvents => false;

    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new InMemoryEventStore());
}

/// <summary>The in-memory store, serializing and hash-chaining every event, passes the public conformance suite.</summary>
public sealed class SerializingInMemoryEventStoreConformanceTests : EventStoreConformanceTests
{
    protected override Task<IEventStore> CreateStoreAsync() => Task.FromResult<IEventStore>(new InMemoryEventStore(new EventSerializer()));
}
