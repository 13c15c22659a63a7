using GridGov.Sdk.Interop.Open311;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Open311 GeoReport v2 mapping to GridGov.Sdk.</summary>
public static class Open311GridGovBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="Open311Gateway"/>, validated <see cref="Open311Options"/> and, unless one is registered,
    /// the default <see cref="IOpen311PersonalDataVault"/>, which keeps nothing. Calling it twice is harmless.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGridGov</c>.</param>
    /// <param name="configure">Sets the api_keys, jurisdiction and service names; optional.</param>
    /// <returns>The GridGovBuilder so that additional calls can be chained.</returns>
    public static GridGovBuilder AddOpen311(this GridGovBuilder builder, Action<Open311Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<Open311Options>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Open311Options>, Open311OptionsValidator>());
        builder.Services.TryAddSingleton<IOpen311PersonalDataVault, DiscardingOpen311PersonalDataVault>();
        builder.Services.TryAddSingleton<Open311Gateway>();
        return builder;
    }

    private sealed class Open311OptionsValidator : IValidateOptions<Open311Options>
    {
        public ValidateOptionsResult Validate(string? name, Open311Options options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
