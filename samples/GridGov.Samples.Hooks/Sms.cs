using GridGov.Sdk.Access;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;

namespace GridGov.Samples.Hooks;

/// <summary>
/// The seam to an SMS provider (短信平台). The SDK knows nothing about SMS: the integrator defines the interface it
/// needs, and the sample fakes it (<see cref="FakeSmsGateway"/>). A real one would call the provider's HTTP API.
/// </summary>
internal interface ISmsGateway
{
    /// <summary>Sends one message. Sending the same <see cref="SmsMessage.DeduplicationKey"/> twice sends it once.</summary>
    ValueTask SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>One text message. <see cref="PhoneNumber"/> masks itself, so printing the record never shows the number.</summary>
/// <param name="DeduplicationKey">Stable per event (issue id and stream version): a retried send is not sent twice.</param>
/// <param name="To">The resident's phone.</param>
/// <param name="Text">The message (Chinese: it goes to a resident).</param>
internal sealed record SmsMessage(string DeduplicationKey, PhoneNumber To, string Text);

/// <summary>Stands in for the provider: keeps what was "sent", once per deduplication key, in order.</summary>
internal sealed class FakeSmsGateway : ISmsGateway
{
    private readonly Lock _lock = new();
    private readonly List<SmsMessage> _sent = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// <summary>Gets the messages sent so far.</summary>
    public IReadOnlyList<SmsMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public ValueTask SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_keys.Add(message.DeduplicationKey))
            {
                _sent.Add(message);
            }
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// (a) Notification AFTER the commit: texts the resident when their problem is registered and when it is closed.
/// </summary>
/// <remarks>
/// <para>The pattern: do nothing before <c>await next()</c>; once it returns, the event is durable
/// (<see cref="TransitionContext.IsCommitted"/>), so the resident never hears of a change that did not happen. If a
/// hook further in vetoes, or the store refuses, <c>next()</c> throws and no message goes out.</para>
/// <para>Idempotency: a command repeated with the same idempotency key commits nothing, so the code after
/// <c>await next()</c> never runs for it; and each message carries a key made of the issue id and the event's
/// version, so a retried send (say after a timeout) is not delivered twice.</para>
/// <para>A failure here (the provider is down) cannot undo the commit: the SDK logs it and the command still
/// succeeds. Hooks are singletons called concurrently: this one keeps no state of its own.</para>
/// <para>Personal data: the phone number is in the command when the problem is reported (the SDK then moves it to
/// the personal-data vault; events carry only a reference). At closing time the hook reads it back from the vault
/// with <see cref="IPersonalDataVault.RevealAsync"/>, which needs a permission and is recorded with its purpose.
/// Log lines interpolate <see cref="PhoneNumber"/> itself, which prints 138****5678; only the gateway gets
/// <see cref="PhoneNumber.Reveal"/>.</para>
/// </remarks>
internal sealed class SmsNotificationHook(ISmsGateway gateway, IEventStore store, IPersonalDataVault vault, IntegrationLog log) : IIssueHook
{
    /// <summary>The SMS platform as an actor: a system with a role the district allowed to read phone numbers.</summary>
    public static readonly Actor SmsPlatform = new("sms-platform", "短信平台 (SMS platform)")
    {
        Kind = ActorKind.System,
        Roles = ActorRoles.SystemIntegration,
        Scopes = [AccessScope.Everywhere],
    };

    public async ValueTask InvokeAsync(IssueTransitionContext context, TransitionDelegate next)
    {
        await next();   // the commit (and every hook registered after this one) happens in here

        var issue = context.After!;   // set once committed
        switch (context.Event)
        {
            case IssueReported when context.Command is ReportIssue { ReporterContact.Phone: { IsEmpty: false } phone }:
                await SendAsync(issue, phone, $"【西固区网格】您反映的“{issue.Title}”已登记受理，编号{issue.Id}。", context.CancellationToken);
                break;
            case IssueClosed when await ReporterPhoneAsync(issue, context.CancellationToken) is { } phone:
                await SendAsync(issue, phone, $"【西固区网格】您反映的“{issue.Title}”已办结，欢迎评价。", context.CancellationToken);
                break;
        }
    }

    private async ValueTask SendAsync(Issue issue, PhoneNumber phone, string text, CancellationToken cancellationToken)
    {
        var message = new SmsMessage($"{issue.Id}/{issue.Version}", phone, text);
        await gateway.SendAsync(message, cancellationToken);
        log.Write($"sms → {phone} ({message.DeduplicationKey}): {text}");   // {phone} prints masked: 138****5678
    }

    /// <summary>The reporter's phone, from the vault (recorded reveal); null when none was given or it was erased.</summary>
    private async ValueTask<PhoneNumber?> ReporterPhoneAsync(Issue issue, CancellationToken cancellationToken)
    {
        var stream = await store.ReadStreamAsync(issue.Id.StreamId, cancellationToken);
        if (stream is not [{ Payload: IssueReported { ReporterContact: { } reference } }, ..])
        {
            return null;
        }

        try
        {
            var contact = await vault.RevealAsync(reference, SmsPlatform, $"办结短信通知 (closing SMS) {issue.Id}", cancellationToken);
            return contact.Phone is { IsEmpty: false } phone ? phone : null;
        }
        catch (PersonalDataErasedException)
        {
            log.Write($"sms skipped for {issue.Id}: the resident's contact data was erased on request");
            return null;
        }
    }
}

/// <summary>The integration's log: here the console, in production an ILogger. Never hand it unmasked personal data.</summary>
internal sealed class IntegrationLog(TextWriter output)
{
    private readonly Lock _lock = new();

    public void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine("  [log] " + line);
        }
    }
}
