namespace GridGov.Sdk.Access;

/// <summary>The changes <c>ConfigureAccess</c> makes to <see cref="AccessPolicy.Default"/>, applied in order when the policy is first resolved.</summary>
internal sealed class AccessPolicyOptions
{
    public List<Action<AccessPolicyBuilder>> Changes { get; } = [];

    public AccessPolicy Build()
    {
        var builder = AccessPolicy.Default.ToBuilder();
        foreach (var change in Changes)
        {
            change(builder);
        }

        return builder.Build();
    }
}
