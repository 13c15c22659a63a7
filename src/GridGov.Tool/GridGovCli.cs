using GridGov.Sdk.Lists;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Sharing;
using GridGov.Sdk.Wishes;
using GridGov.Sdk.Programmes;
using GridGov.Sdk.Committees;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GridGov.Sdk;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.PostgreSql;
using GridGov.Sdk.Sqlite;
using GridGov.Sdk.Storage;
using NodaTime;
using NodaTime.Text;

namespace GridGov.Tool;

/// <summary>
/// The <c>gridgov</c> command line: grid hierarchies (validate, convert), stores (verify), lifecycle diagrams
/// and indicator reports. Exit codes: 0 done, 1 the check found problems (an invalid hierarchy, a tampered
/// log), 2 the command could not run (bad arguments, missing file, unreachable server).
/// </summary>
internal static class GridGovCli
{
    /// <summary>Exit code: done, nothing found.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the check ran and found problems.</summary>
    public const int Findings = 1;

    /// <summary>Exit code: the command could not run.</summary>
    public const int Failed = 2;

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where problems and progress go.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("gridgov — GridGov.Sdk on the command line: grid hierarchies, stores, diagrams, reports.");
        root.Subcommands.Add(GridCommand(output));
        root.Subcommands.Add(StoreCommand(output, error));
        root.Subcommands.Add(DiagramCommand(output));
        root.Subcommands.Add(ReportCommand(output, error));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                await error.WriteLineAsync($"gridgov: {e.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'gridgov --help' for usage.").ConfigureAwait(false);
            return Failed;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (GridValidationException ex)
        {
            await error.WriteLineAsync($"gridgov: {ex.Code}: {ex.Problems.Count} problem(s)").ConfigureAwait(false);
            foreach (var problem in ex.Problems)
            {
                await error.WriteLineAsync($"  {problem}").ConfigureAwait(false);
            }

            return Findings;
        }
        catch (GridGovException ex)
        {
            await error.WriteLineAsync($"gridgov: {ex.Code}: {ex.Message}").ConfigureAwait(false);
            return Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ArgumentException or Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"gridgov: {ex.Message}").ConfigureAwait(false);
            return Failed;
        }
    }

    private static Command GridCommand(TextWriter output)
    {
        var grid = new Command("grid", "Grid hierarchies: validate, convert between CSV and JSON.");

        var file = new Argument<FileInfo>("file") { Description = "A hierarchy as .csv or .json." };
        var validate = new Command("validate", "Reads a hierarchy and lists every problem with its code and line; exit 1 when there is any.") { file };
        validate.SetAction(async (parse, ct) =>
        {
            var hierarchy = await ReadHierarchyAsync(parse.GetRequiredValue(file), ct).ConfigureAwait(false);
            await output.WriteLineAsync(Summary(hierarchy)).ConfigureAwait(false);
            return Ok;
        });

        var input = new Argument<FileInfo>("input") { Description = "The hierarchy to read (.csv or .json)." };
        var target = new Argument<FileInfo>("output") { Description = "Where to write it (.csv or .json); the extension picks the format." };
        var convert = new Command("convert", "Reads, validates and writes a hierarchy in the other format (exact round trip).") { input, target };
        convert.SetAction(async (parse, ct) =>
        {
            var hierarchy = await ReadHierarchyAsync(parse.GetRequiredValue(input), ct).ConfigureAwait(false);
            var to = parse.GetRequiredValue(target);
            var format = FormatOf(to);
            await using (var stream = new FileStream(to.FullName, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (format == ".json")
                {
                    GridHierarchyJson.Write(hierarchy, stream);
                }
                else
                {
                    await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
                    GridHierarchyCsv.Write(hierarchy, writer);
                }
            }

            await output.WriteLineAsync($"{Summary(hierarchy)} → {to.FullName}").ConfigureAwait(false);
            return Ok;
        });

        grid.Subcommands.Add(validate);
        grid.Subcommands.Add(convert);
        return grid;
    }

    private static Command StoreCommand(TextWriter output, TextWriter error)
    {
        var store = new Command("store", "Event stores: verify the tamper-evident log.");
        var sqlite = SqliteOption();
        var postgres = PostgresOption();
        var verify = new Command("verify", "Recomputes every hash chain and names the first altered, deleted, inserted or reordered event; exit 1 when the log was tampered with.") { sqlite, postgres };
        verify.SetAction(async (parse, ct) =>
        {
            await using var opened = OpenStore(parse.GetValue(sqlite), parse.GetValue(postgres));
            var verification = await WithProgressAsync(error, "verifying", () => opened.Store.VerifyAsync(ct).AsTask(), ct).ConfigureAwait(false);
            if (verification.IsIntact)
            {
                await output.WriteLineAsync($"intact: {verification.EventsChecked.ToString("N0", CultureInfo.InvariantCulture)} events, every hash chain holds.").ConfigureAwait(false);
                return Ok;
            }

            await output.WriteLineAsync($"TAMPERED: {verification.Fault} at position {verification.FirstFaultPosition}: {verification.Message}").ConfigureAwait(false);
            return Findings;
        });
        store.Subcommands.Add(verify);
        return store;
    }

    private static Command DiagramCommand(TextWriter output)
    {
        var diagram = new Command("diagram", "Prints a lifecycle diagram, generated from the Stateless definition itself.");
        var format = new Option<string>("--format") { Description = "dot (Graphviz) or mermaid.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("dot", "mermaid");
        var issues = new Command("issues", "The problem lifecycle (问题全周期).") { format };
        issues.SetAction(async parse =>
        {
            var workflow = new IssueWorkflow();
            await output.WriteLineAsync(parse.GetValue(format) == "dot" ? workflow.ToDotGraph() : workflow.ToMermaidGraph()).ConfigureAwait(false);
            return Ok;
        });
        diagram.Subcommands.Add(issues);
        var meetings = new MeetingWorkflow();
        foreach (var (name, description, dot, mermaid) in new (string, string, Func<string>, Func<string>)[]
        {
            ("meetings", "The consultation-meeting lifecycle (协商议事).", meetings.ToDotGraph, meetings.ToMermaidGraph),
            ("wishes", "The small-wish lifecycle (小微心愿).", WishWorkflow.ToDotGraph, WishWorkflow.ToMermaidGraph),
            ("projects", "The project lifecycle of the three lists (项目清单).", ListWorkflows.Project.ToDotGraph, ListWorkflows.Project.ToMermaidGraph),
            ("mediation", "The mediation-case lifecycle (调解).", MediationWorkflow.ToDotGraph, MediationWorkflow.ToMermaidGraph),
            ("cabinet", "The convenience cabinet's loan lifecycle (便民共享服务柜).", CabinetLoanLifecycle.ToDotGraph, CabinetLoanLifecycle.ToMermaidGraph),
            ("programmes", "The service-programme lifecycle (阳光早餐-style).", ServiceProgrammeService.Definition.ToDotGraph, ServiceProgrammeService.Definition.ToMermaidGraph),
        })
        {
            var command = new Command(name, description) { format };
            command.SetAction(async parse =>
            {
                await output.WriteLineAsync(parse.GetValue(format) == "dot" ? dot() : mermaid()).ConfigureAwait(false);
                return Ok;
            });
            diagram.Subcommands.Add(command);
        }

        return diagram;
    }

    private static Command ReportCommand(TextWriter output, TextWriter error)
    {
        var report = new Command("report", "Reports computed from a store's log.");
        var sqlite = SqliteOption();
        var postgres = PostgresOption();
        var hierarchyFile = new Option<FileInfo?>("--hierarchy") { Description = "The grid hierarchy (.csv or .json) the issues refer to; by default the one recorded in the store's grid-hierarchy stream." };
        var subtree = new Option<string?>("--subtree") { Description = "The node to report on (its children get a row each); the root by default." };
        var from = new Option<string?>("--from") { Description = "First local date of the window (yyyy-MM-dd); the beginning of the log by default." };
        var to = new Option<string?>("--to") { Description = "Last local date of the window (yyyy-MM-dd), inclusive; today by default." };
        var zone = new Option<string>("--zone") { Description = "The time zone of the dates.", DefaultValueFactory = _ => "Asia/Shanghai" };
        var issues = new Command("issues", "Indicators of the problem lifecycle (结案率, 按期结案率, 满意率…) for a subtree and its children.") { sqlite, postgres, hierarchyFile, subtree, from, to, zone };
        issues.SetAction(async (parse, ct) =>
        {
            await using var opened = OpenStore(parse.GetValue(sqlite), parse.GetValue(postgres));
            var hierarchy = parse.GetValue(hierarchyFile) is { } file
                ? await ReadHierarchyAsync(file, ct).ConfigureAwait(false)
                : await StoredHierarchyAsync(opened.Store, ct).ConfigureAwait(false);
            var tz = DateTimeZoneProviders.Tzdb.GetZoneOrNull(parse.GetRequiredValue(zone)) ?? throw new ArgumentException($"Unknown time zone '{parse.GetValue(zone)}'.");
            var start = parse.GetValue(from) is { } f ? ParseDate(f).AtStartOfDayInZone(tz).ToInstant() : Instant.MinValue;
            var end = parse.GetValue(to) is { } t ? ParseDate(t).PlusDays(1).AtStartOfDayInZone(tz).ToInstant() : SystemClock.Instance.GetCurrentInstant();
            if (end <= start)
            {
                throw new ArgumentException("--to must not be before --from.");
            }

            var node = parse.GetValue(subtree) is { } code ? hierarchy[code] : hierarchy.Root;
            var model = new IssueReadModel();
            await WithProgressAsync(error, "replaying the log", async () => { await model.ReplayAsync(opened.Store, ct).ConfigureAwait(false); return model.Count; }, ct).ConfigureAwait(false);
            var window = new Interval(start, end);
            await output.WriteLineAsync($"{model.Count.ToString("N0", CultureInfo.InvariantCulture)} issues in the log; window {Describe(window, tz)}").ConfigureAwait(false);
            await output.WriteLineAsync("| node | found | claimed | resolved | close rate | on-time close | rework | satisfaction |").ConfigureAwait(false);
            await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|").ConfigureAwait(false);
            foreach (var row in node.Children.Prepend(node))
            {
                var i = model.Compute(hierarchy, row.Code, window);
                var name = row == node ? $"**{row.Name}** ({row.Code})" : $"{row.Name} ({row.Code})";
                await output.WriteLineAsync($"| {name} | {i.Found} | {i.Claimed} | {i.Resolved} | {Percent(i.CloseRate)} | {Percent(i.OnTimeCloseRate)} | {Percent(i.ReworkRate)} | {Percent(i.SatisfactionRate)} |").ConfigureAwait(false);
            }

            return Ok;
        });
        report.Subcommands.Add(issues);

        var asOf = new Option<string?>("--date") { Description = "The local date the committees are evaluated on (yyyy-MM-dd); today by default." };
        var committees = new Command("committees", "Five-haves compliance (五有) of the committees of a subtree: the rate per child node and each committee's unmet rules.") { sqlite, postgres, hierarchyFile, subtree, asOf, zone };
        committees.SetAction(async (parse, ct) =>
        {
            await using var opened = OpenStore(parse.GetValue(sqlite), parse.GetValue(postgres));
            var hierarchy = parse.GetValue(hierarchyFile) is { } file
                ? await ReadHierarchyAsync(file, ct).ConfigureAwait(false)
                : await StoredHierarchyAsync(opened.Store, ct).ConfigureAwait(false);
            var tz = DateTimeZoneProviders.Tzdb.GetZoneOrNull(parse.GetRequiredValue(zone)) ?? throw new ArgumentException($"Unknown time zone '{parse.GetValue(zone)}'.");
            var date = parse.GetValue(asOf) is { } d ? ParseDate(d) : SystemClock.Instance.GetCurrentInstant().InZone(tz).Date;
            var node = parse.GetValue(subtree) is { } code ? hierarchy[code] : hierarchy.Root;
            var model = new CommitteeReadModel(Microsoft.Extensions.Options.Options.Create(new CommitteeOptions()));
            await WithProgressAsync(error, "replaying the log", async () => { await model.CatchUpAsync(opened.Store, ct).ConfigureAwait(false); return model.Committees().Count; }, ct).ConfigureAwait(false);
            var compliance = model.Compliance(hierarchy, node.Code, date);
            await output.WriteLineAsync($"{compliance.Committees.Count.ToString("N0", CultureInfo.InvariantCulture)} committees under {node.Name} ({node.Code}) on {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; compliant {Percent(compliance.Overall)}").ConfigureAwait(false);
            await output.WriteLineAsync("| node | compliant | committees | rate |").ConfigureAwait(false);
            await output.WriteLineAsync("|---|---:|---:|---:|").ConfigureAwait(false);
            foreach (var row in node.Children.Prepend(node))
            {
                var rate = compliance.RateAt(row);
                var name = row == node ? $"**{row.Name}** ({row.Code})" : $"{row.Name} ({row.Code})";
                await output.WriteLineAsync($"| {name} | {rate.Numerator} | {rate.Denominator} | {Percent(rate)} |").ConfigureAwait(false);
            }

            foreach (var line in compliance.Committees.Where(c => !c.MeetsStandard))
            {
                await output.WriteLineAsync($"- {line.Name} ({line.UnitCode}): misses {string.Join(", ", line.UnmetRules)}").ConfigureAwait(false);
            }

            return Ok;
        });
        report.Subcommands.Add(committees);
        return report;
    }

    private static Option<FileInfo?> SqliteOption() => new("--sqlite") { Description = "A GridGov.Sdk SQLite store file (it must exist)." };

    private static Option<string?> PostgresOption() => new("--postgres") { Description = "A PostgreSQL connection string of a GridGov.Sdk store." };

    private static OpenedStore OpenStore(FileInfo? sqlite, string? postgres)
    {
        if ((sqlite is null) == (postgres is null))
        {
            throw new ArgumentException("Name exactly one store: --sqlite FILE or --postgres CONNECTION-STRING.");
        }

        if (sqlite is not null)
        {
            if (!sqlite.Exists)
            {
                throw new FileNotFoundException($"No store file at '{sqlite.FullName}'.", sqlite.FullName);
            }

            return new OpenedStore(new SqliteEventStore(sqlite.FullName));
        }

        return new OpenedStore(new PostgreSqlEventStore(new PostgreSqlEventStoreOptions { ConnectionString = postgres! }));
    }

    private static async Task<GridHierarchy> ReadHierarchyAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var format = FormatOf(file);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"No hierarchy file at '{file.FullName}'.", file.FullName);
        }

        if (format == ".json")
        {
            await using var stream = file.OpenRead();
            return GridHierarchyJson.Read(stream);
        }

        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        return GridHierarchyCsv.Parse(text);
    }

    private static async Task<GridHierarchy> StoredHierarchyAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var holder = new GridHierarchyHolder(SystemClock.Instance, Microsoft.Extensions.Options.Options.Create(new GridGovOptions()), store);
        return await holder.LoadFromStoreAsync(cancellationToken).ConfigureAwait(false)
            ? holder.Current
            : throw new ArgumentException($"The store has no grid hierarchy (its '{GridHierarchyHolder.StreamId}' stream is empty); pass --hierarchy FILE.");
    }

    private static string FormatOf(FileInfo file)
    {
        var extension = file.Extension.ToLowerInvariant();
        return extension is ".csv" or ".json" ? extension : throw new ArgumentException($"'{file.Name}': use a .csv or .json file.");
    }

    private static string Summary(GridHierarchy hierarchy)
    {
        var kinds = hierarchy.Root.Subtree().GroupBy(n => n.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count().ToString("N0", CultureInfo.InvariantCulture)}");
        return $"valid: {hierarchy.Count.ToString("N0", CultureInfo.InvariantCulture)} nodes under {hierarchy.Root.Name} ({hierarchy.Root.Code}); {string.Join(", ", kinds)}";
    }

    private static LocalDate ParseDate(string text)
        => LocalDatePattern.Iso.Parse(text) is { Success: true } r ? r.Value : throw new FormatException($"'{text}' is not a date (yyyy-MM-dd).");

    private static string Describe(Interval window, DateTimeZone zone)
    {
        static string At(Instant i, DateTimeZone z) => i == Instant.MinValue ? "the beginning" : i.InZone(z).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{At(window.Start, zone)} – {At(window.End, zone)} ({zone.Id})";
    }

    private static string Percent(IndicatorRate rate) => rate.Percent is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary>Runs a long operation, telling on <paramref name="error"/> every two seconds that it is still going.</summary>
    private static async Task<T> WithProgressAsync<T>(TextWriter error, string what, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var work = operation();
        while (await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken)).ConfigureAwait(false) != work)
        {
            await error.WriteLineAsync($"gridgov: {what}… {watch.Elapsed.TotalSeconds:F0} s").ConfigureAwait(false);
        }

        return await work.ConfigureAwait(false);
    }

    private sealed class OpenedStore(IEventStore store) : IAsyncDisposable
    {
        public IEventStore Store { get; } = store;

        public async ValueTask DisposeAsync()
        {
            switch (Store)
            {
                case IAsyncDisposable d:
                    await d.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }
    }
}
