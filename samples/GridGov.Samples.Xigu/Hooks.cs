using GridGov.Sdk.Issues;
using GridGov.Sdk.Workflows;

namespace GridGov.Samples.Xigu;

/// <summary>
/// A district rule added without forking the SDK: facilities work (设施建设) is resolved only with
/// photo or document evidence. Vetoes before the commit, so a refused resolution changes nothing.
/// </summary>
internal sealed class FacilitiesEvidenceHook : IIssueHook
{
    public ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
    {
        if (context.Command is ResolveIssue { Evidence.Count: 0 } && context.Before?.Category == "facilities")
        {
            context.Veto("xigu.evidence-required", "设施类问题办结须上传照片或验收材料 (facilities work needs evidence).");
        }

        return next();
    }
}

/// <summary>
/// Pushes every committed change of a hotline-sourced issue back to the 12345 platform (here: counts
/// them). Runs after the commit, so the platform never hears of a change that did not happen.
/// </summary>
internal sealed class Hotline12345Bridge : IIssueHook
{
    private int _pushed;

    public int Pushed => Volatile.Read(ref _pushed);

    public async ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
    {
        if (context.Before is null)
        {
            context.Annotations["xigu.channel"] = context.Event is IssueReported { Source: IssueSource.Hotline12345 } ? "12345" : "grid";
        }

        await next();
        if (context.IsCommitted && context.After?.Source == IssueSource.Hotline12345)
        {
            Interlocked.Increment(ref _pushed);
        }
    }
}
