using System.Globalization;
using GridGov.Samples.Hooks;

// The hooks sample: how an integrator extends GridGov.Sdk without forking it.
//   (a) an SMS-style notification after the commit (SmsNotificationHook),
//   (b) an extra approval guard before closing a big-budget problem (CloseApprovalGuard),
//   (c) a custom five-haves rule set registered through DI (SixHaves).
// Everything runs in memory on a fixed clock, so the output is the same on every run.
// Exits non-zero if anything did not happen as the story says.
Console.OutputEncoding = System.Text.Encoding.UTF8;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var outcome = await HooksSample.RunAsync(Console.Out);
foreach (var failure in outcome.Failures)
{
    Console.Error.WriteLine("FAILED: " + failure);
}

return outcome.Failures.Count == 0 ? 0 : 1;
