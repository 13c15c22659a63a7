using GridGov.Sdk;
using GridGov.Sdk.Access;
using GridGov.Sdk.Committees;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.People;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Lists;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Scorecards;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Wishes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers GridGov.Sdk in an <see cref="IServiceCollection"/>.</summary>
public static class GridGovServiceCollectionExtensions
{
    /// <summary>
    /// Adds the GridGov.Sdk services: <see cref="GridGovOptions"/> (validated at start-up), the
    /// system <see cref="IClock"/> unless one is registered already, <see cref="GridHierarchyHolder"/> (on the
    /// registered store, loaded from its <c>grid-hierarchy</c> stream when first resolved), the
    /// in-memory <see cref="IEventStore"/> unless a store is registered, and the problem lifecycle
    /// (<see cref="IssueService"/>, <see cref="IssueWorkflow"/>, <see cref="IssueReadModel"/>, <see cref="IssueOptions"/>),
    /// the <see cref="AccessPolicy"/> (<see cref="AccessPolicy.Default"/> with the changes of
    /// <see cref="GridGovBuilder.ConfigureAccess"/>) and the <see cref="AuditTrail"/>,
    /// and personal-data protection (<see cref="IPersonalDataVault"/> on the in-memory <see cref="IPersonalDataStore"/>
    /// unless one is registered, the role-based <see cref="IPersonalDataAccessPolicy"/> unless one is registered,
    /// <see cref="PersonalDataOptions"/>, and the inspector's <see cref="AuditExport"/>), and committees
    /// (<see cref="CommitteeService"/>, <see cref="JointMeetingService"/>, <see cref="CommitteeOptions"/>), service
    /// programmes (<see cref="ServiceProgrammeService"/>, <see cref="ServiceProgrammeOptions"/>), people in service
    /// (<see cref="PeopleService"/>, <see cref="PeopleReadModel"/>, <see cref="PeopleOptions"/>), mediation
    /// (<see cref="MediationService"/>, <see cref="MediationReadModel"/>, <see cref="MediationOptions"/>), the three lists
    /// (<see cref="ListService"/>, <see cref="ListsReadModel"/>, <see cref="ListOptions"/>), sharing
    /// (<see cref="CabinetService"/>, <see cref="VenueService"/>, their read models, <see cref="SharingOptions"/>), small wishes
    /// (<see cref="WishService"/>, <see cref="WishReadModel"/>, <see cref="WishOptions"/>), and community scorecards
    /// (<see cref="ScorecardReadModel"/>, <see cref="ScorecardOptions"/>; call its <c>CatchUpAsync</c> before scoring).
    /// Calling it twice is harmless; each call's <paramref name="configure"/> is applied in order.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; optional.</param>
    /// <returns>A builder on which later packages add their parts (stores, hooks, rule sets).</returns>
    public static GridGovBuilder AddGridGov(this IServiceCollection services, Action<GridGovOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GridGovOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GridGovOptions>, GridGovOptionsValidator>());
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton(CreateHolder);

