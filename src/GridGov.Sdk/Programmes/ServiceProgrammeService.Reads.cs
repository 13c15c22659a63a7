using GridGov.Sdk.Access;

namespace GridGov.Sdk.Programmes;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class ServiceProgrammeService
{
    /// <summary>Gets a programme for an actor, who must see its district (<see cref="DistrictScope"/>).</summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The programme.</returns>
    /// <exception cref="Workflows.WorkflowAggregateNotFoundException">There is no such programme.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ServiceProgramme> GetAsync(string programmeId, Actor actor, CancellationToken cancellationToken = default)
        => await _runner.GetForAsync(programmeId, actor, cancellationToken).ConfigureAwait(false);

    /// <summary>The programme's balance and days of funding left, for an actor who must see its district.</summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The forecast.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ProgrammeForecast> ForecastAsync(string programmeId, Actor actor, CancellationToken cancellationToken = default)
    {
        var programme = await GetAsync(programmeId, actor, cancellationToken).ConfigureAwait(false);
        return programme.Forecast(Today(_runner.Clock.GetCurrentInstant()), _options.FundingWarningDays);
    }
}
