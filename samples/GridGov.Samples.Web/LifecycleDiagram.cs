using System.Diagnostics;
using GridGov.Sdk.Issues;

namespace GridGov.Samples.Web;

/// <summary>
/// The problem lifecycle drawn from the definition itself: DOT rendered to SVG by Graphviz's <c>dot</c> when it
/// is installed, else the Mermaid text. Rendered once and kept.
/// </summary>
internal sealed class LifecycleDiagram
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LifecycleView? _rendered;

    public async Task<LifecycleView> RenderAsync(IssueWorkflow workflow)
    {
        if (_rendered is { } done)
        {
            return done;
        }

        await _gate.WaitAsync();
        try
        {
            return _rendered ??= await TryDotAsync(workflow.ToDotGraph()) is { } svg
                ? new LifecycleView("svg", svg)
                : new LifecycleView("mermaid", workflow.ToMermaidGraph());
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<string?> TryDotAsync(string dot)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dot", "-Tsvg")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(dot);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var svg = await output;
            await errors;
            if (process.ExitCode != 0)
            {
                return null;
            }

            // Keep only the <svg> element: the XML prolog and DOCTYPE cannot sit inside an HTML page.
            var startAt = svg.IndexOf("<svg", StringComparison.Ordinal);
            return startAt < 0 ? null : svg[startAt..];
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException or IOException)
        {
            return null; // Graphviz is not installed (or hung): the page shows the Mermaid text instead.
        }
    }
}
