using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Tests.Support;
using GridGov.Sdk.Wishes;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.Wishes;

/// <summary>A store, a clock, the small Xigu hierarchy, a vault and the actors of the wish tests.</summary>
internal sealed class WishTestBed
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 1, 0);

    public static readonly Actor Resident = new("r-1", "刘桂兰") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(XiguGrid.Compound)] };
    public static readonly Actor Neighbour = new("r-2", "王大妈") { Roles = ActorRoles.Resident, Scopes = [AccessScope.Subtree(XiguGrid.Compound)] };
    public static readonly Actor GridWorker = new("gw-1", "网格员张") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    public static readonly Actor Secretary = new("sec-xf", "先锋社区书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(XiguGrid.Xianfeng)] };
    public static readonly Actor OtherSecretary = new("sec-xl", "西柳沟书记") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree(XiguGrid.Xiliugou)] };
    public static readonly Actor Member = new("pm-1", "党员李") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(XiguGrid.District)] };
    public static readonly Actor OtherMember = new("pm-2", "党员赵") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree(XiguGrid.District)] };
    public static readonly Actor Enterprise = new("ent-1", "兰州石化") { Kind = ActorKind.Organization, Scopes = [AccessScope.Subtree(XiguGrid.District)] };

    public WishTestBed(WishOptions? options = null, AccessPolicy? policy = null)
    {
        Options = options ?? new WishOptions();
        Policy = policy;
        Holder = new GridHierarchyHolder(Clock, Microsoft.Extensions.Options.Options.Create(new GridGovOptions()));
        Holder.Load(XiguGrid.Build());
        Vault = new PersonalDataVault(new InMemoryPersonalDataStore(), Store, new RoleBasedPersonalDataAccessPolicy(Holder), Clock, territory: Holder);
        Service = NewNode();
    }

    public FakeClock Clock { get; } = new(Start);

    public InMemoryEventStore Store { get; } = new();

    public GridHierarchyHolder Holder { get; }

    public PersonalDataVault Vault { get; }

    public WishOptions Options { get; }

    public AccessPolicy? Policy { get; }

    public WishService Service { get; }

    /// <summary>Another node on the same store: its own runner cache and read model.</summary>
    public WishService NewNode(IEnumerable<IWishHook>? hooks = null)
        => new(Store, Clock, Holder, new WishReadModel(), Microsoft.Extensions.Options.Options.Create(Options), hooks ?? [], accessPolicy: Policy, personalData: Vault);

    public static PostWish Post(string id, string place = XiguGrid.Compound, Actor? actor = null, string resident = "r-1", decimal value = 120m)
        => new(actor ?? Resident, "daily-necessities", "想要一台收音机", value, place, resident) { WishId = id };

    /// <summary>Posts and approves a wish: it is published.</summary>
    public async Task<Wish> PublishedAsync(string id, string place = XiguGrid.Compound, WishService? node = null)
    {
        var service = node ?? Service;
        await service.PostAsync(Post(id, place));
        return (await service.ExecuteAsync(new ApproveWish(id, Secretary))).Aggregate;
    }

    /// <summary>Posts, approves and claims a wish for <see cref="Member"/>.</summary>
    public async Task<Wish> ClaimedAsync(string id, string place = XiguGrid.Compound)
    {
        await PublishedAsync(id, place);
        return (await Service.ExecuteAsync(new ClaimWish(id, Member, WishClaimantKind.PartyMember))).Aggregate;
    }

    public static FulfilWish Fulfil(string id, Actor? actor = null)
        => new(id, actor ?? Member, "买了收音机送上门", ["photo:https://example.org/w/1.jpg"]);
}
