using GridGov.Sdk.Lists;
using GridGov.Sdk.Workflows;
using NodaTime;
using static GridGov.Sdk.Tests.Lists.ListTestHost;

namespace GridGov.Sdk.Tests.Lists;

/// <summary>Every input refusal of the three lists, with its stable code; a refused command records nothing.</summary>
public sealed class ListRefusalTests
{
    private static async Task AssertRefused(ListTestHost host, string code, Func<Task> command)
    {
        var before = await CountAsync(host);
        var ex = await Assert.ThrowsAsync<ListRejectedException>(command);
        Assert.Equal(code, ex.Code);
        Assert.Equal(before, await CountAsync(host));
    }

    private static async Task<int> CountAsync(ListTestHost host)
    {
        var n = 0;
        await foreach (var unused in host.Store.ReadAllAsync())
        {
            n++;
        }

        return n;
    }

    [Fact]
    public async Task Register_WithAnEmptyTitle_IsInvalid()
    {
        using var host = new ListTestHost();
        await AssertRefused(host, ListRejectedException.InvalidCommandCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r", Enterprise, ResourceProvider.Enterprise, Funds(1m) with { Title = " " })));
    }

    [Fact]
    public async Task Register_WithABadId_OrNoActor_IsInvalid()
    {
        using var host = new ListTestHost();
        await AssertRefused(host, ListRejectedException.InvalidCommandCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r 1", Enterprise, ResourceProvider.Enterprise, Funds(1m))));
        await AssertRefused(host, ListRejectedException.InvalidCommandCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r1", null!, ResourceProvider.Enterprise, Funds(1m))));
    }

    [Fact]
    public async Task Register_AtAnUnknownPlace_IsRefused()
    {
        using var host = new ListTestHost();
        await AssertRefused(host, ListRejectedException.UnknownPlaceCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r", Enterprise, ResourceProvider.Enterprise, Funds(1m, "NOWHERE"))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1.005)]
    public async Task Register_WithABadCapacity_IsRefused(decimal amount)
    {
        using var host = new ListTestHost();
        await AssertRefused(host, ListRejectedException.InvalidQuantityCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r", Enterprise, ResourceProvider.Enterprise, Funds(amount))));
    }

    [Fact]
    public async Task Funds_InSquareMetres_IsAUnitMismatch()
    {
        using var host = new ListTestHost();
        await AssertRefused(host, ListRejectedException.UnitMismatchCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r", Enterprise, ResourceProvider.Enterprise, Funds(1m) with { Capacity = Quantity.SquareMetres(10m) })));
    }

    [Fact]
    public async Task OverlappingOrEmptyWindows_AreRefused()
    {
        using var host = new ListTestHost();
        var a = new Interval(Start, Start + Duration.FromHours(4));
        var b = new Interval(Start + Duration.FromHours(2), Start + Duration.FromHours(6));
        var venue = new ResourceDetails("多功能厅", ResourceCategory.Venue, Quantity.Hours(20m), "C1", [a, b]);
        await AssertRefused(host, ListRejectedException.InvalidWindowCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r", Secretary, ResourceProvider.Unit, venue)));
        await AssertRefused(host, ListRejectedException.InvalidWindowCode, () => host.Service.RegisterResourceAsync(new RegisterResource("r", Secretary, ResourceProvider.Unit, venue with { Availability = [new Interval(Start, Start)] })));
    }

    [Fact]
    public async Task RegisteringTwice_IsRefused()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        await AssertRefused(host, ListRejectedException.AlreadyExistsCode, () => host.Service.RegisterResourceAsync(new RegisterResource("res-1", Enterprise, ResourceProvider.Enterprise, Funds(1m))));
        await AssertRefused(host, ListRejectedException.AlreadyExistsCode, () => host.Service.RaiseDemandAsync(new RaiseDemand("dem-1", Worker, DemandSource.GridPatrol, Park())));
    }

    [Fact]
    public async Task ADemandWithoutBeneficiaries_IsInvalid()
    {
        using var host = new ListTestHost();
        await AssertRefused(host, ListRejectedException.InvalidCommandCode, () => host.Service.RaiseDemandAsync(new RaiseDemand("d", Worker, DemandSource.GridPatrol, Park() with { BeneficiaryCount = 0 })));
    }

    [Fact]
    public async Task Proposing_WithAnUnknownResourceOrDemand_IsRefused()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        await AssertRefused(host, ListRejectedException.ResourceNotFoundCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p", Worker, "t", "", ["dem-1"], "nope", Quantity.Yuan(1m))));
        await AssertRefused(host, ListRejectedException.DemandNotFoundCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p", Worker, "t", "", ["nope"], "res-1", Quantity.Yuan(1m))));
    }

    [Fact]
    public async Task Proposing_OnAWithdrawnResourceOrDemand_IsRefused()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        await host.Service.RaiseDemandAsync(new RaiseDemand("dem-2", Worker, DemandSource.GridPatrol, Park()));
        await host.Service.WithdrawDemandAsync(new WithdrawDemand("dem-2", Worker));
        await AssertRefused(host, ListRejectedException.DemandWithdrawnCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p", Worker, "t", "", ["dem-2"], "res-1", Quantity.Yuan(1m))));
        await host.Service.WithdrawResourceAsync(new WithdrawResource("res-1", Enterprise));
        await AssertRefused(host, ListRejectedException.ResourceWithdrawnCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p", Worker, "t", "", ["dem-1"], "res-1", Quantity.Yuan(1m))));
    }

    [Fact]
    public async Task AShareInAnotherUnit_IsAUnitMismatch()
    {
        using var host = new ListTestHost();
        await host.ResourceAndDemandAsync();
        await AssertRefused(host, ListRejectedException.UnitMismatchCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p", Worker, "t", "", ["dem-1"], "res-1", Quantity.Hours(1m))));
    }

    [Fact]
    public async Task AShareBeyondWhatRemains_IsOverCapacity()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync(100_000m); // of 150,000
        await AssertRefused(host, ListRejectedException.OverCapacityCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p2", Worker, "t", "", ["dem-1"], "res-1", Quantity.Yuan(50_000.01m))));
        await host.Service.ProposeProjectAsync(new ProposeProject("p3", Worker, "t", "", ["dem-1"], "res-1", Quantity.Yuan(50_000m)));
        await AssertRefused(host, ListRejectedException.OverCapacityCode, () => host.Service.ChangeResourceAsync(new ChangeResource("res-1", Enterprise, Funds(149_999.99m))));
        Assert.NotNull(id);
    }

    [Fact]
    public async Task ABadBudgetOrPledge_IsAnInvalidAmount()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        await AssertRefused(host, ListRejectedException.InvalidAmountCode, () => host.Service.ProposeProjectAsync(new ProposeProject("p2", Worker, "t", "", ["dem-1"], "res-1", Quantity.Yuan(1m)) { BudgetYuan = -1m }));
        await host.Service.ExecuteAsync(new ApproveProject(id, Secretary));
        await AssertRefused(host, ListRejectedException.InvalidAmountCode, () => host.Service.ExecuteAsync(new ClaimProject(id, Enterprise, 0m)));
        await AssertRefused(host, ListRejectedException.InvalidAmountCode, () => host.Service.ExecuteAsync(new ClaimProject(id, Enterprise, 1.001m)));
    }

    [Fact]
    public async Task ARatingOutsideOneToFive_IsRefused()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        await AssertRefused(host, ListRejectedException.InvalidRatingCode, () => host.Service.ExecuteAsync(new EvaluateProject(id, Secretary, 6, "好")));
    }

    [Fact]
    public async Task AnApproval_NamingAnUndecidedOrUnknownDecision_IsRefused()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        await AssertRefused(host, ListRejectedException.DecisionNotFoundCode, () => host.Service.ExecuteAsync(new ApproveProject(id, Secretary) { Decision = new CommitteeDecisionRef("m-none", 1) }));
        await AssertRefused(host, ListRejectedException.DecisionNotFoundCode, () => host.Service.ExecuteAsync(new ApproveProject(id, Secretary) { Decision = new CommitteeDecisionRef("m-1", 0) }));
    }

    [Fact]
    public async Task Cancelling_WithoutAReason_IsInvalid()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        await AssertRefused(host, ListRejectedException.InvalidCommandCode, () => host.Service.ExecuteAsync(new CancelProject(id, Secretary)));
    }

    [Fact]
    public async Task ATriggerOutOfOrder_IsNotPermitted()
    {
        using var host = new ListTestHost();
        var id = await host.ProposedAsync();
        var ex = await Assert.ThrowsAsync<WorkflowRejectedException>(() => host.Service.ExecuteAsync(new DeliverProject(id, Secretary, "建成")));
        Assert.Equal(WorkflowRejectedException.NotPermittedCode, ex.Code);
        Assert.Equal("Proposed", ex.State);
    }
}
