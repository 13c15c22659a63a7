using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Sharing;

/// <summary>The SDK wired as an integrator would (AddGridGov), on one store, with the small Xigu hierarchy and a fake clock.</summary>
internal sealed class SharingHarness : IDisposable
{
    /// <summary>Monday 4 May 2026, 09:00 in Shanghai.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 1, 0);

    public static readonly Actor Keeper = new("gw-xf", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    public static readonly Actor Secretary = new("sec-xf", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    public static readonly Actor OutsideKeeper = new("gw-xl", "网格员赵") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(XiguGrid.Xiliugou)] };
    public static readonly Actor UnitStaff = new("unit-1", "石化公司工会") { Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    public static readonly Actor OtherUnitStaff = new("unit-2", "供电所") { Roles = ActorRoles.UnitStaff, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };

    private readonly ServiceProvider _provider;

    public SharingHarness(IEventStore? store = null, Action<SharingOptions>? configure = null)
    {
        Clock = new FakeClock(Start);
        var services = new ServiceCollection();
        if (store is not null)
        {
            services.AddSingleton(store);
        }

        var builder = services.AddGridGov().UseClock(Clock);
        if (configure is not null)
        {
            builder.ConfigureSharing(configure);
        }

        _provider = services.BuildServiceProvider();
        _provider.GetRequiredService<GridHierarchyHolder>().Load(XiguGrid.Build());
        Store = _provider.GetRequiredService<IEventStore>();
        Cabinet = _provider.GetRequiredService<CabinetService>();
        Venues = _provider.GetRequiredService<VenueService>();
        Vault = _provider.GetRequiredService<IPersonalDataVault>();
    }

    public FakeClock Clock { get; }

    public IEventStore Store { get; }

    public CabinetService Cabinet { get; }

    public VenueService Venues { get; }

    public IPersonalDataVault Vault { get; }

    public static Actor Resident(string id) => new(id, "居民" + id) { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };

    public void AdvanceDays(int days) => Clock.Advance(Duration.FromDays(days));

    public async Task RegisterAsync(params string[] residents)
    {
        foreach (var id in residents)
        {
            await Cabinet.RegisterBorrowerAsync(new RegisterCabinetBorrower(id, Keeper, XiguGrid.Xianfeng, new PersonalContact(PersonName.Parse("居民王"), PhoneNumber.Parse("13812345678"))));
        }
    }

    public Task DonateAsync(string itemId, string name = "轮椅")
        => Cabinet.DonateAsync(new DonateCabinetItem(itemId, Keeper, XiguGrid.Xianfeng, name, "medical", ItemCondition.Good));

    public void Dispose() => _provider.Dispose();
}
