using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Issues;
using GridGov.Sdk.People;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Workflows;
using GridGov.Sdk.Wishes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="GridGovServiceCollectionExtensions.AddGridGov"/>; packages and
/// integrators chain their registrations on it.
/// </summary>
/// <remarks>Not thread-safe; use it while composing the container.</remarks>
public sealed class GridGovBuilder
{
    internal GridGovBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Uses the given clock instead of the system clock (for tests, replays and simulations).</summary>
    /// <param name="clock">The clock.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder UseClock(IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Services.Replace(ServiceDescriptor.Singleton(clock));
        return this;
    }

    /// <summary>Applies more option settings.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder Configure(Action<GridGovOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures the problem-lifecycle rules.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureIssues(Action<IssueOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures personal-data protection (the longest purpose accepted). Who may reveal and erase is part of the access policy: see <see cref="ConfigureAccess"/> and <see cref="GridGov.Sdk.Privacy.PersonalDataAccess"/>.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigurePersonalData(Action<PersonalDataOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures committees: member categories, the five-haves rule sets (by subtree) and the quorum rule.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureCommittees(Action<CommitteeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures people in service: service categories, the most hours per record, the highest stall price, the team minimum.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigurePeople(Action<PeopleOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures service programmes (the funding warning window).</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureProgrammes(Action<ServiceProgrammeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures community scorecards: the indicator set, and sets by subtree.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureScorecards(Action<ScorecardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Makes the five-haves "volunteer service team" rule (every rule set, also by subtree) count only appointees that
    /// are registered volunteer teams with at least <see cref="PeopleOptions.MinimumTeamMembers"/> current members
    /// (<see cref="VolunteerTeamRequirement"/>). Rule sets without that rule are left as they are.
    /// </summary>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder UseVolunteerTeamsForFiveHaves()
    {
        Services.AddOptions<CommitteeOptions>().Configure<PeopleReadModel, IOptions<PeopleOptions>>((o, teams, people) =>
        {
            var check = VolunteerTeamRequirement.Check(teams, people.Value.MinimumTeamMembers);
            FiveHavesRuleSet Wire(FiveHavesRuleSet set)
                => set.Rules.Any(r => r.Code == FiveHavesRuleSet.VolunteerTeamRule) ? set.WithPredicate(FiveHavesRuleSet.VolunteerTeamRule, check) : set;
            o.Rules = Wire(o.Rules);
            foreach (var code in o.RulesBySubtree.Keys.ToList())
            {
                o.RulesBySubtree[code] = Wire(o.RulesBySubtree[code]);
            }
        });
        return this;
    }

    /// <summary>
    /// Adds a hook to every lifecycle whose hook interface it implements: each
    /// <see cref="ITransitionHook{TContext}"/> of <typeparamref name="THook"/> (for example
    /// <c>ITransitionHook&lt;WorkflowTransitionContext&lt;ServiceProgramme, ServiceProgrammeTrigger, ServiceProgrammeEvent&gt;&gt;</c>)
    /// is registered, all resolving to one singleton. Hooks run in registration order.
    /// </summary>
    /// <typeparam name="THook">The hook type; thread-safe.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="THook"/> implements no hook interface.</exception>
    public GridGovBuilder AddTransitionHook<THook>()
        where THook : class
    {
        var interfaces = typeof(THook).GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITransitionHook<>)).ToArray();
        if (interfaces.Length == 0)
        {
            throw new ArgumentException($"{typeof(THook).Name} implements no ITransitionHook<TContext>.", nameof(THook));
        }

        Services.TryAddSingleton<THook>();
        foreach (var hookInterface in interfaces)
        {
            Services.AddSingleton(hookInterface, sp => sp.GetRequiredService<THook>());
        }

        return this;
    }

    /// <summary>Decides who may read and erase personal data with the given policy instead of the role-based default.</summary>
    /// <typeparam name="TPolicy">The policy type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder UsePersonalDataAccessPolicy<TPolicy>()
        where TPolicy : class, IPersonalDataAccessPolicy
    {
        Services.Replace(ServiceDescriptor.Singleton<IPersonalDataAccessPolicy, TPolicy>());
        return this;
    }

    /// <summary>
    /// Changes the access policy: starts from <see cref="AccessPolicy.Default"/> and applies every
    /// <c>ConfigureAccess</c> in order (for example <c>policy => policy.Revoke("issue", "Verify", ActorRoles.GridWorker)</c>).
    /// Ignored when <see cref="UseAccessPolicy"/> supplies a whole policy.
    /// </summary>
    /// <param name="configure">Changes the rules.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureAccess(Action<AccessPolicyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<AccessPolicyOptions>(o => o.Changes.Add(configure));
        return this;
    }

    /// <summary>Uses a whole access policy instead of the default (build one with <see cref="AccessPolicyBuilder"/>).</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder UseAccessPolicy(AccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Services.Replace(ServiceDescriptor.Singleton(policy));
        return this;
    }

    /// <summary>Adds a hook around every issue transition. Hooks run in the order they are added; adding the same type twice adds it once.</summary>
    /// <typeparam name="THook">The hook type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddIssueHook<THook>()
        where THook : class, IIssueHook
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IIssueHook, THook>());
        return this;
    }

    /// <summary>Adds a hook instance around every issue transition.</summary>
    /// <param name="hook">The hook.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddIssueHook(IIssueHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        Services.AddSingleton(hook);
        return this;
    }

    /// <summary>Configures small wishes: the claim time limit, for the deployment and by subtree.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureWishes(Action<WishOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a hook around every small-wish transition. Hooks run in the order they are added; adding the same type twice adds it once.</summary>
    /// <typeparam name="THook">The hook type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddWishHook<THook>()
        where THook : class, IWishHook
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransitionHook<WorkflowTransitionContext<Wish, WishTrigger, WishEvent>>, THook>());
        return this;
    }

    /// <summary>Configures the convenience cabinet and venue booking (loan period, renewals, loan limit, occurrences).</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureSharing(Action<SharingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a hook around every cabinet item transition. Adding the same type twice adds it once.</summary>
    /// <typeparam name="THook">The hook type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddCabinetHook<THook>()
        where THook : class, ITransitionHook<WorkflowTransitionContext<CabinetItem, CabinetItemTrigger, CabinetItemEvent>>
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransitionHook<WorkflowTransitionContext<CabinetItem, CabinetItemTrigger, CabinetItemEvent>>, THook>());
        return this;
    }

    /// <summary>Adds a hook around every venue transition. Adding the same type twice adds it once.</summary>
    /// <typeparam name="THook">The hook type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddVenueHook<THook>()
        where THook : class, ITransitionHook<WorkflowTransitionContext<Venue, VenueTrigger, VenueEvent>>
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransitionHook<WorkflowTransitionContext<Venue, VenueTrigger, VenueEvent>>, THook>());
        return this;
    }

    /// <summary>Configures the three lists (the matcher's weights).</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureLists(Action<ListOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a hook around every project transition. Hooks run in the order they are added; adding the same type twice adds it once.</summary>
    /// <typeparam name="THook">The hook type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddProjectHook<THook>()
        where THook : class, IProjectHook
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProjectHook, THook>());
        return this;
    }

    /// <summary>Adds a hook instance around every project transition.</summary>
    /// <param name="hook">The hook.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddProjectHook(IProjectHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        Services.AddSingleton(hook);
        return this;
    }

    /// <summary>Configures mediation: categories and their starting levels, the time limit of each level, how far a case may escalate, and from where it may be referred.</summary>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder ConfigureMediation(Action<MediationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Adds a hook around every mediation case transition. Hooks run in the order they are added; adding the same type twice adds it once.</summary>
    /// <typeparam name="THook">The hook type, resolved as a singleton.</typeparam>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public GridGovBuilder AddMediationHook<THook>()
        where THook : class, IMediationHook
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMediationHook, THook>());
        return this;
    }
}
