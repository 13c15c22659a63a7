using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Shared;

namespace GridGov.Sdk.Tests.Grids;

/// <summary>The persisted grid hierarchy against its model, on the in-memory store (objects, and serialized).</summary>
public sealed class GridHierarchyStreamProperties
{
    [Property(MaxTest = 60)]
    public Property ReplayingTheStream_GivesTheLiveHierarchy_AndRefusedSetsAppendNothing_ObjectStore()
        => Prop.ForAll(GridHierarchyStreamModel.Scripts.ToArbitrary(), script =>
            GridHierarchyStreamModel.RunAsync(new InMemoryEventStore(), Task.FromResult, script).GetAwaiter().GetResult());

    [Property(MaxTest = 60)]
    public Property ReplayingTheStream_GivesTheLiveHierarchy_AndRefusedSetsAppendNothing_SerializingStore()
        => Prop.ForAll(GridHierarchyStreamModel.Scripts.ToArbitrary(), script =>
            GridHierarchyStreamModel.RunAsync(new InMemoryEventStore(new EventSerializer()), Task.FromResult, script).GetAwaiter().GetResult());
}
