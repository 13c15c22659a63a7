using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// The convenience cabinet's statistics and lists, projected from the event log: loans by community and
/// window, the overdue list, the most borrowed items, each borrower's open loans. The service keeps it up to
/// date with every commit; <see cref="RebuildAsync"/> builds the same from the global log.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CabinetReadModel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ItemRow> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _openLoans = new(StringComparer.Ordinal);
    private readonly List<LoanRow> _loans = [];

    /// <summary>Builds a read model from every event of the store's global log.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The read model.</returns>
    public static async Task<CabinetReadModel> RebuildAsync(IEventStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var model = new CabinetReadModel();
        await foreach (var recorded in store.ReadAllAsync(1, cancellationToken).ConfigureAwait(false))
        {
            model.Apply(recorded);
        }

        return model;
    }

    /// <summary>Applies one recorded event; events of other streams and stream versions seen already are ignored.</summary>
    /// <param name="recorded">The event.</param>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Payload is not CabinetItemEvent evt)
        {
            return;
        }

        lock (_gate)
        {
            // Streams are applied in their own order; a version seen already is a repeat (live, then a catch-up).
            if (evt is CabinetItemDonated donated)
            {
                _items.TryAdd(evt.ItemId, new ItemRow(donated.CommunityCode, donated.Name) { Version = recorded.StreamVersion });
                return;
            }

            if (!_items.TryGetValue(evt.ItemId, out var row) || recorded.StreamVersion <= row.Version)
            {
                return;
            }

            row.Version = recorded.StreamVersion;
            row.State = evt.To;
            switch (evt)
            {
                case CabinetItemLent lent:
                    row.BorrowerId = lent.BorrowerId;
                    row.DueOn = lent.DueOn;
                    _openLoans[lent.BorrowerId] = checked(_openLoans.GetValueOrDefault(lent.BorrowerId) + 1);
                    _loans.Add(new LoanRow(evt.ItemId, row.CommunityCode, lent.BorrowerId, recorded.Metadata.At));
                    break;
                case CabinetLoanRenewed renewed:
                    row.DueOn = renewed.DueOn;
                    break;
                case CabinetItemReturned or CabinetItemLost or CabinetItemDamaged when row.BorrowerId is { } borrower:
                    _openLoans[borrower] = _openLoans[borrower] - 1;
                    row.BorrowerId = null;
                    row.DueOn = null;
                    break;
            }
        }
    }

    /// <summary>How many items a borrower holds now (lent or overdue).</summary>
    /// <param name="borrowerId">The borrower's actor id.</param>
    /// <returns>The count.</returns>
    public int OpenLoansOf(string borrowerId)
    {
        ArgumentNullException.ThrowIfNull(borrowerId);
        lock (_gate)
        {
            return _openLoans.GetValueOrDefault(borrowerId);
        }
    }

    /// <summary>
    /// The overdue list: loans whose due date is before <paramref name="today"/>, marked by the sweep or not yet,
    /// optionally within a subtree, earliest due first.
    /// </summary>
    /// <param name="today">Today's local date.</param>
    /// <param name="hierarchy">The hierarchy, to restrict to a subtree; optional.</param>
    /// <param name="subtreeCode">The subtree's root; null for everywhere.</param>
    /// <returns>The overdue loans.</returns>
    public IReadOnlyList<CabinetLoanView> Overdue(LocalDate today, GridHierarchy? hierarchy = null, string? subtreeCode = null)
    {
        lock (_gate)
        {
            return [.. _items
                .Where(p => p.Value.BorrowerId is not null && p.Value.DueOn < today && Within(hierarchy, subtreeCode, p.Value.CommunityCode))
                .Select(p => new CabinetLoanView(p.Key, p.Value.Name, p.Value.CommunityCode, p.Value.BorrowerId!, p.Value.DueOn!.Value, p.Value.State == CabinetItemState.Overdue))
                .OrderBy(v => v.DueOn)
                .ThenBy(v => v.ItemId, StringComparer.Ordinal)];
        }
    }

    /// <summary>Counts loans begun within a window, by the community whose cabinet lent them.</summary>
    /// <param name="window">The window (half-open).</param>
    /// <returns>Community code → loans, only communities that lent something.</returns>
    public IReadOnlyDictionary<string, int> LoansByCommunity(Interval window)
    {
        lock (_gate)
        {
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var loan in _loans)
            {
                if (window.Contains(loan.At))
                {
                    counts[loan.CommunityCode] = checked(counts.GetValueOrDefault(loan.CommunityCode) + 1);
                }
            }

            return counts;
        }
    }

    /// <summary>The most borrowed items within a window: most loans first, then by id.</summary>
    /// <param name="window">The window (half-open).</param>
    /// <param name="count">How many to list.</param>
    /// <returns>The items and their loans in the window.</returns>
    public IReadOnlyList<CabinetItemUsage> MostBorrowed(Interval window, int count = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            return [.. _loans
                .Where(l => window.Contains(l.At))
                .GroupBy(l => l.ItemId, StringComparer.Ordinal)
                .Select(g => new CabinetItemUsage(g.Key, _items[g.Key].Name, _items[g.Key].CommunityCode, g.Count()))
                .OrderByDescending(u => u.Loans)
                .ThenBy(u => u.ItemId, StringComparer.Ordinal)
                .Take(count)];
        }
    }

    /// <summary>How many items are in each state now.</summary>
    /// <returns>State → items, every state listed.</returns>
    public IReadOnlyDictionary<CabinetItemState, int> ItemsByState()
    {
        lock (_gate)
        {
            var counts = Enum.GetValues<CabinetItemState>().ToDictionary(s => s, _ => 0);
            foreach (var row in _items.Values)
            {
                counts[row.State]++;
            }

            return counts;
        }
    }

    private static bool Within(GridHierarchy? hierarchy, string? subtreeCode, string place)
        => subtreeCode is null
           || (hierarchy is not null && hierarchy.TryGetNode(subtreeCode, out var top) && hierarchy.TryGetNode(place, out var node) && top.IsAncestorOrSelfOf(node));

    private sealed class ItemRow(string communityCode, string name)
    {
        public string CommunityCode { get; } = communityCode;

        public string Name { get; } = name;

        public CabinetItemState State { get; set; } = CabinetItemState.Available;

        public string? BorrowerId { get; set; }

        public LocalDate? DueOn { get; set; }

        public long Version { get; set; }
    }

    private sealed record LoanRow(string ItemId, string CommunityCode, string BorrowerId, Instant At);
}

/// <summary>A loan on the overdue list. The borrower is named by actor id only; their name and phone stay in the vault.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="ItemName">What it is.</param>
/// <param name="CommunityCode">The cabinet's community.</param>
/// <param name="BorrowerId">The borrower's actor id.</param>
/// <param name="DueOn">The due date that passed.</param>
/// <param name="Marked">Whether the sweep has marked it overdue already.</param>
public sealed record CabinetLoanView(string ItemId, string ItemName, string CommunityCode, string BorrowerId, LocalDate DueOn, bool Marked);

/// <summary>How often an item was lent in a window.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="ItemName">What it is.</param>
/// <param name="CommunityCode">The cabinet's community.</param>
/// <param name="Loans">Loans begun in the window.</param>
public sealed record CabinetItemUsage(string ItemId, string ItemName, string CommunityCode, int Loans);
