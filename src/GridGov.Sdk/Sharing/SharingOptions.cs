namespace GridGov.Sdk.Sharing;

/// <summary>
/// The rules of the convenience cabinet (便民共享服务柜) and of venue booking that a district may change
/// (through <c>AddGridGov().ConfigureSharing(...)</c>).
/// </summary>
/// <remarks>A plain options class; not thread-safe while being configured, read-only afterwards.</remarks>
public sealed class SharingOptions
{
    /// <summary>Gets or sets the loan period a due date defaults to and a renewal adds, in days.</summary>
    /// <value>The default value is 14.</value>
    public int LoanPeriodDays { get; set; } = 14;

    /// <summary>Gets or sets the longest loan that may be agreed at once, in days from the day of lending.</summary>
    /// <value>The default value is 60.</value>
    public int MaxLoanDays { get; set; } = 60;

    /// <summary>Gets or sets how many times one loan may be renewed.</summary>
    /// <value>The default value is 2.</value>
    public int MaxRenewals { get; set; } = 2;

    /// <summary>Gets or sets how many items one borrower may hold at once (lent or overdue).</summary>
    /// <value>The default value is 3.</value>
    public int MaxActiveLoansPerBorrower { get; set; } = 3;

    /// <summary>Gets or sets the most occurrences one recurring booking may have.</summary>
    /// <value>The default value is 104 (two years of weekly practice).</value>
    public int MaxOccurrences { get; set; } = 104;

    /// <summary>Lists what is wrong with the settings.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LoanPeriodDays < 1)
        {
            errors.Add("SharingOptions.LoanPeriodDays must be at least 1.");
        }

        if (MaxLoanDays < LoanPeriodDays)
        {
            errors.Add("SharingOptions.MaxLoanDays must be at least LoanPeriodDays.");
        }

        if (MaxRenewals < 0)
        {
            errors.Add("SharingOptions.MaxRenewals must not be negative.");
        }

        if (MaxActiveLoansPerBorrower < 1)
        {
            errors.Add("SharingOptions.MaxActiveLoansPerBorrower must be at least 1.");
        }

        if (MaxOccurrences < 1)
        {
            errors.Add("SharingOptions.MaxOccurrences must be at least 1.");
        }

        return errors;
    }
}
