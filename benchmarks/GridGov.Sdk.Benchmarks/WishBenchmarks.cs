using System.Globalization;
using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Wishes;
using Microsoft.Extensions.Options;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Issue 7: posting and claiming N small wishes in memory through <see cref="WishService"/> — post, approve,
/// claim (3 commands, 3 events per wish, access checks, the vault-free post path, the read model) — against
/// raw Stateless machines and a dictionary doing the same state changes without events.
/// </summary>
/// <remarks>
/// <para>N is 10,000 by default; set <c>GRIDGOV_BENCH_WISHES</c> (for example <c>1000000</c>) to choose
/// others. One invocation per iteration; the SDK is rebuilt empty before each (not measured).</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(1)]
public class WishPostAndClaimBenchmarks
{
    /// <summary>The environment variable that selects N.</summary>
    public const string WishesVariable = "GRIDGOV_BENCH_WISHES";

    private static readonly Actor Worker = new("gw-1", "网格员王") { Roles = ActorRoles.GridWorker, Scopes = [AccessScope.Subtree("D")] };
    private static readonly Actor Secretary = new("sec-1", "社区书记李") { Roles = ActorRoles.CommunitySecretary, Scopes = [AccessScope.Subtree("D")] };
    private static readonly Actor Member = new("pm-1", "党员赵") { Roles = ActorRoles.PartyMember, Scopes = [AccessScope.Subtree("D")] };

    private GridHierarchy _hierarchy = null!;
    private string[] _places = null!;
    private string[] _ids = null!;
    private WishService _service = null!;

    private StateMachine<WishState, WishTrigger> _raw = null!;
    private WishState _rawState;
    private Dictionary<string, RawWish> _rawWishes = null!;

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    public static IEnumerable<int> Sizes()
    {
        var text = Environment.GetEnvironmentVariable(WishesVariable);
        return string.IsNullOrWhiteSpace(text)
            ? [10_000]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture))
                .ToArray();
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _hierarchy = IssueBenchmarkData.BuildDistrict();
        var places = IssueBenchmarkData.Places(_hierarchy);
        _places = new string[N];
        _ids = new string[N];
        for (var i = 0; i < N; i++)
        {
            _places[i] = places[(int)(i * 7919L % places.Length)];
            _ids[i] = "W" + i.ToString("D8", CultureInfo.InvariantCulture);
        }

        // The same states and transitions as WishWorkflow, the guard a trivial lambda, state held outside.
        _raw = new StateMachine<WishState, WishTrigger>(() => _rawState, s => _rawState = s);
        _raw.Configure(WishState.Submitted).Permit(WishTrigger.Approve, WishState.Published).Permit(WishTrigger.Reject, WishState.Rejected).Permit(WishTrigger.RequestChanges, WishState.ChangesRequested);
        _raw.Configure(WishState.ChangesRequested).Permit(WishTrigger.Resubmit, WishState.Submitted).Permit(WishTrigger.Reject, WishState.Rejected);
        _raw.Configure(WishState.Published).Permit(WishTrigger.Claim, WishState.Claimed);
        _raw.Configure(WishState.Claimed).Permit(WishTrigger.Fulfil, WishState.Fulfilled).Permit(WishTrigger.Release, WishState.Published)
            .PermitIf(WishTrigger.ExpireClaim, WishState.Published, () => _rawState == WishState.Claimed, "overdue");
        _raw.Configure(WishState.Fulfilled).Permit(WishTrigger.Confirm, WishState.Confirmed).Permit(WishTrigger.Dispute, WishState.Claimed);
    }

    [IterationSetup(Target = nameof(Sdk_PostApproveClaim))]
    public void FreshSdk()
    {
        var clock = new IssueBenchClock(IssueBenchmarkData.Start);
        var holder = new GridHierarchyHolder(clock, Options.Create(new GridGovOptions()));
        holder.Load(_hierarchy);
        _service = new WishService(new InMemoryEventStore(), clock, holder, new WishReadModel(), Options.Create(new WishOptions()), []);
    }

    [IterationSetup(Target = nameof(RawStateless_Dictionary))]
    public void FreshRaw() => _rawWishes = new Dictionary<string, RawWish>(StringComparer.Ordinal);

    /// <summary>Baseline: a raw Stateless machine per decision and a dictionary of wishes (state, place, claimant, time limit); no events, no access checks.</summary>
    [Benchmark(Baseline = true)]
    public int RawStateless_Dictionary()
    {
        var claimed = 0;
        var due = IssueBenchmarkData.Start + Duration.FromDays(14);
        for (var i = 0; i < N; i++)
        {
            var wish = new RawWish(_places[i], 120m) { State = WishState.Submitted };
            _rawWishes.Add(_ids[i], wish);
            _rawState = wish.State;
            _raw.Fire(WishTrigger.Approve);
            wish.State = _rawState;
            _raw.Fire(WishTrigger.Claim);
            wish.State = _rawState;
            wish.ClaimantId = Member.Id;
            wish.DueAt = due;
            claimed += wish.State == WishState.Claimed ? 1 : 0;
        }

        return claimed;
    }

    /// <summary>The SDK: three awaited commands per wish through <see cref="WishService"/> on the in-memory store.</summary>
    [Benchmark]
    public async Task<int> Sdk_PostApproveClaim()
    {
        var service = _service;
        var claimed = 0;
        for (var i = 0; i < N; i++)
        {
            var id = _ids[i];
            await service.PostAsync(new PostWish(Worker, "daily-necessities", "想要一台收音机", 120m, _places[i], "r-1") { WishId = id });
            await service.ExecuteAsync(new ApproveWish(id, Secretary));
            var result = await service.ExecuteAsync(new ClaimWish(id, Member, WishClaimantKind.PartyMember));
            claimed += result.Aggregate.State == WishState.Claimed ? 1 : 0;
        }

        return claimed;
    }

    private sealed class RawWish(string place, decimal value)
    {
        public string Place { get; } = place;

        public decimal Value { get; } = value;

        public WishState State { get; set; }

        public string? ClaimantId { get; set; }

        public Instant DueAt { get; set; }
    }
}
