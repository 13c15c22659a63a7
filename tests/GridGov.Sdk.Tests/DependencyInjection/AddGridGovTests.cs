using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;

namespace GridGov.Sdk.Tests.DependencyInjection;

public sealed class AddGridGovTests
{
    private static ServiceProvider Provider(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    private static GridHierarchy SmallTree() =>
        new GridHierarchyBuilder()
            .Add("district", "西固区", GridNodeKind.District)
            .Add("street", "陈坪街道", GridNodeKind.Street, "district")
            .Build();

    [Fact]
    public void AddGridGov_ByDefault_RegistersTheSystemClock()
    {
        using var provider = Provider(s => s.AddGridGov());

        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void AddGridGov_ClockAlreadyRegistered_KeepsIt()
    {
        var fake = new FakeClock(Instant.FromUtc(2025, 1, 1, 0, 0));

        using var provider = Provider(s => s.AddSingleton<IClock>(fake).AddGridGov());

        Assert.Same(fake, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void UseClock_GivenClock_ReplacesTheSystemClock()
    {
        var fake = new FakeClock(Instant.FromUtc(2025, 1, 1, 0, 0));
        var services = new ServiceCollection();

        services.AddGridGov().UseClock(fake);

        Assert.Single(services, d => d.ServiceType == typeof(IClock));
        using var provider = services.BuildServiceProvider();
        Assert.Same(fake, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void AddGridGov_CalledAgainAfterUseClock_KeepsTheGivenClock()
    {
        var fake = new FakeClock(Instant.FromUtc(2025, 1, 1, 0, 0));

        using var provider = Provider(s =>
        {
            s.AddGridGov().UseClock(fake);
            s.AddGridGov();
        });

        Assert.Same(fake, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void AddGridGov_Holder_IsASingleton()
    {
        using var provider = Provider(s => s.AddGridGov());

        var first = provider.GetRequiredService<GridHierarchyHolder>();
        using var scope = provider.CreateScope();
        var second = scope.ServiceProvider.GetRequiredService<GridHierarchyHolder>();

        Assert.Same(first, second);
    }

    [Fact]
    public void AddGridGov_Holder_IsRegisteredWithSingletonLifetime()
    {
        var services = new ServiceCollection();

        services.AddGridGov();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(GridHierarchyHolder));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public void AddGridGov_Holder_StampsChangesWithTheRegisteredClock()
    {
        var at = Instant.FromUtc(2025, 6, 1, 9, 0);
        using var provider = Provider(s => s.AddGridGov().UseClock(new FakeClock(at)));
        var holder = provider.GetRequiredService<GridHierarchyHolder>();
        holder.Load(SmallTree());

        var result = holder.Apply(new RenameGridNode("street", "陈坪"), Actor.System);

        Assert.Equal(at, result.Event.At);
    }

    [Fact]
    public void AddGridGov_Configure_IsAppliedToTheOptions()
    {
        using var provider = Provider(s => s.AddGridGov(o => o.ContactBounds = new HouseholdContactBounds(20, 40)));

        var options = provider.GetRequiredService<IOptions<GridGovOptions>>().Value;

        Assert.Equal(new HouseholdContactBounds(20, 40), options.ContactBounds);
    }

    [Fact]
    public void AddGridGov_NoConfigure_UsesDocumentedDefaults()
    {
        using var provider = Provider(s => s.AddGridGov());

        var options = provider.GetRequiredService<IOptions<GridGovOptions>>().Value;

        Assert.Equal("Asia/Shanghai", options.TimeZone.Id);
        Assert.Equal(GridGovOptions.DefaultTimeZoneId, options.TimeZone.Id);
        Assert.Same(GridLevelRules.Default, options.LevelRules);
        Assert.Equal(HouseholdContactBounds.Default, options.ContactBounds);
        Assert.Empty(options.ContactBoundsOverrides);
        Assert.Equal([GridNodeKind.Community, GridNodeKind.Compound], options.CadreCoveredKinds);
    }

    [Fact]
    public void AddGridGov_BuilderConfigure_IsAppliedAfterTheFirstConfigure()
    {
        using var provider = Provider(s => s
            .AddGridGov(o => o.ContactBounds = new HouseholdContactBounds(20, 40))
            .Configure(o => o.ContactBounds = new HouseholdContactBounds(25, 45)));

        var options = provider.GetRequiredService<IOptions<GridGovOptions>>().Value;

        Assert.Equal(new HouseholdContactBounds(25, 45), options.ContactBounds);
    }

    [Fact]
    public void AddGridGov_CalledTwice_RegistersOneValidatorOneHolderAndOneClock()
    {
        var services = new ServiceCollection();

        services.AddGridGov();
        services.AddGridGov();

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<GridGovOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(GridHierarchyHolder));
        Assert.Single(services, d => d.ServiceType == typeof(IClock));
        using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IValidateOptions<GridGovOptions>>());
    }

    [Fact]
    public void AddGridGov_CalledTwice_AppliesBothConfiguresInOrder()
    {
        using var provider = Provider(s =>
        {
            s.AddGridGov(o => o.ContactBoundsOverrides["street-a"] = new HouseholdContactBounds(10, 20));
            s.AddGridGov(o => o.ContactBoundsOverrides["street-a"] = new HouseholdContactBounds(15, 25));
        });

        var options = provider.GetRequiredService<IOptions<GridGovOptions>>().Value;

        Assert.Equal(new HouseholdContactBounds(15, 25), Assert.Single(options.ContactBoundsOverrides).Value);
    }

    [Fact]
    public void Options_CadreCoveredKindsCleared_ThrowOptionsValidationException()
    {
        using var provider = Provider(s => s.AddGridGov(o => o.CadreCoveredKinds.Clear()));
        var options = provider.GetRequiredService<IOptions<GridGovOptions>>();

        var ex = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains(ex.Failures, f => f.Contains("CadreCoveredKinds", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_UndefinedCadreCoveredKind_ThrowOptionsValidationException()
    {
        using var provider = Provider(s => s.AddGridGov(o => o.CadreCoveredKinds.Add((GridNodeKind)42)));
        var options = provider.GetRequiredService<IOptions<GridGovOptions>>();

        Assert.Throws<OptionsValidationException>(() => options.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Options_ContactBoundsOverrideWithBlankKey_ThrowOptionsValidationException(string key)
    {
        using var provider = Provider(s => s.AddGridGov(o => o.ContactBoundsOverrides[key] = new HouseholdContactBounds(10, 20)));
        var options = provider.GetRequiredService<IOptions<GridGovOptions>>();

        var ex = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains(ex.Failures, f => f.Contains("ContactBoundsOverrides", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_SeveralProblems_ReportsEachFailure()
    {
        using var provider = Provider(s => s.AddGridGov(o =>
        {
            o.CadreCoveredKinds.Clear();
            o.ContactBoundsOverrides[string.Empty] = HouseholdContactBounds.Default;
            o.TimeZone = null!;
        }));
        var options = provider.GetRequiredService<IOptions<GridGovOptions>>();

        var ex = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Equal(3, ex.Failures.Count());
    }

    [Fact]
    public void Options_Invalid_MakeTheHolderFailToResolve()
    {
        using var provider = Provider(s => s.AddGridGov(o => o.CadreCoveredKinds.Clear()));

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<GridHierarchyHolder>());
    }

    [Fact]
    public void AddGridGov_NullServices_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => GridGovServiceCollectionExtensions.AddGridGov(null!));
    }

    [Fact]
    public void AddGridGov_ReturnsABuilderOverTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddGridGov();

        Assert.Same(services, builder.Services);
    }
}