        services.AddOptions<IssueOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IssueOptions>, IssueOptionsValidator>());
        services.TryAddSingleton<IEventStore, InMemoryEventStore>();
        services.TryAddSingleton<IssueWorkflow>();
        services.TryAddSingleton<IssueReadModel>();
        services.AddOptions<AccessPolicyOptions>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AccessPolicyOptions>>().Value.Build());
        services.TryAddSingleton<AuditTrail>(sp => new AuditTrail(sp.GetRequiredService<IEventStore>()));
        services.TryAddSingleton<IssueService>();

        services.AddOptions<PersonalDataOptions>();
        services.TryAddSingleton<IPersonalDataStore, InMemoryPersonalDataStore>();
        services.TryAddSingleton<IPersonalDataAccessPolicy, RoleBasedPersonalDataAccessPolicy>();
        services.TryAddSingleton<IPersonalDataVault, PersonalDataVault>();
        services.TryAddSingleton<AuditExport>();
        // Committees (社工委): options validated at start, then the services.
        services.AddOptions<CommitteeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommitteeOptions>, CommitteeOptionsValidator>());
        services.TryAddSingleton<MeetingWorkflow>();
        services.TryAddSingleton<CommitteeReadModel>();
        services.TryAddSingleton<CommitteeService>();
        services.TryAddSingleton<JointMeetingService>();
        // Service programmes (阳光早餐-style).
        services.AddOptions<ServiceProgrammeOptions>();
        services.TryAddSingleton<ServiceProgrammeService>();
        // People in service (dual reporting, service records, fairs, pairings): options validated at start.
        services.AddOptions<PeopleOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PeopleOptions>, PeopleOptionsValidator>());
        services.TryAddSingleton<PeopleReadModel>();
        services.TryAddSingleton<PeopleService>();
        // Mediation (调解): options validated at start, then the read model and the service.
        services.AddOptions<MediationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediationOptions>, MediationOptionsValidator>());
        services.TryAddSingleton<MediationReadModel>();
        services.TryAddSingleton<MediationService>();
        // The three lists (三张清单): options validated at start, the read model, the service.
        services.AddOptions<ListOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ListOptions>, ListOptionsValidator>());
        services.TryAddSingleton<ListsReadModel>();
        services.TryAddSingleton<ListService>();
        // Sharing: the convenience cabinet and venue booking.
        services.AddOptions<SharingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SharingOptions>, SharingOptionsValidator>());
        services.TryAddSingleton<CabinetReadModel>();
        services.TryAddSingleton<CabinetService>();
        services.TryAddSingleton(sp => new VenueReadModel(sp.GetRequiredService<IOptions<GridGovOptions>>().Value.TimeZone));
        services.TryAddSingleton<VenueService>();
        // Small wishes (小微心愿): claim time limits validated at start, then the services.
        services.AddOptions<WishOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WishOptions>, WishOptionsValidator>());
        services.TryAddSingleton<WishReadModel>();
        services.TryAddSingleton<WishService>();
        // Community scorecards (六项能力), a projection of the global log.
        services.AddOptions<ScorecardOptions>();
        services.TryAddSingleton<ScorecardReadModel>();
        return new GridGovBuilder(services);
    }

    private static GridHierarchyHolder CreateHolder(IServiceProvider services)
    {
        var holder = new GridHierarchyHolder(
            services.GetRequiredService<IClock>(),
            services.GetRequiredService<IOptions<GridGovOptions>>(),
            services.GetRequiredService<IEventStore>(),
            services.GetRequiredService<AccessPolicy>(),
            services.GetService<ILoggerFactory>()?.CreateLogger<GridHierarchyHolder>());

        // A factory cannot await: the stream is read once, here, when the holder is first resolved.
        // The hosts the SDK targets (console, ASP.NET Core) have no synchronization context to deadlock on.
        holder.LoadFromStoreAsync().GetAwaiter().GetResult();
        return holder;
    }

    private sealed class IssueOptionsValidator : IValidateOptions<IssueOptions>
    {
        public ValidateOptionsResult Validate(string? name, IssueOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class SharingOptionsValidator : IValidateOptions<SharingOptions>
    {
        public ValidateOptionsResult Validate(string? name, SharingOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class WishOptionsValidator : IValidateOptions<WishOptions>
    {
        public ValidateOptionsResult Validate(string? name, WishOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class PeopleOptionsValidator : IValidateOptions<PeopleOptions>
    {
        public ValidateOptionsResult Validate(string? name, PeopleOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class MediationOptionsValidator : IValidateOptions<MediationOptions>
    {
        public ValidateOptionsResult Validate(string? name, MediationOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class GridGovOptionsValidator : IValidateOptions<GridGovOptions>
    {
        public ValidateOptionsResult Validate(string? name, GridGovOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class ListOptionsValidator : IValidateOptions<ListOptions>
    {
        public ValidateOptionsResult Validate(string? name, ListOptions options)
        {
            try
            {
                (options.Weights ?? throw new ArgumentException("The match weights are missing.")).Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
